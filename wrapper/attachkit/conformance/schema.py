"""Where a decoded JSON value differs from an OpenAPI 3.1 schema, and which parts of the spec
the value was checked against.

This is not a general JSON Schema validator: it checks every keyword the bundled specs use
(`CHECKED_KEYWORDS`; `ANNOTATIONS` say nothing a value could break, and a test keeps the two
complete for `specs/`), and it reports every difference with a kind a person can act on (a
field the spec does not know, a documented field missing, a wrong type or format), where a
validator would stop at the first failure. Formats are checked as their standards define
them: `date-time` as RFC 3339 (`T`, seconds and an offset required), `uuid` as the
hyphenated 8-4-4-4-12 hex form, `byte` as padded base64, `uri` as an absolute URI, `int32`
and `int64` by range.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

__all__ = [
    "ANNOTATIONS",
    "ANNOTATION_FORMATS",
    "CHECKED_FORMATS",
    "CHECKED_KEYWORDS",
    "Difference",
    "SchemaWalker",
    "escape",
]

CHECKED_KEYWORDS = frozenset(
    {
        "$ref",
        "type",
        "enum",
        "const",
        "format",
        "pattern",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "items",
        "properties",
        "required",
        "additionalProperties",
        "allOf",
        "anyOf",
        "oneOf",
    }
)
ANNOTATIONS = frozenset(
    {"description", "title", "default", "example", "examples", "deprecated", "readOnly"}
    | {"writeOnly", "x-attachkit-assumption"}
)
"""Keywords no value can break (and every `x-` extension)."""
CHECKED_FORMATS = frozenset({"date-time", "uuid", "byte", "uri", "int32", "int64"})
ANNOTATION_FORMATS = frozenset({"password", "binary"})
"""Formats that say how to show or carry a value, not what it may be."""

_INT_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))"
)
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s\x00-\x1f\x7f<>\"{}|\\^`]*")


def escape(part: str) -> str:
    """One JSON pointer segment (`~` and `/` escaped)."""
    return part.replace("~", "~0").replace("/", "~1")


@attrs.frozen
class Difference:
    """One way a value differs from its schema. `kind` is one of: unknown-field,
    missing-field (a required one), wrong-type, wrong-format, wrong-value, too-many,
    too-few. `schemas` are the spec's schema locations (JSON pointers) from the one the
    value was checked against down to where it differs."""

    kind: str
    where: str
    detail: str
    schemas: tuple[str, ...] = attrs.field(default=(), eq=False, repr=False)


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


def _date_time_problem(value: str) -> str | None:
    match = _DATE_TIME.fullmatch(value)
    if match is None:
        return "not an RFC 3339 date-time (date, T, time with seconds, offset)"
    year, month, day, hour, minute, second = (int(match[i]) for i in range(1, 7))
    try:
        # A leap second (60) is valid RFC 3339; datetime cannot hold it.
        datetime(year, month, day, hour, minute, min(second, 59))
    except ValueError:
        return "not a real date and time"
    if second > 60 or (match[9] is not None and (int(match[9]) > 23 or int(match[10]) > 59)):
        return "not a real date and time"
    return None


def _format_problem(value: object, fmt: str) -> str | None:
    """Why `value` is not of format `fmt` (None when it is, or the format does not apply)."""
    if isinstance(value, str):
        if fmt == "date-time":
            return _date_time_problem(value)
        if fmt == "uuid" and not _UUID.fullmatch(value):
            return "not a hyphenated UUID"
        if fmt == "uri" and not _URI.fullmatch(value):
            return "not an absolute URI"
        if fmt == "byte":
            try:
                base64.b64decode(value, validate=True)
            except (ValueError, binascii.Error):
                return "not valid base64"
        return None
    if isinstance(value, int) and not isinstance(value, bool) and fmt in _INT_RANGES:
        low, high = _INT_RANGES[fmt]
        return None if low <= value <= high else f"outside {fmt}"
    return None


@attrs.define
class _Schema:
    """A schema node with where it stands in the spec (after its `$ref`s) and the pointers
    of the `$ref`s that led to it."""

    node: Mapping[str, Any]
    at: str
    chain: tuple[str, ...]


class SchemaWalker:
    """Compares values with schemas of one spec (`$ref`s are resolved within it)."""

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self._spec = spec
        self.visited: set[str] = set()
        """Every schema location a value was checked against, and every property (its
        schema's location) a value had."""

    def resolve(self, node: Mapping[str, Any], at: str = "") -> Mapping[str, Any]:
        return self._resolve(node, at).node

    def resolve_at(self, node: Mapping[str, Any], at: str) -> tuple[Mapping[str, Any], str]:
        """`node` behind its `$ref`s, and its location."""
        resolved = self._resolve(node, at)
        return resolved.node, resolved.at

    def _resolve(self, node: Mapping[str, Any], at: str) -> _Schema:
        chain = [at]
        seen = 0
        while isinstance(node.get("$ref"), str) and seen < 32:
            at = node["$ref"].removeprefix("#")
            target: Any = self._spec
            for part in at.removeprefix("/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node, seen = target, seen + 1
            chain.append(at)
        return _Schema(node, at, tuple(chain))

    def differences(
        self, value: object, schema: Mapping[str, Any], where: str = "", at: str = ""
    ) -> list[Difference]:
        """Every difference of `value` from `schema`, which stands at `at` in the spec."""
        seen: set[str] = set()
        found = list(self._walk(value, schema, where or "/", at, seen, ()))
        self.visited |= seen
        return found

    def _walk(
        self,
        value: object,
        schema: Mapping[str, Any],
        where: str,
        at: str,
        seen: set[str],
        path: tuple[str, ...],
    ) -> Iterator[Difference]:
        resolved = self._resolve(schema, at)
        seen.update(pointer for pointer in resolved.chain if pointer)
        schema, at, path = resolved.node, resolved.at, path + resolved.chain

        def difference(kind: str, detail: str, where: str = where) -> Difference:
            return Difference(kind, where, detail, path)

        for alternatives in ("oneOf", "anyOf"):
            if alternatives in schema:
                yield from self._choice(
                    value, schema[alternatives], where, at, alternatives, seen, path
                )
                return
        properties = self._properties(schema, at)
        if "allOf" in schema:
            schema = self._merged(schema, at, seen)
        expected = schema.get("type")
        actual = _type_of(value)
        if expected is not None:
            allowed = expected if isinstance(expected, list) else [expected]
            if not any(_fits(actual, kind) for kind in allowed):
                yield difference("wrong-type", f"{actual}, the spec says {'/'.join(allowed)}")
                return
        if "enum" in schema and value not in schema["enum"]:
            yield difference("wrong-value", f"{value!r} is not one of {schema['enum']}")
        if "const" in schema and value != schema["const"]:
            yield difference("wrong-value", f"{value!r} is not {schema['const']!r}")
        if "format" in schema and (problem := _format_problem(value, schema["format"])):
            yield difference("wrong-format", f"{value!r}: {problem}")
        if isinstance(value, str):
            yield from self._text(value, schema, difference)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                yield difference("wrong-value", f"{value} is below {schema['minimum']}")
            if "maximum" in schema and value > schema["maximum"]:
                yield difference("wrong-value", f"{value} is above {schema['maximum']}")
        if isinstance(value, dict):
            yield from self._object(value, schema, properties, where, at, seen, path)
        elif isinstance(value, list):
            if "maxItems" in schema and len(value) > schema["maxItems"]:
                yield difference("too-many", f"{len(value)} items, at most {schema['maxItems']}")
            if "minItems" in schema and len(value) < schema["minItems"]:
                yield difference("too-few", f"{len(value)} items, at least {schema['minItems']}")
            items = schema.get("items")
            if isinstance(items, Mapping):
                for index, item in enumerate(value):
                    yield from self._walk(
                        item, items, f"{where.rstrip('/')}/{index}", f"{at}/items", seen, path
                    )

    @staticmethod
    def _text(value: str, schema: Mapping[str, Any], difference: Any) -> Iterator[Difference]:
        if "pattern" in schema and not re.search(schema["pattern"], value):
            yield difference("wrong-format", f"{value!r} does not match {schema['pattern']}")
        if "minLength" in schema and len(value) < schema["minLength"]:
            yield difference(
                "wrong-value", f"{len(value)} characters, at least {schema['minLength']}"
            )
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            yield difference(
                "wrong-value", f"{len(value)} characters, at most {schema['maxLength']}"
            )

    @staticmethod
    def _properties(schema: Mapping[str, Any], at: str) -> dict[str, tuple[Any, str]]:
        return {
            name: (sub, f"{at}/properties/{escape(name)}")
            for name, sub in schema.get("properties", {}).items()
        }

    def _merged(self, schema: Mapping[str, Any], at: str, seen: set[str]) -> dict[str, Any]:
        """One schema from `allOf` parts: their properties (with where each stands) and
        required fields together, so a field of one part is not unknown to another."""
        merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
        properties = self._properties(schema, at)
        required: list[str] = list(merged.get("required", ()))
        for index, part in enumerate(schema["allOf"]):
            resolved = self._resolve(part, f"{at}/allOf/{index}")
            seen.update(pointer for pointer in resolved.chain if pointer)
            node = resolved.node
            if "allOf" in node:
                node = self._merged(node, resolved.at, seen)
                properties.update(node["_properties"])
            else:
                properties.update(self._properties(node, resolved.at))
            required.extend(node.get("required", ()))
            for key, value in node.items():
                if key not in ("properties", "required", "_properties"):
                    merged.setdefault(key, value)
        merged["_properties"], merged["required"] = properties, required
        merged["properties"] = {name: sub for name, (sub, _) in properties.items()}
        return merged

    def _object(
        self,
        value: Mapping[str, Any],
        schema: Mapping[str, Any],
        properties: dict[str, tuple[Any, str]],
        where: str,
        at: str,
        seen: set[str],
        path: tuple[str, ...],
    ) -> Iterator[Difference]:
        properties = schema.get("_properties", properties)
        base = where.rstrip("/")
        for name in schema.get("required", ()):
            if name not in value:
                field = properties.get(name, (None, f"{at}/properties/{escape(name)}"))[1]
                yield Difference(
                    "missing-field", f"{base}/{name}", "required by the spec", (*path, field)
                )
        extra = schema.get("additionalProperties")
        for name, item in value.items():
            if name in properties:
                sub, location = properties[name]
                yield from self._walk(item, sub, f"{base}/{name}", location, seen, path)
            elif isinstance(extra, Mapping):
                yield from self._walk(
                    item, extra, f"{base}/{name}", f"{at}/additionalProperties", seen, path
                )
            elif extra is not True and properties:
                # A field the spec does not describe: harmless to attachkit, but the spec is
                # out of date and the field may be worth mapping.
                yield Difference("unknown-field", f"{base}/{name}", f"{_type_of(item)} value", path)

    def _choice(
        self,
        value: object,
        alternatives: list[Mapping[str, Any]],
        where: str,
        at: str,
        keyword: str,
        seen: set[str],
        path: tuple[str, ...],
    ) -> Iterator[Difference]:
        """The alternative the value differs least from; only it counts as checked."""
        results = []
        for index, option in enumerate(alternatives):
            own: set[str] = set()
            found = list(self._walk(value, option, where, f"{at}/{keyword}/{index}", own, path))
            results.append((found, own))
        best, own = min(results, key=lambda result: len(result[0]))
        seen |= own
        yield from best
