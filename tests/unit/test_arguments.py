"""The argument checks every client uses."""

from __future__ import annotations

from uuid import UUID

import pytest

from attachkit._core import arguments

UUID_TEXT = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


@pytest.mark.parametrize("value", [True, False, 1.0, "1", None, b"1"])
def test_integer_refuses_what_is_not_an_int(value: object) -> None:
    with pytest.raises(TypeError, match="count must be an int"):
        arguments.integer(value, "count")


def test_integer_checks_its_minimum() -> None:
    assert arguments.integer(0, "count", minimum=0) == 0
    with pytest.raises(ValueError, match="count must be at least 1, not 0"):
        arguments.integer(0, "count", minimum=1)


def test_optional_forms_pass_none_through() -> None:
    assert arguments.optional_integer(None, "n") is None
    assert arguments.optional_text(None, "t") is None
    assert arguments.optional_bool(None, "b") is None
    assert arguments.max_retries(None) is None


@pytest.mark.parametrize(("value", "error"), [(5, TypeError), ("", ValueError), (None, TypeError)])
def test_text_must_be_a_non_empty_string(value: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="name"):
        arguments.text(value, "name")


def test_optional_bool_refuses_ints() -> None:
    with pytest.raises(TypeError):
        arguments.optional_bool(1, "flag")


def test_uuid_accepts_uuids_and_their_text() -> None:
    assert arguments.uuid(UUID(UUID_TEXT), "id") == UUID(UUID_TEXT)
    assert arguments.uuid(UUID_TEXT, "id") == UUID(UUID_TEXT)
    with pytest.raises(ValueError, match="id is not a UUID"):
        arguments.uuid("PO-1", "id")
    with pytest.raises(TypeError):
        arguments.uuid(1, "id")


def test_page_size_is_capped_at_the_vendor_maximum() -> None:
    assert arguments.page_size(10_000, maximum=5000) == 5000
    with pytest.raises(ValueError, match="page_size must be at least 1"):
        arguments.page_size(0, maximum=5000)


@pytest.mark.parametrize(("value", "expected"), [(7, "7"), ("007", "7"), (" 12 ", "12")])
def test_numeric_ids_come_back_canonical(value: object, expected: str) -> None:
    assert arguments.numeric_id(value, "id") == expected


@pytest.mark.parametrize(
    ("value", "error"),
    [("-1", ValueError), ("1e3", ValueError), ("\u0661", ValueError), (True, TypeError)],
)
def test_numeric_ids_refuse_signs_exponents_and_other_digits(
    value: object, error: type[Exception]
) -> None:
    with pytest.raises(error):
        arguments.numeric_id(value, "id")


def test_token_source_takes_text_or_a_callable() -> None:
    assert arguments.token_source("t", "token") == "t"
    provider = lambda: "t"  # noqa: E731
    assert arguments.token_source(provider, "token") is provider
    with pytest.raises(ValueError, match="token must not be empty"):
        arguments.token_source("", "token")
    with pytest.raises(TypeError):
        arguments.token_source(5, "token")


@pytest.mark.parametrize(
    ("value", "error"),
    [(5, TypeError), ("example.com", ValueError), ("ftp://x.example", ValueError)],
)
def test_base_url_must_be_absolute_http(value: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        arguments.base_url(value, "vendor")
    assert arguments.base_url("https://x.example/api/", "vendor") == "https://x.example/api"
