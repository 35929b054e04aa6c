"""Vendor records as the vendor itself shows them: the examples of the specs, which are the
vendors' own (their docs, SDKs, test fixtures), rather than rows written out by hand in each
test."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from tests.specs.spec_examples import load_spec, response_examples

__all__ = ["documented_record", "documented_records"]


def _resolved(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _named(node: dict[str, Any]) -> str | None:
    ref = node.get("$ref")
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None


def _found(spec: dict[str, Any], schema: dict[str, Any], value: Any, wanted: str) -> list[Any]:
    """The parts of `value` (read as `schema`) that the schema named `wanted` describes."""
    if _named(schema) == wanted:
        return [value]
    schema = _resolved(spec, schema)
    if isinstance(value, list) and "items" in schema:
        return [part for item in value for part in _found(spec, schema["items"], item, wanted)]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        return [
            part
            for name, item in value.items()
            if name in properties
            for part in _found(spec, properties[name], item, wanted)
        ]
    return []


def documented_records(vendor: str, schema: str) -> list[dict[str, Any]]:
    """Every record the spec's response examples show of `schema`, in the spec's order
    (copies: a test may change them)."""
    return copy.deepcopy(_records(vendor, schema))


@cache
def _records(vendor: str, schema: str) -> list[dict[str, Any]]:
    # The spec is read once: hostile and facade tests build records by the thousand.
    spec = load_spec(vendor)
    records: list[dict[str, Any]] = []
    for example in response_examples(vendor):
        if example.schema_name is None or example.is_type_template:
            continue
        top = {"$ref": f"#/components/schemas/{example.schema_name}"}
        records += _found(spec, top, copy.deepcopy(example.value), schema)
    return records


def documented_record(vendor: str, schema: str, **fields: Any) -> dict[str, Any]:
    """The first record of `schema` the vendor's spec shows, with `fields` changed."""
    return {**copy.deepcopy(_records(vendor, schema)[0]), **fields}
