"""Altegio's sizes are shown for people ("96.65 KB"): read generously, a real file is never
refused for how its size was rounded, while a sign-in page or half a file is."""

from __future__ import annotations

import math
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attachkit.altegio.convert import parse_size, size_range

UNITS = ("B", "KB", "MB", "GB")
ROUNDINGS = (ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_DOWN)


def shown(size: int, base: int, decimals: int, rounding: str, strip: bool) -> str:
    """`size` as a display might show it: in units of `base`, `decimals` digits after the
    point, rounded or cut, with or without trailing zeros."""
    power = 0
    while power < len(UNITS) - 1 and size >= base ** (power + 1):
        power += 1
    places = 0 if power == 0 else decimals
    value = (Decimal(size) / Decimal(base**power)).quantize(
        Decimal(1).scaleb(-places), rounding=rounding
    )
    text = f"{value:f}"
    if strip and "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text} {UNITS[power]}"


@given(
    size=st.integers(min_value=0, max_value=2**40),
    base=st.sampled_from([1000, 1024]),
    decimals=st.integers(min_value=0, max_value=3),
    rounding=st.sampled_from(ROUNDINGS),
    strip=st.booleans(),
)
def test_every_way_of_showing_a_size_allows_it(
    size: int, base: int, decimals: int, rounding: str, strip: bool
) -> None:
    text = shown(size, base, decimals, rounding, strip)
    allowed = size_range(text)
    assert allowed is not None, text
    assert allowed.allows(size), (text, allowed)


@given(
    size=st.integers(min_value=1024, max_value=2**40),
    base=st.sampled_from([1000, 1024]),
    decimals=st.integers(min_value=1, max_value=2),
)
def test_half_of_a_file_is_never_allowed(size: int, base: int, decimals: int) -> None:
    allowed = size_range(shown(size, base, decimals, ROUND_HALF_UP, strip=False))
    assert allowed is not None
    assert not allowed.allows(size // 2)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("9 B", ((9, 9),)),
        ("0 B", ((0, 0),)),
        ("1.5 MB", ((1_450_000, 1_677_721),)),
        ("96.65 KB", ((96_645, 96_659), (98_965, 98_979))),
        ("1 KB", ((500, 2047),)),
        ("12,5 KB", ((12_450, 12_599), (12_749, 12_902))),
        ("  7 kb ", ((6500, 8191),)),
    ],
)
def test_the_byte_counts_a_size_can_stand_for(
    text: str, spans: tuple[tuple[int, int], ...]
) -> None:
    allowed = size_range(text)
    assert allowed is not None
    assert allowed.spans == spans
    size = parse_size(text)
    assert size is not None
    assert allowed.allows(size)  # the size the attachment shows is among them


def test_a_sign_in_page_is_no_file_of_a_megabyte_and_a_half() -> None:
    allowed = size_range("1.5 MB")
    assert allowed is not None
    assert not allowed.allows(202)
    assert str(allowed) == "1.5 MB (1450000 to 1677721 bytes)"


@pytest.mark.parametrize("text", ["", "big", "-1 KB", "5 PB", "1.2.3 KB", "KB", "9" * 20 + " TB"])
def test_an_unreadable_size_allows_anything(text: str) -> None:
    assert size_range(text) is None


def test_the_readings_meet_when_they_overlap() -> None:
    allowed = size_range("256 KB")
    assert allowed is not None
    low, high = allowed.spans[0][0], allowed.spans[-1][1]
    assert (low, high) == (255_500, 263_167)
    assert math.isclose(high / low, 1.03, rel_tol=0.01)
