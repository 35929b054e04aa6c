"""How Altegio answers: its error envelope `{"success": false, "data": null, "meta":
{"message"}}`, its licence refusals, and what its listed sizes mean."""

from __future__ import annotations

import re

from attachkit_altegio_client.models import ClientFile

from .. import errors
from ..attachment import Attachment
from ..vendorkit import ListedSize, Vendor
from .convert import size_range

__all__ = ["ACCEPT", "ALTEGIO", "envelope_message", "licence_refusal", "listed_size"]

ACCEPT = "application/vnd.api.v2+json"

# "Необходимо продлить лицензию" ("the licence must be renewed", the YCLIENTS blueprint's
# words) or an English message that the licence must be renewed or has expired.
_LICENCE = re.compile(
    r"лиценз\w*.*?(продл|истек|истёк)|(продл|истек|истёк)\w*.*?лиценз"
    r"|licen[cs]e.*?(renew|expire|extend|prolong)|(renew|extend|prolong)\w*.*?licen[cs]e",
    re.IGNORECASE | re.DOTALL,
)


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


def licence_refusal(status: int, message: str | None) -> type[errors.APIStatusError] | None:
    """PaymentRequiredError for a 402 or 403 whose message says the location's licence
    must be renewed: the YCLIENTS blueprint answers so with 403 in four examples and 402
    in one, "Необходимо продлить лицензию ..." ("the licence must be renewed")."""
    if status in (402, 403) and message is not None and _LICENCE.search(message):
        return errors.PaymentRequiredError
    return None


def listed_size(attachment: Attachment) -> ListedSize | None:
    """The byte counts a file's listed size ("1.5 MB") can stand for (see `size_range`)."""
    raw = attachment.raw
    if not isinstance(raw, ClientFile) or not isinstance(raw.size, str):
        return None
    return size_range(raw.size)


ALTEGIO = Vendor(
    "altegio",
    envelope_message,
    error_class=licence_refusal,
    listed_size=listed_size,
    # The client's keyword: the command puts its flag or variable in its place.
    web_page_hint=": check the download host, and web_base_url if it is set",
)
