"""MIME types from file extensions, the same on every machine."""

from __future__ import annotations

import functools
import mimetypes

__all__ = ["extension_of", "guess_mime_type"]

# Built-in table only: the system's mime.types differs between machines.
_BUILTIN = mimetypes.MimeTypes(filenames=())
# Office, image and archive formats missing from Python's built-in table, or (gz, tgz) that
# it reads as a content *encoding* of what lies inside rather than as a type.
_EXTRA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "msg": "application/vnd.ms-outlook",
    "md": "text/markdown",
    "heic": "image/heic",
    "webp": "image/webp",
    "gz": "application/gzip",
    "tgz": "application/gzip",
    "bz2": "application/x-bzip2",
    "xz": "application/x-xz",
    "7z": "application/x-7z-compressed",
}


def extension_of(name: str) -> str | None:
    """The extension of `name`, lower case and without the dot, or None."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem or not extension or "/" in extension or "\\" in extension:
        return None
    return extension.lower()


@functools.lru_cache(maxsize=512)
def guess_mime_type(extension: str | None) -> str | None:
    """The MIME type usually meant by `extension` ("pdf" or ".pdf"), or None."""
    if not extension:
        return None
    extension = extension.lower().lstrip(".")
    if extension in _EXTRA:
        return _EXTRA[extension]
    mime_type, encoding = _BUILTIN.guess_type(f"file.{extension}", strict=False)
    # With an encoding, the type is that of the compressed content, not of the file.
    return mime_type if encoding is None else None
