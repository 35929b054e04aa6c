"""Writing one batch of finished downloads: files first, then the manifest lines.

The order is what makes a record trustworthy after a kill or a power cut:

1. every file's bytes go to a temporary file, and the batch's files are flushed to disk;
2. only then does each get its final name (a rename), and the new names are flushed too;
3. only then are the batch's manifest lines written, in one write, and flushed.

So a manifest line saying "saved" never reaches the disk before the complete file it
describes, and no final name ever holds a partial file. One batch costs one thread hop,
one manifest write and three flushes where the platform can flush a whole filesystem at
once (durability.py), however many files it holds.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Protocol

import attrs

from .._core.saving import claim, create_temp, discard
from ..errors import AttachkitError
from .directories import Directories
from .durability import flush_files, flush_names
from .manifest import Manifest, ManifestRecord, RecordStatus
from .results import FileResult

__all__ = ["FileError", "FileTarget", "Pending", "Target", "write_batch"]


class FileTarget(Protocol):
    """Where a file goes: a `Path`, or its directory and name apart (see `Target`)."""

    @property
    def parent(self) -> Path: ...

    @property
    def name(self) -> str: ...


@attrs.frozen
class Target:
    """A directory and a name: what a `Path` to the file would say, without pathlib
    parsing (and interning) the name of each of many files."""

    parent: Path
    name: str


@attrs.frozen
class Pending:
    """One outcome to record. A saved file comes with its bytes (`data`) or with a
    temporary file already flushed to disk (`temp`, for large files), to be given the
    name `target` before `record` is written."""

    result: FileResult
    record: ManifestRecord
    target: FileTarget | None = None
    data: bytes | None = None
    temp: Path | None = None


FileError = AttachkitError | OSError


@attrs.define
class _Temp:
    path: Path
    device: int
    fd: int | None = None


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
    temps: dict[int, _Temp],
    errors: list[FileError | None],
) -> None:
    """Writes each in-memory file to a new temporary file, left open for the flush."""
    for index, item in enumerate(batch):
        if item.data is None or item.target is None:
            continue
        try:
            device = directories.make(item.target.parent)
            fd, path = create_temp(item.target.parent)
        except (AttachkitError, OSError) as exc:
            errors[index] = exc
            continue
        temps[index] = _Temp(path, device, fd)
        try:
            _write_all(fd, item.data)
        except OSError as exc:
            errors[index] = exc


def _flush_temps(temps: dict[int, _Temp], errors: list[FileError | None]) -> None:
    """Flushes the open temporary files to disk and closes them; a file that could not be
    written or flushed is discarded."""
    by_device: dict[int, list[int]] = defaultdict(list)
    index_of: dict[int, int] = {}
    for index, temp in temps.items():
        if temp.fd is not None and errors[index] is None:
            by_device[temp.device].append(temp.fd)
            index_of[temp.fd] = index
    for fd, error in flush_files(by_device).items():
        errors[index_of[fd]] = error
    for index, temp in list(temps.items()):
        if temp.fd is not None:
            os.close(temp.fd)
            temp.fd = None
        if errors[index] is not None:
            del temps[index]
            discard(temp.path)


def _name(
    batch: Sequence[Pending], temps: dict[int, _Temp], errors: list[FileError | None]
) -> None:
    """Gives each flushed file its final name, then flushes the new names."""
    named: dict[int, list[Path]] = defaultdict(list)
    while temps:
        index, temp = temps.popitem()
        target = batch[index].target
        assert target is not None
        try:
            claim(temp.path, target.parent, target.name, overwrite=True)
        except (AttachkitError, OSError) as exc:
            errors[index] = exc
            discard(temp.path)
        except BaseException:
            discard(temp.path)
            raise
        else:
            if target.parent not in named[temp.device]:
                named[temp.device].append(target.parent)
    flush_names(named)


def write_batch(
    batch: Sequence[Pending], manifest: Manifest, directories: Directories
) -> list[FileError | None]:
    """Saves and records a batch (in a worker thread). Returns, per item, None or the
    error that kept its file from being saved; such an item is recorded as failed."""
    errors: list[FileError | None] = [None] * len(batch)
    temps: dict[int, _Temp] = {}
    try:
        for index, item in enumerate(batch):
            if item.temp is not None:  # a large download, already flushed to disk
                assert item.target is not None
                temps[index] = _Temp(item.temp, directories.make(item.target.parent))
        _write_temps(batch, directories, temps, errors)
        _flush_temps(temps, errors)
        _name(batch, temps, errors)
    finally:
        # Only after an unexpected error: nothing may stay half-done under a temporary name.
        for temp in temps.values():
            if temp.fd is not None:
                with suppress(OSError):
                    os.close(temp.fd)
            discard(temp.path)
    manifest.append_all(
        [
            item.record if error is None else _failed(item.record, error)
            for item, error in zip(batch, errors, strict=True)
        ]
    )
    return errors
