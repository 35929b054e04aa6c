"""Amili OS files to `Attachment`."""

from __future__ import annotations

from amili_client.models import OsFile
from amili_client.types import Unset

from ..attachment import Attachment, EntityRef
from ..mime import extension_of, guess_mime_type

__all__ = ["attachment_from_amili", "decoded_size"]


def decoded_size(content: str) -> int | None:
    """Bytes the base64 `content` decodes to, without decoding it (None if empty)."""
    if not content:
        return None
    if len(content) % 4:
        raise ValueError("content is not valid base64 (length)")
    return len(content) // 4 * 3 - len(content) + len(content.rstrip("="))


def _text(value: object, field: str) -> str | None:
    if isinstance(value, Unset) or value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{field} is {type(value).__name__}, expected a string")
    return value


def _integer(value: object, field: str) -> int | None:
    if isinstance(value, Unset):
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{field} is {type(value).__name__}, expected an integer")
    return value


def attachment_from_amili(file: OsFile) -> Attachment:
    """Raises TypeError/ValueError on fields of the wrong type (the generated parser casts)."""
    name = _text(file.name, "name")
    content = _text(file.content, "content")
    client_no = _integer(file.client_no, "clientNo")
    if name is None or content is None or client_no is None:
        raise TypeError("name, content and clientNo are required")
    log_item_id = _integer(file.log_item_id, "logItemId")
    reference_no = _integer(file.reference_no, "referenceNo")
    extension = (_text(file.extension, "extension") or extension_of(name) or "").lower() or None
    return Attachment(
        vendor="amili",
        # Amili files have no id of their own; the log item and name identify one.
        id=f"{client_no}:{log_item_id if log_item_id is not None else ''}:{name}",
        entity=EntityRef(
            type="client",
            id=str(client_no),
            number=None if reference_no is None else str(reference_no),
        ),
        name=name,
        extension=extension,
        mime_type=guess_mime_type(extension),
        size=decoded_size(content),
        created_at=None,
        updated_at=None,
        created_by=None,
        status=None,  # `type` (DocAttachment, ...) is a category, kept in raw
        description=_text(file.description, "description"),
        raw=file,
    )
