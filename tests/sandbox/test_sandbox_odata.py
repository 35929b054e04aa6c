"""The $filter / $orderby parser on its own."""

from __future__ import annotations

import pytest

from attachkit.sandbox.odata import (
    FieldType,
    ODataError,
    Record,
    apply_orderby,
    parse_filter,
    parse_orderby,
)

FIELDS = {"name": FieldType.STRING, "size": FieldType.INTEGER, "when": FieldType.DATETIME}
RECORDS: list[Record] = [
    {"name": "a'b", "size": 3, "when": "2025-01-01T10:00:00Z"},
    {"name": "abc", "size": -1, "when": "2025-01-01T10:30:00+01:00"},
    {"name": "xyz", "size": 3, "when": "2025-01-01T09:45:00Z"},
]


def matching(expression: str) -> list[object]:
    predicate = parse_filter(expression, FIELDS)
    return [r["name"] for r in RECORDS if predicate(r)]


def test_equality_and_escaped_quotes() -> None:
    assert matching("name eq 'a''b'") == ["a'b"]
    assert matching("size eq -1") == ["abc"]
    assert matching("size eq 3 and contains(name,'y')") == ["xyz"]
    assert matching("size eq -1 or name eq 'xyz' or name eq 'none'") == ["abc", "xyz"]


@pytest.mark.parametrize(
    "expression",
    [
        "",
        "name",
        "name eq",
        "eq 'a'",
        "name eq 'a' and",
        "(name eq 'a')",
        "name eq 'a' xor size eq 3",
    ],
)
def test_syntax_errors(expression: str) -> None:
    with pytest.raises(ODataError):
        parse_filter(expression, FIELDS)


def test_mixing_and_or_is_rejected() -> None:
    with pytest.raises(ODataError, match="Combining"):
        parse_filter("size eq 3 and name eq 'a' or name eq 'b'", FIELDS)


def test_orderby_compares_instants_and_keeps_ties_stable() -> None:
    by_time = apply_orderby(RECORDS, parse_orderby("when", FIELDS), FIELDS)
    # 10:30+01:00 is 09:30Z, the earliest instant.
    assert [r["name"] for r in by_time] == ["abc", "xyz", "a'b"]
    by_size = apply_orderby(RECORDS, parse_orderby("size desc", FIELDS), FIELDS)
    assert [r["name"] for r in by_size] == ["a'b", "xyz", "abc"]
