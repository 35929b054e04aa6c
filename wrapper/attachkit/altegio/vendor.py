"""How Altegio reports errors: `{"success": false, "data": null, "meta": {"message"}}`."""

from __future__ import annotations

from ..status import Vendor

__all__ = ["ACCEPT", "ALTEGIO", "envelope_message"]

ACCEPT = "application/vnd.api.v2+json"


def envelope_message(body: object) -> str | None:
    """`meta.message` (plus `meta.errors`, if any) of an Altegio envelope."""
    if not isinstance(body, dict):
        return None
    meta = body.get("meta")
    if not isinstance(meta, dict):  # `meta` is sometimes [] with nothing to say
        return None
    message = meta.get("message")
    field_errors = meta.get("errors")
    text = message if isinstance(message, str) and message else None
    if isinstance(field_errors, dict) and field_errors:
        detail = "; ".join(f"{key}: {value}" for key, value in field_errors.items())
        text = f"{text} ({detail})" if text else detail
    return text


ALTEGIO = Vendor("altegio", envelope_message)
