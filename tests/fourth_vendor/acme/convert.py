"""Acme's file records, as decoded from JSON, to `Attachment` (the generated `FileRecord` is
built only when `raw` is read)."""

from __future__ import annotations

from typing import Any

from attachkit import Attachment, EntityRef
from attachkit.attachment import RawRecord
from attachkit.vendorkit import (
    MISSING,
    extension_of,
    guess_mime_type,
    required_integer,
    required_text,
)

from ..generated.attachkit_acme_client.models import FileRecord

__all__ = ["attachment_from_acme"]


def attachment_from_acme(record: Any, entity: str) -> Attachment:
    """The attachment of one decoded row of `entity`'s files; TypeError or ValueError for
    a row the spec does not allow."""
    if type(record) is not dict:
        raise TypeError(f"a file is {type(record).__name__}, expected an object")
    get = record.get
    name = required_text(get("name", MISSING), "name")
    extension = extension_of(name)
    return Attachment(
        vendor="acme",
        id=required_text(get("id", MISSING), "id"),
        entity=EntityRef(type="entity", id=entity),
        name=name,
        extension=extension,
        mime_type=guess_mime_type(extension),
        size=required_integer(get("size", MISSING), "size"),
        created_at=None,
        updated_at=None,
        created_by=None,
        status=None,
        description=None,
        raw=RawRecord(FileRecord.from_dict, record),
    )
