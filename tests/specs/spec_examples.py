"""Walks the specs for the example bodies attached to their responses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import yaml

SPECS_DIR = Path(__file__).resolve().parents[2] / "specs"


def load_spec(vendor: str) -> dict[str, Any]:
    from tests.support.vendors import specs

    with specs()[vendor].open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


@attrs.frozen
class ResponseExample:
    """One example body with the component schema it claims to follow."""

    vendor: str
    where: str
    schema_name: str | None
    media_type: str
    value: Any
    is_type_template: bool

    @property
    def id(self) -> str:
        return f"{self.vendor}:{self.where}"


def _resolve(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    target: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    resolved: dict[str, Any] = target
    return resolved


def _responses(spec: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                if "$ref" not in response:
                    yield f"{method.upper()} {path} {status}", response
    for name, response in spec.get("components", {}).get("responses", {}).items():
        yield f"components/responses/{name}", response


def response_examples(vendor: str) -> Iterator[ResponseExample]:
    spec = load_spec(vendor)
    for where, response in _responses(spec):
        for media_type, media in response.get("content", {}).items():
            schema_ref = media.get("schema", {}).get("$ref")
            schema_name = schema_ref.rsplit("/", 1)[-1] if schema_ref else None
            for key, example in media.get("examples", {}).items():
                example = _resolve(spec, example)
                yield ResponseExample(
                    vendor=vendor,
                    where=f"{where} {key}",
                    schema_name=schema_name,
                    media_type=media_type,
                    value=example["value"],
                    is_type_template=bool(example.get("x-type-template", False)),
                )


def all_response_examples() -> list[ResponseExample]:
    """Every example of every spec the tests know (built-in and test vendors')."""
    from tests.support.vendors import specs

    return [example for vendor in specs() for example in response_examples(vendor)]
