"""`attachkit <vendor> download`: save chosen files into one directory.

Files the vendor has no content for are skipped, as the export skips them. With
`--skip-existing`, a file already in the directory with the same bytes (size and SHA-256)
as the vendor's is not saved again under a numbered name.
"""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path

import anyio.to_thread
import attrs

from .._core.filenames import attachment_filename, numbered
from ..attachment import Attachment
from ..errors import AttachkitError, ContentUnavailableError
from ..export import ExportClient, FileStatus
from ..export.fetch import verify_all
from .console import Console

__all__ = ["Outcome", "download_one", "report"]


@attrs.frozen
class Outcome:
    """What became of one file: saved at `path`, skipped (already at `path`, or without
    content), or failed with `reason` (and the `error` that says it). `file_id` is the id
    asked for when no file was found for it."""

    attachment: Attachment | None
    status: FileStatus
    path: Path | None = None
    reason: str | None = None
    file_id: str | None = None
    error: Exception | None = attrs.field(default=None, eq=False)


def _candidates(directory: Path, name: str, overwrite: bool) -> list[Path]:
    """The files an earlier download of `name` may have made: the name itself and, unless
    downloads overwrite, its numbered copies up to the first that is missing."""
    found: list[Path] = []
    number = 0
    while True:
        path = directory / (name if number == 0 else numbered(name, number))
        if not path.is_file():
            return found
        found.append(path)
        if overwrite:
            return found
        number += 1


async def _already_saved(
    client: ExportClient, attachment: Attachment, directory: Path, overwrite: bool
) -> Path | None:
    """An existing file with the vendor's bytes, found by reading the vendor's file once
    (vendors publish no checksums) without writing it anywhere."""
    name = attachment_filename(attachment)
    candidates = await anyio.to_thread.run_sync(_candidates, directory, name, overwrite)
    if not candidates:
        return None
    digest, size = hashlib.sha256(), 0
    async with client.open(attachment) as chunks:
        async for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
    sha256 = digest.hexdigest()
    matches = await verify_all([(path, size, sha256) for path in candidates])
    return next((path for path, same in zip(candidates, matches, strict=True) if same), None)


async def download_one(
    client: ExportClient, attachment: Attachment, args: argparse.Namespace, console: Console
) -> Outcome:
    directory = Path(args.output)
    try:
        if args.skip_existing:
            existing = await _already_saved(client, attachment, directory, args.overwrite)
            if existing is not None:
                return Outcome(attachment, FileStatus.SKIPPED, existing, "already saved")
        path = await client.save(attachment, directory, overwrite=args.overwrite)
    except ContentUnavailableError as exc:
        return Outcome(attachment, FileStatus.SKIPPED, reason=console.explain(exc))
    except (AttachkitError, OSError) as exc:
        return Outcome(attachment, FileStatus.FAILED, reason=console.explain(exc), error=exc)
    return Outcome(attachment, FileStatus.SAVED, path)


def _json(outcome: Outcome, vendor: str) -> dict[str, object]:
    attachment, path = outcome.attachment, outcome.path
    return {
        "vendor": vendor,
        "id": outcome.file_id if attachment is None else attachment.id,
        "name": None if attachment is None else attachment.name,
        "status": outcome.status.value,
        "path": None if path is None else str(path),
        "size": None if path is None else path.stat().st_size,
        "reason": outcome.reason,
    }


def report(outcome: Outcome, console: Console, args: argparse.Namespace, vendor: str) -> None:
    """One line per file: JSON on stdout, or the saved path on stdout and skips and
    failures on stderr (failures always; skips unless quiet)."""
    if args.json:
        console.json(_json(outcome, vendor))
    attachment = outcome.attachment
    what = f"{outcome.file_id}: " if attachment is None else f"{attachment.name}: "
    if outcome.status is FileStatus.FAILED:
        console.error(f"not downloaded: {what}{outcome.reason}")
    elif args.json or args.quiet:
        return
    elif outcome.status is FileStatus.SAVED:
        console.out(str(outcome.path))
    elif outcome.path is not None:
        console.note(f"skipped  {what}{outcome.reason} as {outcome.path}")
    else:
        console.note(f"skipped  {what}{outcome.reason}")
