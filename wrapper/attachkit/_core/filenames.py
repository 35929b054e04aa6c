"""Turning a vendor-supplied file name into one that is safe to create in a directory."""

from __future__ import annotations

import re
import unicodedata

from ..attachment import Attachment

__all__ = ["MAX_NAME_BYTES", "attachment_filename", "numbered", "safe_filename"]

# Most filesystems allow 255 bytes; room is left for " (12)" and the temporary prefix.
MAX_NAME_BYTES = 200
_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f/\\<>:"|?*]')
# Invisible or line-breaking characters that disguise a name ("\u202e" turns "gnp.exe" into
# what looks like "exe.png"), and lone surrogates, which no filesystem encoding can write.
# Zero-width (non-)joiners stay: scripts and emoji need them.
_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_JOINERS = frozenset({"\u200c", "\u200d"})
_WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"COM{n}" for n in [*range(1, 10), "\u00b9", "\u00b2", "\u00b3"]]
    + [f"LPT{n}" for n in [*range(1, 10), "\u00b9", "\u00b2", "\u00b3"]]
)


def _visible(char: str) -> str:
    if char in _JOINERS or unicodedata.category(char) not in _UNSAFE_CATEGORIES:
        return char
    return "_"


def _truncate(text: str, max_bytes: int) -> str:
    encoded = text.encode("utf-8")[:max_bytes]
    return encoded.decode("utf-8", errors="ignore")


def safe_filename(name: str, fallback: str) -> str:
    """A single path component made from `name`.

    Separators, control and format characters (NUL, bidi overrides, line separators, lone
    surrogates included) and characters Windows forbids become "_"; leading dots and
    spaces go (no "..", no hidden files), trailing dots and spaces go; reserved device
    names get a "_" prefix; the result is capped at MAX_NAME_BYTES keeping the extension.
    An empty result falls back to `fallback` (made safe too).
    """
    cleaned = _UNSAFE.sub("_", unicodedata.normalize("NFC", name))
    cleaned = "".join(_visible(char) for char in cleaned)
    cleaned = cleaned.lstrip(". ").rstrip(". ")
    if not cleaned.strip("_"):
        if fallback == name:
            return "file"
        return safe_filename(fallback, "file")
    stem, dot, extension = cleaned.rpartition(".")
    if not dot:
        stem, extension = cleaned, ""
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    suffix = f".{_truncate(extension, 20)}" if dot else ""
    stem = _truncate(stem, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).rstrip(". ")
    return f"{stem or '_'}{suffix}"


def numbered(name: str, number: int) -> str:
    """`name` with " (number)" before its extension: "a.pdf" -> "a (2).pdf"."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        return f"{name} ({number})"
    return f"{stem} ({number}).{extension}"


def attachment_filename(attachment: Attachment, filename: str | None = None) -> str:
    """The name `save` gives an attachment: `filename` or the vendor's name, made safe,
    falling back to "<vendor>-<id>.<extension>" when nothing of it is usable."""
    fallback = f"{attachment.vendor}-{attachment.id}"
    if attachment.extension:
        fallback = f"{fallback}.{attachment.extension}"
    return safe_filename(attachment.name if filename is None else filename, fallback)
