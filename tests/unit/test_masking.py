"""Masking secrets in text: every form a vendor or a library writes them in, pieces of them,
their start before a cut mark, and credentials in URL queries."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attachkit._core.masking import MIN_SECRET_LENGTH, Masker, masker_for
from tests.support.leaks import leaks

SECRET = "s3cr/t+p\u00e4ss w\u00f6rd-0123456789"
TOKEN = "c6b4d5e6f7a8b9c0d1e2f3a4b5c6d7e8"


def _mask(text: str, *secrets: str) -> str:
    return Masker(secrets or (SECRET, TOKEN), "***").mask(text)


@pytest.mark.parametrize(
    "form",
    [
        SECRET,
        quote(SECRET, safe=""),
        quote(SECRET),
        quote_plus(SECRET),
        json.dumps(SECRET)[1:-1],
        json.dumps(SECRET, ensure_ascii=False)[1:-1],
        json.dumps(SECRET)[1:-1].replace("/", "\\/"),
        repr(SECRET)[1:-1],
        base64.b64encode(SECRET.encode()).decode(),
        base64.b64encode(SECRET.encode()).decode().rstrip("="),
        base64.urlsafe_b64encode(SECRET.encode()).decode(),
    ],
    ids=[
        "raw", "quoted", "quoted-keeping-slash", "form", "json", "json-unicode",
        "json-escaped-slash", "repr", "base64", "base64-unpadded", "base64-urlsafe",
    ],
)  # fmt: skip
def test_every_form_of_a_secret_is_masked(form: str) -> None:
    masked = _mask(f"before {form} after")
    assert masked == "before *** after"
    assert leaks(masked, SECRET) == []


@pytest.mark.parametrize("prefix", ["", "u", "us", "user:"])
def test_a_secret_inside_a_larger_base64_text_is_masked(prefix: str) -> None:
    # Basic auth, a token in an encoded blob: the secret starts at any byte offset.
    encoded = base64.b64encode(f"{prefix}{TOKEN}; more".encode()).decode()
    assert leaks(encoded, TOKEN) != []
    assert leaks(_mask(f"Basic {encoded}"), TOKEN) == []


def test_a_piece_of_a_secret_cut_by_a_length_limit_is_masked() -> None:
    for piece in (TOKEN[:14], TOKEN[9:23], TOKEN[-13:]):
        masked = _mask(f"token={piece}&x=1 (cut) {piece}")
        assert piece not in masked
        assert leaks(masked, TOKEN) == []


@pytest.mark.parametrize("mark", ["\u2026", "..."])
def test_the_start_of_a_secret_before_a_cut_mark_is_masked(mark: str) -> None:
    text = f"The token in 'Bearer {TOKEN[:6]}{mark}' may not read file {TOKEN[-5:]}"
    masked = _mask(text)
    assert masked == f"The token in 'Bearer ***{mark}' may not read file {TOKEN[-5:]}"
    assert _mask(f"a suffix after the mark: {mark}{TOKEN[-6:]}.") == (
        f"a suffix after the mark: {mark}***."
    )


def test_a_text_said_to_be_cut_loses_any_start_of_a_secret_at_its_end() -> None:
    masker = Masker([TOKEN], "***")
    assert masker.mask(f"ends with {TOKEN[:2]}", cut=True) == "ends with ***"
    assert masker.mask(f"ends with {TOKEN[:2]}") == f"ends with {TOKEN[:2]}"


@pytest.mark.parametrize(
    "name",
    ["token", "access_token", "partner_token", "user_token", "password", "key", "signature",
     "Access-Token", "accessToken", "refresh_token"],
)  # fmt: skip
def test_credential_query_parameters_are_masked_whatever_their_value(name: str) -> None:
    url = f"https://app.alteg.io/x/?page=2&{name}=unknown-value-1&b=3"
    assert Masker([], "***").mask(url) == f"https://app.alteg.io/x/?page=2&{name}=***&b=3"
    html = f"<a href='/x?{name}=v&amp;{name}=w'>"
    assert Masker([], "***").mask(html) == f"<a href='/x?{name}=***&amp;{name}=***'>"


@pytest.mark.parametrize(
    "text",
    ["?page=2&tokens=4&$top=2", "?monkey=1", "no query token=abc here", "a.pdf"],
)
def test_other_parameters_and_plain_text_are_left_alone(text: str) -> None:
    assert Masker([], "***").mask(text) == text


def test_secrets_shorter_than_the_minimum_are_not_looked_for() -> None:
    short = "x" * (MIN_SECRET_LENGTH - 1)
    assert _mask(f"x{short}x and {short}", short) == f"x{short}x and {short}"
    assert _mask("abcd and abcd", "abcd") == "*** and ***"


def test_a_secret_inside_another_is_masked_with_it() -> None:
    masked = _mask(f"{TOKEN} {TOKEN[:20]}", TOKEN, TOKEN[:20])
    assert masked == "*** ***"


def test_maskers_are_kept_per_set_of_secrets() -> None:
    assert masker_for([TOKEN, SECRET], "***") is masker_for([SECRET, TOKEN, ""], "***")
    assert masker_for([TOKEN], "***") is not masker_for([TOKEN], "<REDACTED>")


@given(
    secret=st.text(st.characters(codec="utf-8"), min_size=MIN_SECRET_LENGTH, max_size=40),
    before=st.text(max_size=20),
    after=st.text(max_size=20),
)
def test_any_secret_in_any_text_is_masked(secret: str, before: str, after: str) -> None:
    masker = Masker([secret], "\x00")
    for form in (secret, quote(secret, safe=""), json.dumps(secret)[1:-1]):
        masked = masker.mask(before + form + after)
        assert form not in masked
