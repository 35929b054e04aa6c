"""Writing one batch of finished downloads: files first, then the manifest lines.

The order is what makes a record trustworthy after a kill or a power cut:

1. every file's bytes go to a temporary file, and each is flushed to disk;
2. only then does each get its final name (a rename), and the directories holding the
   new names are flushed too;
3. only then are the batch's manifest lines written, in one write, and flushed.

So a manifest line saying "saved" never reaches the disk before the complete file it
describes, and no final name ever holds a partial file. One batch costs one thread hop,
one manifest write and one manifest flush, however many files it holds.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

import attrs

from ..errors import AttachkitError
from ..saving import claim, create_temp, discard, fsync_directory, start_writeback
from .directories import Directories
from .manifest import Manifest, ManifestRecord, RecordStatus
from .results import FileResult

__all__ = ["Pending", "write_batch"]


@attrs.frozen
class Pending:
    """One outcome to record. A saved file comes with its bytes (`data`) or with a
    temporary file already flushed to disk (`temp`, for large files), to be given the
    name `target` before `record` is written."""

    result: FileResult
    record: ManifestRecord
    target: Path | None = None
    data: bytes | None = None
    temp: Path | None = None


FileError = AttachkitError | OSError


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _failed(record: ManifestRecord, error: FileError) -> ManifestRecord:
    return attrs.evolve(
        record,
        status=RecordStatus.FAILED,
        path=None,
        size=None,
        sha256=None,
        updated_at=None,
        reason=str(error),
    )


def _write_temps(
    batch: Sequence[Pending],
    directories: Directories,
    opened: dict[int, tuple[int, Path]],
    errors: list[FileError | None],
) -> None:
    """Writes each in-memory file to a new temporary file, noting index -> (fd, path)."""
    for index, item in enumerate(batch):
        if item.data is None or item.target is None:
            continue
        try:
            directories.make(item.target.parent)
            fd, temp = create_temp(item.target.parent)
        except (AttachkitError, OSError) as exc:
            errors[index] = exc
            continue
        opened[index] = (fd, temp)
        try:
            _write_all(fd, item.data)
        except OSError as exc:
            errors[index] = exc
        else:
            # Start writing to disk now, so that the flushes below wait for one another less.
            with suppress(OSError):
                start_writeback(fd, 0, len(item.data))


def _flush_temps(
    opened: dict[int, tuple[int, Path]],
    flushed: dict[int, Path],
    errors: list[FileError | None],
) -> None:
    """Flushes and closes the temporary files, moving each one now on disk to `flushed`."""
    while opened:
        index, (fd, temp) = opened.popitem()
        try:
            if errors[index] is None:
                os.fsync(fd)
                flushed[index] = temp
        except OSError as exc:
            errors[index] = exc
        finally:
            os.close(fd)
            if index not in flushed:
                discard(temp)


def _name(
    batch: Sequence[Pending], flushed: dict[int, Path], errors: list[FileError | None]
) -> None:
    """Gives each flushed file its final name, then flushes the directories holding them."""
    named: set[Path] = set()
    while flushed:
        index, temp = flushed.popitem()
        target = batch[index].target
        assert target is not None
        try:
            claim(temp, target.parent, target.name, overwrite=True)
        except (AttachkitError, OSError) as exc:
            errors[index] = exc
            discard(temp)
        except BaseException:
            discard(temp)
            raise
        else:
            named.add(target.parent)
    for directory in named:
        fsync_directory(directory)


def write_batch(
    batch: Sequence[Pending], manifest: Manifest, directories: Directories
) -> list[FileError | None]:
    """Saves and records a batch (in a worker thread). Returns, per item, None or the
    error that kept its file from being saved; such an item is recorded as failed."""
    errors: list[FileError | None] = [None] * len(batch)
    opened: dict[int, tuple[int, Path]] = {}
    flushed: dict[int, Path] = {
        index: item.temp for index, item in enumerate(batch) if item.temp is not None
    }
    try:
        _write_temps(batch, directories, opened, errors)
        _flush_temps(opened, flushed, errors)
        _name(batch, flushed, errors)
    finally:
        # Only after an unexpected error: nothing may stay half-done under a temporary name.
        for fd, temp in opened.values():
            os.close(fd)
            discard(temp)
        for temp in flushed.values():
            discard(temp)
    manifest.append_all(
        [
            item.record if error is None else _failed(item.record, error)
            for item, error in zip(batch, errors, strict=True)
        ]
    )
    return errors
