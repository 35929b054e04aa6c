"""Cassette hygiene for the test cassettes: the library's own scrubbing (the same code
`attachkit <vendor> check --record` uses), as vcrpy hooks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from attachkit import registry
from attachkit.conformance import scrub
from attachkit.conformance.scrub import (
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


LIVE_RESPONSE_PERSONAL_FIELDS = scrub.LIVE_RESPONSE_PERSONAL_FIELDS.union(
    *(
        conformance.personal_fields
        for descriptor in registry.descriptors()
        if (conformance := descriptor.conformance()) is not None
    )
)
"""What a live recording redacts in answers: the shared names and every vendor's own."""


def scrubbing(
    origins: Mapping[str, str],
    personal_fields: Iterable[str] = RESPONSE_PERSONAL_FIELDS,
    secrets: Iterable[str] = (),
) -> dict[str, Any]:
    """vcrpy settings that scrub one test's recording (a scrubber of its own, so that what
    it learns of one test's secrets cannot change another's cassette)."""
    scrubber = Scrubber(origins, personal_fields, secrets)
    return {"before_record_request": scrubber.request, "before_record_response": scrubber.response}
