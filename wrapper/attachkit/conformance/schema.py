"""Where a decoded JSON value differs from an OpenAPI 3.1 schema.

This is not a general JSON Schema validator: it knows the keywords the specs use and it
reports every difference with a kind a person can act on (a field the spec does not know,
a documented field missing, a wrong type or format), where a validator would stop at the
first failure.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

import attrs

__all__ = ["Difference", "SchemaWalker"]

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


@attrs.frozen
class Difference:
    """One way a value differs from its schema. `kind` is one of: unknown-field,
    missing-field (a required one), wrong-type, wrong-format, wrong-value, too-many."""

    kind: str
    where: str
    detail: str


def _type_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _fits(actual: str, expected: str) -> bool:
    return actual == expected or (expected == "number" and actual == "integer")


def _format_problem(value: object, fmt: str) -> str | None:
    """Why `value` is not of format `fmt` (None when it is, or the format is not checked)."""
    if isinstance(value, str):
        try:
            if fmt == "uuid":
                UUID(value)
            elif fmt == "date-time":
                if "T" not in value.upper():
                    return "no time part"
                datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
            elif fmt == "byte":
                base64.b64decode(value, validate=True)
        except (ValueError, binascii.Error):
            return f"not a valid {fmt}"
        return None
    if isinstance(value, int) and not isinstance(value, bool) and fmt in _INT_RANGES:
        low, high = _INT_RANGES[fmt]
        return None if low <= value <= high else f"outside {fmt}"
    return None


class SchemaWalker:
    """Compares values with schemas of one spec (`$ref`s are resolved within it)."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._spec = spec
        self.visited: set[str] = set()
        """Every `$ref` target (a JSON pointer) resolved so far."""

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 32:
            target = schema["$ref"].removeprefix("#")
            self.visited.add(target)
            node: Any = self._spec
            for part in target.removeprefix("/").split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema, seen = node, seen + 1
        return schema

    def differences(
        self, value: object, schema: Mapping[str, Any], where: str = ""
    ) -> list[Difference]:
        return list(self._walk(value, schema, where or "/"))

    def _walk(self, value: object, schema: Mapping[str, Any], where: str) -> Iterator[Difference]:
        schema = self.resolve(schema)
        for alternatives in ("oneOf", "anyOf"):
            if alternatives in schema:
                yield from self._choice(value, schema[alternatives], where)
                return
        if "allOf" in schema:
            schema = self._merged(schema)
        expected = schema.get("type")
        actual = _type_of(value)
        if expected is not None:
            allowed = expected if isinstance(expected, list) else [expected]
            if not any(_fits(actual, kind) for kind in allowed):
                yield Difference(
                    "wrong-type", where, f"{actual}, the spec says {'/'.join(allowed)}"
                )
                return
        if "enum" in schema and value not in schema["enum"]:
            yield Difference("wrong-value", where, f"{value!r} is not one of {schema['enum']}")
        if "format" in schema and (problem := _format_problem(value, schema["format"])):
            yield Difference("wrong-format", where, f"{value!r}: {problem}")
        if (
            isinstance(value, str)
            and "pattern" in schema
            and not re.search(schema["pattern"], value)
        ):
            yield Difference("wrong-format", where, f"{value!r} does not match {schema['pattern']}")
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and "minimum" in schema and value < schema["minimum"]:
            yield Difference("wrong-value", where, f"{value} is below {schema['minimum']}")
        if isinstance(value, dict):
            yield from self._object(value, schema, where)
        elif isinstance(value, list):
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                yield Difference(
                    "too-many", where, f"{len(value)} items, at most {schema['maxItems']}"
                )
            items = schema.get("items")
            if isinstance(items, Mapping):
                for index, item in enumerate(value):
                    yield from self._walk(item, items, f"{where.rstrip('/')}/{index}")

    def _merged(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """One schema from `allOf` parts: their properties and required fields together, so
        a field of one part is not unknown to another."""
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties: dict[str, Any] = dict(merged.get("properties", {}))
        required: list[str] = list(merged.get("required", ()))
        for part in schema["allOf"]:
            part = self.resolve(part)
            if "allOf" in part:
                part = self._merged(part)
            properties.update(part.get("properties", {}))
            required.extend(part.get("required", ()))
            for key, value in part.items():
                if key not in ("properties", "required"):
                    merged.setdefault(key, value)
        merged["properties"], merged["required"] = properties, required
        return merged

    def _object(
        self, value: Mapping[str, Any], schema: Mapping[str, Any], where: str
    ) -> Iterator[Difference]:
        properties: Mapping[str, Any] = schema.get("properties", {})
        base = where.rstrip("/")
        for name in schema.get("required", ()):
            if name not in value:
                yield Difference("missing-field", f"{base}/{name}", "required by the spec")
        extra = schema.get("additionalProperties")
        for name, item in value.items():
            if name in properties:
                yield from self._walk(item, properties[name], f"{base}/{name}")
            elif isinstance(extra, Mapping):
                yield from self._walk(item, extra, f"{base}/{name}")
            elif extra is not True and properties:
                # A field the spec does not describe: harmless to attachkit, but the spec is
                # out of date and the field may be worth mapping.
                yield Difference("unknown-field", f"{base}/{name}", f"{_type_of(item)} value")

    def _choice(
        self, value: object, alternatives: list[Mapping[str, Any]], where: str
    ) -> Iterator[Difference]:
        results = [self.differences(value, option, where) for option in alternatives]
        best = min(results, key=len)
        yield from best
