"""Cassette hygiene for the test cassettes: the library's own scrubbing (the same code
`attachkit <vendor> check --record` uses), as vcrpy hooks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from attachkit.conformance.scrub import (
    LIVE_RESPONSE_PERSONAL_FIELDS,
    PERSONAL_FIELDS,
    REDACTED,
    RESPONSE_PERSONAL_FIELDS,
    SECRET_FIELDS,
    Scrubber,
)

__all__ = [
    "LIVE_RESPONSE_PERSONAL_FIELDS",
    "PERSONAL_FIELDS",
    "REDACTED",
    "RESPONSE_PERSONAL_FIELDS",
    "SECRET_FIELDS",
    "Scrubber",
    "scrubbing",
]


def scrubbing(
    origins: Mapping[str, str],
    personal_fields: frozenset[str] = RESPONSE_PERSONAL_FIELDS,
    secrets: Iterable[str] = (),
) -> dict[str, Any]:
    """vcrpy settings that scrub one test's recording (a scrubber of its own, so that what
    it learns of one test's secrets cannot change another's cassette)."""
    scrubber = Scrubber(origins, personal_fields, secrets)
    return {"before_record_request": scrubber.request, "before_record_response": scrubber.response}
