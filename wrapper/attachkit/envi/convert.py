"""Envi file records to `Attachment`."""

from __future__ import annotations

from typing import Any

from envi_client.models import FileAttachment, FileAttachmentEntity
from envi_client.types import Unset

from ..attachment import Attachment, EntityRef
from ..decoding import aware
from ..mime import extension_of, guess_mime_type

__all__ = ["NO_CONTENT_STATUSES", "attachment_from_envi"]

# Envi returns no content for files in these states.
NO_CONTENT_STATUSES = frozenset({"deleted", "uploading", "failed", "corrupted"})


def _optional_str(record: Any, field: str) -> str | None:
    value = getattr(record, field)
    if value is None or isinstance(value, Unset):
        return None
    if not isinstance(value, str):
        raise TypeError(f"{field} is {type(value).__name__}, expected a string")
    return value


def attachment_from_envi(record: FileAttachment | FileAttachmentEntity) -> Attachment:
    """Raises TypeError when a field has the wrong type (the generated parser casts)."""
    name = record.file_name
    if not isinstance(name, str):
        raise TypeError(f"fileName is {type(name).__name__}, expected a string")
    raw_size: object = record.file_size
    size: int | None = None
    if isinstance(raw_size, int) and not isinstance(raw_size, bool):
        size = raw_size
    elif not isinstance(raw_size, Unset):
        raise TypeError(f"fileSize is {type(raw_size).__name__}, expected an integer")
    created = record.date_created
    updated = record.last_updated
    created_by = _optional_str(record, "created_by_name")
    if created_by is None and not isinstance(record.created_by, Unset):
        created_by = str(record.created_by)
    extension = extension_of(name)
    file_type = _optional_str(record, "file_type")
    if extension is None and file_type and file_type.isalnum():
        extension = file_type.lower()
    return Attachment(
        vendor="envi",
        id=str(record.file_id),
        entity=EntityRef(
            type=_optional_str(record, "entity_type_value"),
            id=str(record.entity_id),
            number=_optional_str(record, "entity_no"),
        ),
        name=name,
        extension=extension,
        mime_type=guess_mime_type(extension),
        size=size,
        created_at=None if isinstance(created, Unset) else aware(created),
        updated_at=None if isinstance(updated, Unset) else aware(updated),
        created_by=created_by,
        status=_optional_str(record, "file_status"),
        description=None,
        raw=record,
    )
