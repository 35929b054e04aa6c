"""Amili OS files to `Attachment`."""

from __future__ import annotations

import base64
import binascii

from attachkit_amili_client.models import OsFile
from attachkit_amili_client.types import Unset

from ..attachment import Attachment, EntityRef
from ..decoding import optional_integer, optional_text
from ..mime import extension_of, guess_mime_type

__all__ = ["attachment_from_amili", "decoded_size"]


def decoded_size(content: str) -> int | None:
    """Bytes the base64 `content` decodes to (decoded as strictly as a download is).

    None when there is no content, or when it is not valid base64: one broken file must
    not hide the others from `list_files`; downloading it raises UnexpectedResponseError.
    """
    if not content:
        return None
    try:
        return len(base64.b64decode(content, validate=True))
    except (binascii.Error, ValueError):
        return None


def _text_field(value: object, field: str) -> str | None:
    return optional_text(value, field, Unset)


def _int_field(value: object, field: str) -> int | None:
    return optional_integer(value, field, Unset)


def attachment_from_amili(file: OsFile) -> Attachment:
    """Raises TypeError/ValueError on fields of the wrong type (the generated parser casts)."""
    name = _text_field(file.name, "name")
    content = _text_field(file.content, "content")
    client_no = _int_field(file.client_no, "clientNo")
    if name is None or content is None or client_no is None:
        raise TypeError("name, content and clientNo are required")
    log_item_id = _int_field(file.log_item_id, "logItemId")
    reference_no = _int_field(file.reference_no, "referenceNo")
    extension = (
        _text_field(file.extension, "extension") or extension_of(name) or ""
    ).lower() or None
    return Attachment(
        vendor="amili",
        # Amili files have no id of their own; the log item and name identify one.
        id=f"{client_no}:{log_item_id if log_item_id is not None else ''}:{name}",
        entity=EntityRef(
            type="client",
            id=str(client_no),
            # The reference number of the AR document the file belongs to, if any.
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
        description=_text_field(file.description, "description"),
        raw=file,
    )
