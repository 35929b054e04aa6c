"""Altegio client files, as decoded from JSON, to `Attachment`: human sizes, colon-less
offsets, two user fields (the generated `ClientFile` is built only when `raw` is read)."""

from __future__ import annotations

import re
from fractions import Fraction
from math import ceil
from typing import Any

from attachkit_altegio_client.models import ClientFile

from ..attachment import Attachment, EntityRef, RawRecord
from ..vendorkit import (
    MISSING,
    ListedSize,
    extension_of,
    guess_mime_type,
    optional_text,
    required_integer,
    required_text,
    timestamp,
)

__all__ = ["MAX_SIZE", "attachment_from_altegio", "parse_size", "size_range"]

_SIZE = re.compile(r"^\s*([0-9]+(?:[.,][0-9]+)?)\s*([KMGT]?B)\s*$", re.IGNORECASE)
_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
MAX_SIZE = 2**53
"""Sizes from here (8 PiB) up are unreadable: a float no longer counts single bytes there,
and no client file comes anywhere near it."""


def parse_size(text: str) -> int | None:
    """Bytes from Altegio's "9 B" / "96.65 KB" strings (binary units); None if unreadable.

    The vendor rounds to two decimals, so sizes in KB and above are approximate. A size
    of `MAX_SIZE` or more (or beyond any float: "1" and 309 zeros) is unreadable too: one odd
    row must not hide the others from a listing, as for any other unreadable size."""
    match = _SIZE.match(text)
    if match is None:
        return None
    number = float(match.group(1).replace(",", ".")) * _UNITS[match.group(2).upper()]
    return round(number) if number < MAX_SIZE else None


def size_range(text: str) -> ListedSize | None:
    """Every byte count Altegio's size string can stand for; None if it is unreadable.

    x-attachkit-assumption: the vendor does not say how it makes "1.5 MB", so each reading
    is allowed: units of 1000 or of 1024, the number rounded or cut at its last digit. For
    "1.5 MB" that is 1,450,000 to 1,677,721 bytes: a real file is never refused for how its
    size was shown, while a sign-in page or half a file is."""
    match = _SIZE.match(text)
    if match is None:
        return None
    digits, unit = match.group(1).replace(",", "."), match.group(2).upper()
    shown = Fraction(digits)
    # Half a step of the last digit shown: rounded, the size was at most that far below
    # or above; cut, it was up to a whole step above.
    half_step = Fraction(1, 2 * 10 ** len(digits.partition(".")[2]))
    low, high = shown - half_step, shown + 2 * half_step
    power = ("B", "KB", "MB", "GB", "TB").index(unit)
    spans: list[tuple[int, int]] = []
    for base in sorted({1000**power, 1024**power}):
        # Whole bytes from low (inclusive) up to high (exclusive: a cut "1.6" is not "1.5").
        first, last = max(0, ceil(low * base)), ceil(high * base) - 1
        if last >= MAX_SIZE:
            return None
        if spans and first <= spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]))
        else:
            spans.append((first, last))
    return ListedSize(tuple(spans), f"{digits} {unit}")


def attachment_from_altegio(file: Any, client_id: int) -> Attachment:
    """The attachment of one decoded client file of the client `client_id` (the one the
    request named); `raw` becomes `ClientFile.from_dict(file)` when read.

    A row without `client_id` (as in Altegio's own MCP server's fixtures and mocked upload
    answer) is that client's; a row that names another client keeps its own. Raises
    TypeError (a field of the wrong type) or ValueError (a required field missing, a date
    that does not parse). `link`, `full_link`, `user_avatar` and `can_edit` are taken as
    they come, as the generated model takes them (a download checks the links)."""
    if type(file) is not dict:
        raise TypeError(f"a file is {type(file).__name__}, expected an object")
    get = file.get
    file_id = required_integer(get("id", MISSING), "id")
    listed_client = get("client_id", MISSING)
    if listed_client is not MISSING:
        client_id = required_integer(listed_client, "client_id")
    name = required_text(get("name", MISSING), "name")
    size_text = optional_text(get("size"), "size")
    date_text = optional_text(get("date_create"), "date_create")
    extension = (optional_text(get("extension"), "extension") or extension_of(name) or "").lower()
    return Attachment(
        vendor="altegio",
        id=str(file_id),
        entity=EntityRef(type="client", id=str(client_id)),
        name=name,
        extension=extension or None,
        mime_type=optional_text(get("mime"), "mime") or guess_mime_type(extension or None),
        size=None if size_text is None else parse_size(size_text),
        # An offset without a colon ("2026-01-01T12:00:00-0500") reads as one with.
        created_at=None if date_text is None else timestamp(date_text, "date_create"),
        updated_at=None,
        # The example's field, else the field table's (read only when the first is empty).
        created_by=optional_text(get("user_name"), "user_name")
        or optional_text(get("username"), "username"),
        status=None,
        description=optional_text(get("description"), "description"),
        raw=RawRecord(ClientFile.from_dict, file),
    )
