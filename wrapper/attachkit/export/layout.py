"""Where each attachment of an entity goes: a safe, deterministic file name.

Names come from `safe_filename`. Attachments whose names collide (compared case-blind, as
on Windows and macOS) all get their attachment id added, so the outcome does not depend
on listing order. A path an earlier run recorded for an attachment is kept, so a re-run
finds its files even when the vendor's listing has changed since.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Mapping, Sequence

from .._core.filenames import MAX_NAME_BYTES, safe_filename
from ..attachment import Attachment

__all__ = ["assign_paths", "base_name"]

_PLAIN_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")


def base_name(attachment: Attachment) -> str:
    """The name `save()` would choose for the attachment."""
    fallback = f"{attachment.vendor}-{attachment.id}"
    if attachment.extension:
        fallback = f"{fallback}.{attachment.extension}"
    return safe_filename(attachment.name, fallback)


def _id_tag(attachment_id: str) -> str:
    # Some vendors' ids embed the file name; a digest keeps such tags short and safe.
    if _PLAIN_ID.fullmatch(attachment_id):
        return attachment_id
    return hashlib.sha256(attachment_id.encode()).hexdigest()[:12]


def _with_id(name: str, attachment_id: str) -> str:
    """Turns "a.pdf" into "a [id].pdf", shortening the stem so the tag always survives."""
    stem, dot, extension = name.rpartition(".")
    if not dot or not stem:
        stem, extension = name, ""
    tag = f" [{_id_tag(attachment_id)}]"
    suffix = f"{tag}.{extension}" if extension else tag
    room = MAX_NAME_BYTES - len(suffix.encode())
    stem = stem.encode()[:room].decode(errors="ignore").rstrip(". ") or "_"
    return stem + suffix


def _fold(name: str) -> str:
    return name.casefold()


def assign_paths(
    folder: str,
    attachments: Sequence[Attachment],
    recorded: Mapping[str, str],
) -> dict[str, str]:
    """attachment id -> path under `folder` ("/"-separated text), one distinct path per
    attachment. (Text, not `PurePosixPath`: pathlib interns every name it parses, and a run
    names many files.)

    `recorded` maps attachment ids to paths an earlier run saved them at; those inside
    `folder` are kept."""
    paths: dict[str, str] = {}
    taken: set[str] = set()
    for attachment in attachments:
        kept = recorded.get(attachment.id)
        if kept is not None and posixpath.dirname(kept) == folder:
            paths[attachment.id] = kept
            taken.add(_fold(posixpath.basename(kept)))
    fresh = [a for a in attachments if a.id not in paths]
    names = {a.id: base_name(a) for a in fresh}
    counts: dict[str, int] = {}
    for name in names.values():
        counts[_fold(name)] = counts.get(_fold(name), 0) + 1
    for attachment in fresh:
        name = names[attachment.id]
        if counts[_fold(name)] > 1 or _fold(name) in taken:
            name = _with_id(name, attachment.id)
        number = 2
        candidate = name
        while _fold(candidate) in taken:  # only if a vendor name mimics a tagged one
            candidate = _with_id(name, f"{attachment.id}-{number}")
            number += 1
        taken.add(_fold(candidate))
        paths[attachment.id] = f"{folder}/{candidate}"
    return paths
