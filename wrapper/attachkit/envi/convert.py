"""Envi file records, as decoded from JSON, to `Attachment`.

A record is checked here as strictly as the generated parser and the spec's types ask
(`RECORD_FIELDS`), and its generated model is built only if the attachment's `raw` is read:
a listing of thousands of rows then parses each row once, not twice.
"""

from __future__ import annotations

from typing import Any

from attachkit_envi_client.models import FileAttachment, FileAttachmentEntity

from ..attachment import Attachment, EntityRef, RawRecord
from ..vendorkit import (
    MISSING,
    extension_of,
    guess_mime_type,
    optional_text,
    required_text,
    timestamp,
    uuid_text,
)

__all__ = ["NO_CONTENT_STATUSES", "EntityCache", "Model", "attachment_from_envi"]

# Envi returns no content for files in these states.
NO_CONTENT_STATUSES = frozenset({"deleted", "uploading", "failed", "corrupted"})

Model = type[FileAttachment] | type[FileAttachmentEntity]
"""The generated model a record becomes as `raw`: a list row, or one file's metadata."""


class EntityCache:
    """One `EntityRef` per entity: a page of thousands of rows names only a few entities."""

    def __init__(self) -> None:
        self._refs: dict[tuple[object, object, object], EntityRef] = {}

    def get(self, entity_id: object, type_value: object, number: object) -> EntityRef:
        """The entity of a record's `entityId`, `entityTypeValue` and `entityNo` (checked
        the first time they are seen together)."""
        key = (entity_id, type_value, number)
        try:
            ref = self._refs.get(key)
        except TypeError:  # an unhashable value: a list or object, refused below
            ref = None
        if ref is None:
            ref = EntityRef(
                type=optional_text(type_value, "entityTypeValue"),
                id=uuid_text(entity_id, "entityId"),
                number=optional_text(number, "entityNo"),
            )
            self._refs[key] = ref
        return ref


def attachment_from_envi(
    record: Any, entities: EntityCache | None = None, model: Model = FileAttachment
) -> Attachment:
    """The attachment of one decoded record; `raw` becomes `model.from_dict(record)` when read.

    Raises TypeError (a field of the wrong type) or ValueError (a required field missing, a
    UUID or date-time that does not parse). Everything `model.from_dict` would fail on is
    refused here, so `raw` always builds; fields the generated model takes as they come
    (`lastUpdatedByName`, and `fileType` where the name has an extension) are not checked.
    """
    if type(record) is not dict:
        raise TypeError(f"a file record is {type(record).__name__}, expected an object")
    get = record.get
    name = required_text(get("fileName", MISSING), "fileName")
    size = get("fileSize", MISSING)
    if type(size) is not int:
        if size is not MISSING:
            raise TypeError(f"fileSize is {type(size).__name__}, expected an integer")
        size = None
    created_by = optional_text(get("createdByName"), "createdByName")
    creator = get("createdBy", MISSING)
    if creator is not MISSING:
        creator_id = uuid_text(creator, "createdBy")
        if created_by is None:
            created_by = creator_id
    updater = get("lastUpdatedBy", MISSING)
    if updater is not MISSING:
        uuid_text(updater, "lastUpdatedBy")
    # x-attachkit-assumption: a date-time without an offset is in UTC (undocumented).
    created = get("dateCreated", MISSING)
    created_at = None if created is MISSING else timestamp(created, "dateCreated")
    updated = get("lastUpdated", MISSING)
    updated_at = None if updated is MISSING else timestamp(updated, "lastUpdated")
    extension = extension_of(name)
    if extension is None:
        file_type = optional_text(get("fileType"), "fileType")
        # x-attachkit-assumption: fileType is the extension without the dot (the docs say
        # only "string"), so it stands in for a name that has none.
        if file_type and file_type.isalnum():
            extension = file_type.lower()
    return Attachment(
        vendor="envi",
        id=uuid_text(get("fileId", MISSING), "fileId"),
        entity=(entities or EntityCache()).get(
            get("entityId", MISSING), get("entityTypeValue"), get("entityNo")
        ),
        name=name,
        extension=extension,
        mime_type=guess_mime_type(extension),
        size=size,
        created_at=created_at,
        updated_at=updated_at,
        created_by=created_by,
        status=optional_text(get("fileStatus"), "fileStatus"),
        description=None,
        raw=RawRecord(model.from_dict, record),
    )
