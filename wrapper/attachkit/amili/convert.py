"""Amili OS files, as decoded from JSON, to `Attachment` (the generated `OsFile` is built
only when `raw` is read)."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from attachkit_amili_client.models import OsFile

from ..attachment import Attachment, EntityRef, RawRecord
from ..vendorkit import (
    MISSING,
    extension_of,
    guess_mime_type,
    optional_integer,
    optional_text,
    required_integer,
    required_text,
)

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


def attachment_from_amili(file: Any) -> Attachment:
    """The attachment of one decoded file; `raw` becomes `OsFile.from_dict(file)` when read.

    Raises TypeError (a field of the wrong type) or ValueError (a required field missing).
    Fields attachkit does not map (`arAccountNo`, `type`, `serialize`, `externalMemo`) are
    taken as they come, as the generated model takes them."""
    if type(file) is not dict:
        raise TypeError(f"a file is {type(file).__name__}, expected an object")
    get = file.get
    client_no = required_integer(get("clientNo", MISSING), "clientNo")
    name = required_text(get("name", MISSING), "name")
    content = required_text(get("content", MISSING), "content")
    log_item_id = optional_integer(get("logItemId"), "logItemId")
    reference_no = optional_integer(get("referenceNo"), "referenceNo")
    extension = (optional_text(get("extension"), "extension") or extension_of(name) or "").lower()
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
        extension=extension or None,
        mime_type=guess_mime_type(extension or None),
        size=decoded_size(content),
        created_at=None,
        updated_at=None,
        created_by=None,
        status=None,  # `type` (DocAttachment, ...) is a category, kept in raw
        description=optional_text(get("description"), "description"),
        raw=RawRecord(OsFile.from_dict, file),
    )
