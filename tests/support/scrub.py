"""Cassette hygiene for the test cassettes: the library's own scrubbing (the same code
`attachkit <vendor> check --record` uses), as vcrpy hooks."""

from attachkit.conformance.scrub import (
    LIVE_RESPONSE_PERSONAL_FIELDS,
    PERSONAL_FIELDS,
    REDACTED,
    RESPONSE_PERSONAL_FIELDS,
    SECRET_FIELDS,
    redact_body,
    request_scrubber,
    response_scrubber,
)

__all__ = [
    "LIVE_RESPONSE_PERSONAL_FIELDS",
    "PERSONAL_FIELDS",
    "REDACTED",
    "RESPONSE_PERSONAL_FIELDS",
    "SECRET_FIELDS",
    "redact_body",
    "request_scrubber",
    "response_scrubber",
]
