"""Differences between vendor answers and schemas, as the drift check reports them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from attachkit.conformance.schema import (
    ANNOTATION_FORMATS,
    ANNOTATIONS,
    CHECKED_FORMATS,
    CHECKED_KEYWORDS,
    Difference,
    SchemaWalker,
)

SPEC: dict[str, Any] = {
    "components": {
        "schemas": {
            "File": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string"},
                    "size": {"type": "integer", "format": "int64", "minimum": 0},
                    "created": {"type": ["string", "null"], "format": "date-time"},
                    "content": {"type": "string", "format": "byte"},
                    "date": {"type": "string", "pattern": "^[0-9]{4}-"},
                    "kind": {"type": "string", "enum": ["a", "b"]},
                },
            },
            "List": {
                "type": "object",
                "properties": {
                    "files": {
                        "type": "array",
                        "maxItems": 2,
                        "items": {"$ref": "#/components/schemas/File"},
                    },
                    "meta": {
                        "oneOf": [
                            {"type": "object", "properties": {"count": {"type": "integer"}}},
                            {"type": "array", "maxItems": 0},
                        ]
                    },
                    "extra": {
                        "type": "object",
                        "additionalProperties": True,
                        "properties": {"x": {"type": "string"}},
                    },
                },
            },
        }
    }
}
LIST = {"$ref": "#/components/schemas/List"}
GOOD = {"id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "name": "a.pdf", "size": 3}


def _kinds(value: object) -> list[tuple[str, str]]:
    return [(d.kind, d.where) for d in SchemaWalker(SPEC).differences(value, LIST)]


def test_a_matching_answer_has_no_differences() -> None:
    assert _kinds({"files": [GOOD], "meta": {"count": 1}}) == []
    assert _kinds({"files": [], "meta": []}) == []


@pytest.mark.parametrize(
    ("file", "expected"),
    [
        ({**GOOD, "checksum": "abc"}, [("unknown-field", "/files/0/checksum")]),
        ({"id": GOOD["id"]}, [("missing-field", "/files/0/name")]),
        ({**GOOD, "size": "3 B"}, [("wrong-type", "/files/0/size")]),
        ({**GOOD, "size": True}, [("wrong-type", "/files/0/size")]),
        ({**GOOD, "size": 2**64}, [("wrong-format", "/files/0/size")]),
        ({**GOOD, "size": -1}, [("wrong-value", "/files/0/size")]),
        ({**GOOD, "id": "PO-1"}, [("wrong-format", "/files/0/id")]),
        ({**GOOD, "created": "2026-01-01"}, [("wrong-format", "/files/0/created")]),
        ({**GOOD, "created": None}, []),
        ({**GOOD, "content": "not base64!"}, [("wrong-format", "/files/0/content")]),
        ({**GOOD, "date": "Jan 1"}, [("wrong-format", "/files/0/date")]),
        ({**GOOD, "kind": "c"}, [("wrong-value", "/files/0/kind")]),
    ],
    ids=[
        "new-field", "missing-required", "changed-type", "bool-for-int", "int64-overflow",
        "below-minimum", "not-uuid", "date-only", "null-allowed", "bad-base64", "pattern",
        "enum",
    ],
)  # fmt: skip
def test_each_kind_of_drift_is_named_with_where_it_is(
    file: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    assert _kinds({"files": [file]}) == expected


def test_every_difference_is_reported_not_only_the_first() -> None:
    found = _kinds({"files": [{**GOOD, "a": 1, "b": 2, "size": "x"}, {"name": 5}]})
    assert found == [
        ("wrong-type", "/files/0/size"),
        ("unknown-field", "/files/0/a"),
        ("unknown-field", "/files/0/b"),
        ("missing-field", "/files/1/id"),
        ("wrong-type", "/files/1/name"),
    ]


def test_free_form_objects_and_limits() -> None:
    assert _kinds({"extra": {"x": "1", "anything": [1]}}) == []
    assert _kinds({"files": [GOOD, GOOD, GOOD]}) == [("too-many", "/files")]
    assert _kinds({"meta": [1]}) != []
    assert _kinds([]) == [("wrong-type", "/")]


def test_difference_names_what_it_saw() -> None:
    (difference,) = SchemaWalker(SPEC).differences({"files": [{**GOOD, "size": "3 B"}]}, LIST)
    assert difference == Difference("wrong-type", "/files/0/size", "string, the spec says integer")


def test_all_of_parts_are_one_object() -> None:
    spec: dict[str, Any] = {
        "components": {
            "schemas": {
                "Base": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}},
                },
                "Entity": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {"type": "object", "properties": {"@odata.context": {"type": "string"}}},
                    ]
                },
            }
        }
    }
    walker = SchemaWalker(spec)
    entity = {"$ref": "#/components/schemas/Entity"}
    assert walker.differences({"id": "1", "@odata.context": "x"}, entity) == []
    assert [d.kind for d in walker.differences({"@odata.context": 1, "more": 2}, entity)] == [
        "missing-field",
        "wrong-type",
        "unknown-field",
    ]


# --- strict formats -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2026-03-02T09:15:00Z", True),
        ("2026-03-02t09:15:00.123456+05:30", True),
        ("2016-12-31T23:59:60Z", True),  # a leap second
        ("2026-03-02T09:15:00", False),  # no offset
        ("2026-03-02 09:15:00Z", False),  # a space for the T
        ("2026-03-02T09:15Z", False),  # no seconds
        ("2026-03-02T09:15:00+0500", False),  # an offset without its colon
        ("2026-02-30T09:15:00Z", False),
        ("2026-03-02T24:00:00Z", False),
        ("2026-03-02T09:15:00+24:00", False),
        ("2026-W10-1T09:15:00Z", False),
        ("20260302T091500Z", False),
    ],
)
def test_date_times_are_rfc_3339(value: str, valid: bool) -> None:
    kinds = _kinds({"files": [{**GOOD, "created": value}]})
    assert kinds == ([] if valid else [("wrong-format", "/files/0/created")])


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", True),
        ("9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D", True),
        ("9a8b7c6d5e4f4a3b8c2d1e0f9a8b7c6d", False),
        ("{9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d}", False),
        ("urn:uuid:9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", False),
        ("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6", False),
    ],
)
def test_uuids_are_the_hyphenated_form(value: str, valid: bool) -> None:
    kinds = _kinds({"files": [{**GOOD, "id": value}]})
    assert kinds == ([] if valid else [("wrong-format", "/files/0/id")])


# --- no keyword of the bundled specs goes unchecked -----------------------------------------

SPECS = sorted(Path(__file__).resolve().parents[2].joinpath("specs").glob("*.yaml"))
_NESTED = ("items", "additionalProperties", "not", "contains", "propertyNames")
_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_MAPS = ("properties", "patternProperties", "$defs")


def _schema_keywords(schema: object, found: dict[str, set[str]]) -> None:
    if not isinstance(schema, dict):
        return
    for key, value in schema.items():
        found.setdefault("keyword", set()).add(key)
        if key == "format":
            found.setdefault("format", set()).add(value)
        if key == "type":
            found.setdefault("type", set()).update(value if isinstance(value, list) else [value])
        if key in _NESTED:
            _schema_keywords(value, found)
        elif key in _LISTS:
            for item in value:
                _schema_keywords(item, found)
        elif key in _MAPS:
            for item in value.values():
                _schema_keywords(item, found)


def _spec_keywords() -> dict[str, set[str]]:
    """Every keyword, format and type the specs' schemas use (in components and wherever a
    `schema` stands: parameters, headers, media types)."""
    found: dict[str, set[str]] = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "schema":
                    _schema_keywords(value, found)
                elif key == "schemas" and isinstance(value, dict):
                    for schema in value.values():
                        _schema_keywords(schema, found)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for spec in SPECS:
        walk(yaml.safe_load(spec.read_text(encoding="utf-8")))
    return found


# For each checked keyword and format: a schema and a value that breaks it.
REF_SPEC: dict[str, Any] = {"components": {"schemas": {"Int": {"type": "integer"}}}}
VIOLATIONS: dict[str, tuple[dict[str, Any], object]] = {
    "$ref": ({"$ref": "#/components/schemas/Int"}, "1"),
    "type": ({"type": "integer"}, "1"),
    "enum": ({"enum": ["a"]}, "b"),
    "const": ({"const": "a"}, "b"),
    "pattern": ({"pattern": "^a"}, "ba"),
    "minimum": ({"minimum": 1}, 0),
    "maximum": ({"maximum": 1}, 2),
    "minLength": ({"minLength": 2}, "a"),
    "maxLength": ({"maxLength": 1}, "ab"),
    "minItems": ({"minItems": 1}, []),
    "maxItems": ({"maxItems": 1}, [1, 2]),
    "items": ({"items": {"type": "integer"}}, ["1"]),
    "properties": ({"properties": {"a": {"type": "integer"}}}, {"a": "1"}),
    "required": ({"required": ["a"]}, {}),
    "additionalProperties": ({"additionalProperties": {"type": "integer"}}, {"a": "1"}),
    "allOf": ({"allOf": [{"type": "integer"}]}, "1"),
    "anyOf": ({"anyOf": [{"type": "integer"}, {"type": "boolean"}]}, "1"),
    "oneOf": ({"oneOf": [{"type": "integer"}, {"type": "boolean"}]}, "1"),
    "format": ({"type": "string", "format": "uuid"}, "1"),
}
FORMAT_VIOLATIONS: dict[str, object] = {
    "date-time": "2026-01-01",
    "uuid": "not-a-uuid",
    "byte": "not base64!",
    "uri": "no scheme here",
    "int32": 2**31,
    "int64": -(2**63) - 1,
}
TYPE_VIOLATIONS: dict[str, object] = {
    "string": 1, "integer": 1.5, "number": "1", "boolean": 0, "array": {}, "object": [],
    "null": "",
}  # fmt: skip


def test_every_keyword_format_and_type_the_specs_use_is_known() -> None:
    used = _spec_keywords()
    unknown = {
        k
        for k in used["keyword"]
        if k not in CHECKED_KEYWORDS | ANNOTATIONS and not k.startswith("x-")
    }
    assert unknown == set(), "the walker would ignore these keywords"
    assert used["format"] - CHECKED_FORMATS - ANNOTATION_FORMATS == set()
    # Each checked one the specs use has a case below that proves it is checked.
    assert used["keyword"] & CHECKED_KEYWORDS <= VIOLATIONS.keys()
    assert used["format"] & CHECKED_FORMATS <= FORMAT_VIOLATIONS.keys()
    assert used["type"] <= TYPE_VIOLATIONS.keys()


@pytest.mark.parametrize("keyword", sorted(VIOLATIONS))
def test_each_checked_keyword_finds_a_value_that_breaks_it(keyword: str) -> None:
    schema, value = VIOLATIONS[keyword]
    walker = SchemaWalker(REF_SPEC)
    assert walker.differences(value, schema) != []
    assert keyword in CHECKED_KEYWORDS


@pytest.mark.parametrize("fmt", sorted(FORMAT_VIOLATIONS))
def test_each_checked_format_finds_a_value_that_breaks_it(fmt: str) -> None:
    kind = "integer" if fmt.startswith("int") else "string"
    differences = SchemaWalker({}).differences(
        FORMAT_VIOLATIONS[fmt], {"type": kind, "format": fmt}
    )
    assert [d.kind for d in differences] == ["wrong-format"]


@pytest.mark.parametrize("kind", sorted(TYPE_VIOLATIONS))
def test_each_type_finds_a_value_of_another(kind: str) -> None:
    differences = SchemaWalker({}).differences(TYPE_VIOLATIONS[kind], {"type": kind})
    assert [d.kind for d in differences] == ["wrong-type"]


def test_a_difference_names_the_spec_locations_down_to_where_it_is() -> None:
    (difference,) = SchemaWalker(SPEC).differences(
        {"files": [{**GOOD, "size": "3 B"}]}, LIST, at="/here"
    )
    assert difference.schemas[-2:] == (
        "/components/schemas/File",
        "/components/schemas/File/properties/size",
    )
