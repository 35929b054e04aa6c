"""The $filter / $orderby parser on its own."""

from __future__ import annotations

import pytest

from attachkit_sandbox.vendors.envi.odata import (
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
    assert matching("size eq -1 or name in ('xyz', 'none')") == ["abc", "xyz"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("size gt 2", ["a'b", "xyz"]),
        ("size ge 3.0", ["a'b", "xyz"]),
        ("size lt 3", ["abc"]),
        ("size le -1", ["abc"]),
        ("size in (-1, 7)", ["abc"]),
        ("when gt 2025-01-01T09:45:00Z", ["a'b"]),
        ("when le 2025-01-01T10:30:00+01:00", ["abc"]),
        ("when ge 2025-01-01", ["a'b", "abc", "xyz"]),
        ("when lt 2025-01-01", []),
        ("when in (2025-01-01T09:30:00Z)", ["abc"]),
    ],
)
def test_comparisons_on_numbers_and_dates(expression: str, expected: list[str]) -> None:
    assert matching(expression) == expected


@pytest.mark.parametrize(
    "expression",
    [
        "name eq 'a' or name eq 'b'",
        "contains(name, 'a') and name eq 'abc'",
        "size gt 1 and size lt 5",
        "name in ('a') or name eq 'b'",
    ],
)
def test_naming_a_field_twice_is_rejected(expression: str) -> None:
    with pytest.raises(ODataError, match="more than once"):
        parse_filter(expression, FIELDS)


def test_null_values_match_nothing() -> None:
    records: list[Record] = [{"name": None, "size": None, "when": None}]
    for expression in ("name eq 'None'", "contains(name, 'No')", "size ge 0", "name in ('x')"):
        predicate = parse_filter(expression, FIELDS)
        assert [r for r in records if predicate(r)] == []


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
        "name gt 'a'",
        "size gt 'a'",
        "when gt '2025-01-01'",
        "when gt 2025-02-30",
        "size in (1,",
        "size in 1",
        "name eq null",
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
