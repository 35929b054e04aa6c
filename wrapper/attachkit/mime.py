"""MIME types from file extensions, the same on every machine."""

from __future__ import annotations

import mimetypes

__all__ = ["extension_of", "guess_mime_type"]

# Built-in table only: the system's mime.types differs between machines.
_BUILTIN = mimetypes.MimeTypes(filenames=())
# Office formats missing from Python's built-in table.
_EXTRA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "heic": "image/heic",
    "webp": "image/webp",
}


def extension_of(name: str) -> str | None:
    """The extension of `name`, lower case and without the dot, or None."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension or "/" in extension or "\\" in extension:
        return None
    return extension.lower()


def guess_mime_type(extension: str | None) -> str | None:
    """The MIME type usually meant by `extension` ("pdf" or ".pdf"), or None."""
    if not extension:
        return None
    extension = extension.lower().lstrip(".")
    if extension in _EXTRA:
        return _EXTRA[extension]
    mime_type, _encoding = _BUILTIN.guess_type(f"file.{extension}", strict=False)
    return mime_type
