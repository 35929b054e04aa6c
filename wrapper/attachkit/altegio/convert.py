"""Altegio client files to `Attachment`: human sizes, colon-less offsets, two user fields."""

from __future__ import annotations

import re
from datetime import datetime

from attachkit_altegio_client.models import ClientFile
from attachkit_altegio_client.types import Unset

from ..attachment import Attachment, EntityRef
from ..decoding import aware, optional_text
from ..mime import extension_of, guess_mime_type

__all__ = ["MAX_SIZE", "attachment_from_altegio", "parse_date", "parse_size"]

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


def parse_date(text: str) -> datetime:
    """ISO 8601 with an offset with or without a colon ("2026-01-01T12:00:00-0500")."""
    return datetime.fromisoformat(text)


def _text_field(value: object, field: str) -> str | None:
    return optional_text(value, field, Unset)


def attachment_from_altegio(file: ClientFile) -> Attachment:
    """Raises TypeError/ValueError on fields of the wrong type or form."""
    for field in ("id", "client_id"):
        value = getattr(file, field)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{field} is {type(value).__name__}, expected an integer")
    name = _text_field(file.name, "name")
    if name is None:
        raise TypeError("name is missing")
    size_text = _text_field(file.size, "size")
    date_text = _text_field(file.date_create, "date_create")
    extension = (
        _text_field(file.extension, "extension") or extension_of(name) or ""
    ).lower() or None
    return Attachment(
        vendor="altegio",
        id=str(file.id),
        entity=EntityRef(type="client", id=str(file.client_id)),
        name=name,
        extension=extension,
        mime_type=_text_field(file.mime, "mime") or guess_mime_type(extension),
        size=None if size_text is None else parse_size(size_text),
        created_at=None if date_text is None else aware(parse_date(date_text)),
        updated_at=None,
        created_by=_text_field(file.user_name, "user_name")
        or _text_field(file.username, "username"),
        status=None,
        description=_text_field(file.description, "description"),
        raw=file,
    )
