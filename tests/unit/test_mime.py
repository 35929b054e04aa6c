"""MIME types derived from extensions, the same on every machine."""

from __future__ import annotations

import pytest

from attachkit._core.mime import extension_of, guess_mime_type


@pytest.mark.parametrize(
    ("extension", "mime_type"),
    [
        ("pdf", "application/pdf"),
        ("PDF", "application/pdf"),
        (".pdf", "application/pdf"),
        ("png", "image/png"),
        ("jpg", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("tif", "image/tiff"),
        ("txt", "text/plain"),
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("zip", "application/zip"),
        ("doc", "application/msword"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("odt", "application/vnd.oasis.opendocument.text"),
        ("msg", "application/vnd.ms-outlook"),
        ("eml", "message/rfc822"),
        ("heic", "image/heic"),
        ("webp", "image/webp"),
        ("md", "text/markdown"),
        # Compressed files are their container, not what is inside.
        ("gz", "application/gzip"),
        ("tgz", "application/gzip"),
        ("bz2", "application/x-bzip2"),
        ("xz", "application/x-xz"),
        ("7z", "application/x-7z-compressed"),
        ("svgz", None),
        ("Z", None),
        ("unknownext", None),
        ("", None),
        (None, None),
    ],
)
def test_guess_mime_type(extension: str | None, mime_type: str | None) -> None:
    assert guess_mime_type(extension) == mime_type


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        ("Faktura 350023.pdf", "pdf"),
        ("scan.PDF", "pdf"),
        ("archive.tar.gz", "gz"),
        ("README", None),
        (".bashrc", None),
        ("trailing.", None),
        ("dir.d/file", None),
        ("dir.d\\file", None),
        ("", None),
    ],
)
def test_extension_of(name: str, extension: str | None) -> None:
    assert extension_of(name) == extension
