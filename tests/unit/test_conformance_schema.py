"""Differences between vendor answers and schemas, as the drift check reports them."""

from __future__ import annotations

from typing import Any

import pytest

from attachkit.conformance.schema import Difference, SchemaWalker

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
