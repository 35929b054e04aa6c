"""Envi file records to `Attachment`."""

from __future__ import annotations

from datetime import datetime

from attachkit_envi_client.models import FileAttachment, FileAttachmentEntity
from attachkit_envi_client.types import Unset

from ..attachment import Attachment, EntityRef
from ..decoding import aware, optional_text
from ..mime import extension_of, guess_mime_type

__all__ = ["NO_CONTENT_STATUSES", "EntityCache", "attachment_from_envi"]

# Envi returns no content for files in these states.
NO_CONTENT_STATUSES = frozenset({"deleted", "uploading", "failed", "corrupted"})


def _optional_str(value: object, field: str) -> str | None:
    return optional_text(value, field, Unset)


def _when(value: object, field: str) -> datetime | None:
    # x-attachkit-assumption: a date-time without an offset is in UTC (undocumented).
    if value.__class__ is datetime:
        assert isinstance(value, datetime)
        return value if value.tzinfo is not None else aware(value)
    if isinstance(value, Unset):
        return None
    raise TypeError(f"{field} is {type(value).__name__}, expected a date-time")


class EntityCache:
    """One `EntityRef` per entity: a page of thousands of rows names only a few entities."""

    def __init__(self) -> None:
        self._refs: dict[tuple[object, object, object], EntityRef] = {}

    def get(self, record: FileAttachment | FileAttachmentEntity) -> EntityRef:
        key = (record.entity_id, record.entity_type_value, record.entity_no)
        ref = self._refs.get(key)
        if ref is None:
            ref = EntityRef(
                type=_optional_str(record.entity_type_value, "entity_type_value"),
                id=str(record.entity_id),
                number=_optional_str(record.entity_no, "entity_no"),
            )
            self._refs[key] = ref
        return ref


def attachment_from_envi(
    record: FileAttachment | FileAttachmentEntity, entities: EntityCache | None = None
) -> Attachment:
    """Raises TypeError when a field has the wrong type (the generated parser casts)."""
    name = record.file_name
    if name.__class__ is not str:
        raise TypeError(f"fileName is {type(name).__name__}, expected a string")
    size: object = record.file_size
    if size.__class__ is not int:
        if not isinstance(size, Unset):
            raise TypeError(f"fileSize is {type(size).__name__}, expected an integer")
        size = None
    created_by = _optional_str(record.created_by_name, "created_by_name")
    if created_by is None and not isinstance(record.created_by, Unset):
        created_by = str(record.created_by)
    extension = extension_of(name)
    if extension is None:
        file_type = _optional_str(record.file_type, "file_type")
        # x-attachkit-assumption: fileType is the extension without the dot (the docs say
        # only "string"), so it stands in for a name that has none.
        if file_type and file_type.isalnum():
            extension = file_type.lower()
    return Attachment(
        vendor="envi",
        id=str(record.file_id),
        entity=(entities or EntityCache()).get(record),
        name=name,
        extension=extension,
        mime_type=guess_mime_type(extension),
        size=size,
        created_at=_when(record.date_created, "dateCreated"),
        updated_at=_when(record.last_updated, "lastUpdated"),
        created_by=created_by,
        status=_optional_str(record.file_status, "file_status"),
        description=None,
        raw=record,
    )
