"""The export manifest: one JSON line per attachment outcome, appended as the run goes.

Append-only so that a killed run loses at most the line it was writing: a torn last line
is ignored and cut off when the manifest is next opened. The last line for an attachment
wins; when old lines pile up, opening the manifest rewrites it compactly (write a temporary
file, then rename it over the old one).

Besides files, a line may record an entity's listing (`ENTITY_LISTING`) or a discovery
query's bookmark: the start of the last run of that query that completed without failures.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Self

import attrs

from .._core.saving import fsync_directory

__all__ = [
    "BOOKMARK",
    "ENTITY_LISTING",
    "MANIFEST_NAME",
    "Manifest",
    "ManifestRecord",
    "RecordStatus",
    "bookmark_record",
    "read_bookmark",
]

MANIFEST_NAME = "attachkit-manifest.jsonl"
# Lines are flushed to the OS at once (enough for a killed process); fsync every so many
# lines bounds what a power cut can lose, and a lost line only means a re-download.
_SYNC_EVERY = 32
_COMPACT_MIN_LINES = 256

Key = tuple[str, str, str]


class RecordStatus:
    SAVED = "saved"
    UNAVAILABLE = "unavailable"
    FAILED = "failed"
    INCOMPLETE = "incomplete"
    """An entity-level record (attachment id `ENTITY_LISTING`): the vendor cut its listing
    short, so files known to exist are missing. `COMPLETE` supersedes it on a later run."""
    COMPLETE = "complete"
    BOOKMARK = "bookmark"
    """A discovery query's bookmark (attachment id `BOOKMARK`, entity the query's key
    after `QUERY_PREFIX`): `updated_at` is when its last complete run started."""


ENTITY_LISTING = "*"
"""The attachment id of an entity-level record: about the entity's listing, not a file."""
BOOKMARK = "@"
"""The attachment id of a discovery query's bookmark."""
QUERY_PREFIX = "discovery: "
"""What a bookmark's `entity` starts with: no vendor's entity key does."""


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@attrs.frozen(kw_only=True)
class ManifestRecord:
    """What the manifest knows of one attachment. `path` is relative to the export
    directory, with "/" separators; `updated_at` is the vendor's last-modified time when it
    gives one, so a file replaced at the vendor is downloaded again."""

    vendor: str
    entity: str
    attachment_id: str
    name: str
    status: str
    path: str | None = None
    size: int | None = None
    sha256: str | None = None
    updated_at: str | None = None
    reason: str | None = None
    listed_by: tuple[str, ...] = ()
    """Every entity whose listing named this file in the run that recorded it, when more
    than one did (a vendor that lists one file under linked records): the file is saved
    once, under `entity`, the first of them."""

    @property
    def key(self) -> Key:
        return (self.vendor, self.entity, self.attachment_id)

    def to_line(self) -> bytes:
        fields: dict[str, object] = {
            "vendor": self.vendor,
            "entity": self.entity,
            "attachment_id": self.attachment_id,
            "name": self.name,
            "status": self.status,
            "path": self.path,
            "size": self.size,
            "sha256": self.sha256,
            "updated_at": self.updated_at,
            "reason": self.reason,
        }
        if self.listed_by:
            fields["listed_by"] = list(self.listed_by)
        return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"

    @classmethod
    def from_line(cls, line: bytes) -> ManifestRecord | None:
        """The record, or None for a line that is not one (torn, edited by hand...)."""
        try:
            data = json.loads(line)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        required = [_text(data.get(name)) for name in ("vendor", "entity", "attachment_id")]
        status = _text(data.get("status"))
        if None in required or status is None:
            return None
        vendor, entity, attachment_id = (str(value) for value in required)
        listed_by = data.get("listed_by")
        return cls(
            vendor=vendor,
            entity=entity,
            attachment_id=attachment_id,
            name=_text(data.get("name")) or "",
            status=status,
            path=_text(data.get("path")),
            size=_count(data.get("size")),
            sha256=_text(data.get("sha256")),
            updated_at=_text(data.get("updated_at")),
            reason=_text(data.get("reason")),
            listed_by=tuple(e for e in listed_by if isinstance(e, str))
            if isinstance(listed_by, list)
            else (),
        )


def bookmark_record(vendor: str, query: str, label: str, started: datetime) -> ManifestRecord:
    """The record of a discovery query's bookmark: its complete run started at `started`."""
    return ManifestRecord(
        vendor=vendor,
        entity=QUERY_PREFIX + query,
        attachment_id=BOOKMARK,
        name=label,
        status=RecordStatus.BOOKMARK,
        updated_at=started.isoformat(),
    )


def _moment(record: ManifestRecord | None) -> datetime | None:
    if record is None or record.status != RecordStatus.BOOKMARK or record.updated_at is None:
        return None
    try:
        moment = datetime.fromisoformat(record.updated_at)
    except ValueError:
        return None  # edited by hand: as if there were none
    return moment if moment.tzinfo is not None else None


def read_bookmark(path: str | os.PathLike[str], vendor: str, query: str) -> datetime | None:
    """The bookmark of a discovery query in the manifest at `path` (None if there is none),
    read without opening the manifest for writing: only its bookmark lines are parsed."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None
    found: ManifestRecord | None = None
    marker = f'"status":"{RecordStatus.BOOKMARK}"'.encode()
    for line in data.split(b"\n"):
        if marker in line:
            record = ManifestRecord.from_line(line)
            if record is not None and record.key == (vendor, QUERY_PREFIX + query, BOOKMARK):
                found = record
    return _moment(found)


def _write_atomically(path: Path, lines: Iterable[bytes]) -> None:
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp's files are private; the rewritten manifest keeps the old one's mode.
        with suppress(FileNotFoundError):
            shutil.copymode(path, temp)
        with os.fdopen(fd, "wb") as handle:
            handle.writelines(lines)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_directory(path.parent)


def _read(path: Path) -> tuple[list[ManifestRecord], int, bool]:
    """The records, the number of lines, and whether the last line was torn."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return [], 0, False
    lines = data.split(b"\n")
    torn = lines.pop() != b""  # text after the last newline: a write cut short
    records = [record for line in lines if (record := ManifestRecord.from_line(line))]
    return records, len(lines), torn


class Manifest:
    """The manifest of one export directory, open for appending. Use `Manifest.open`.

    Appends may come from a worker thread while the event loop reads records, so what the
    manifest remembers is guarded by a lock. With `remember_appended` False, the records
    appended are written but not kept in memory, except those a run looks up again
    (entity-level records, bookmarks, files several entities listed): an export that
    looks each entity up once then holds only what earlier runs recorded."""

    remember_appended = True

    def __init__(self, path: Path, records: Iterable[ManifestRecord]) -> None:
        self.path = path
        # (vendor, entity) -> attachment id -> record: one index, so that a manifest of many
        # files costs one dictionary entry per record.
        self._by_entity: dict[tuple[str, str], dict[str, ManifestRecord]] = {}
        # (vendor, attachment id) -> the record of a file several entities listed.
        self._linked: dict[tuple[str, str], ManifestRecord] = {}
        self._count = 0
        self._lock = threading.Lock()
        for record in records:
            self._remember(record)
        self._fd: int | None = None
        self._unsynced = 0

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Self:
        """Loads the manifest (a missing one is empty), drops a torn last line, and opens it
        for appending. The caller must hold the export directory's lock."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        records, line_count, torn = _read(path)
        manifest = cls(path, records)
        wasteful = line_count >= _COMPACT_MIN_LINES and line_count > 2 * len(manifest)
        if torn or wasteful or line_count > len(records):
            _write_atomically(path, (r.to_line() for r in manifest._all()))
        manifest._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        return manifest

    def _remember(self, record: ManifestRecord) -> None:
        records = self._by_entity.setdefault((record.vendor, record.entity), {})
        if record.attachment_id not in records:
            self._count += 1
        records[record.attachment_id] = record
        if record.listed_by:
            self._linked[(record.vendor, record.attachment_id)] = record

    def _all(self) -> Iterator[ManifestRecord]:
        for records in self._by_entity.values():
            yield from records.values()

    def __len__(self) -> int:
        return self._count

    def get(self, vendor: str, entity: str, attachment_id: str) -> ManifestRecord | None:
        with self._lock:
            records = self._by_entity.get((vendor, entity))
            return None if records is None else records.get(attachment_id)

    def linked(self, vendor: str, attachment_id: str) -> ManifestRecord | None:
        """The record of a file that several entities listed, whichever it is saved under."""
        with self._lock:
            return self._linked.get((vendor, attachment_id))

    def of_entity(self, vendor: str, entity: str) -> dict[str, ManifestRecord]:
        """attachment id -> record, for one entity."""
        with self._lock:
            return dict(self._by_entity.get((vendor, entity), {}))

    def records(self) -> list[ManifestRecord]:
        with self._lock:
            return list(self._all())

    def bookmark(self, vendor: str, query: str) -> datetime | None:
        """When the last run of a discovery query that completed without failures started."""
        return _moment(self.get(vendor, QUERY_PREFIX + query, BOOKMARK))

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise ValueError("the manifest is closed")
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def _remembers(self, record: ManifestRecord) -> bool:
        return (
            self.remember_appended
            or bool(record.listed_by)
            or record.attachment_id in (ENTITY_LISTING, BOOKMARK)
            or self.get(record.vendor, record.entity, record.attachment_id) is not None
        )

    def append(self, record: ManifestRecord) -> None:
        """Appends one record; it reaches the disk within the next few appends."""
        self._write(record.to_line())
        if self._remembers(record):
            with self._lock:
                self._remember(record)
        self._unsynced += 1
        if self._unsynced >= _SYNC_EVERY:
            self.sync()

    def append_all(self, records: Iterable[ManifestRecord]) -> None:
        """Appends the records in one write and flushes them to disk before returning."""
        records = list(records)
        if not records:
            return
        self._write(b"".join(record.to_line() for record in records))
        self._unsynced += len(records)
        self.sync()
        kept = [record for record in records if self._remembers(record)]
        with self._lock:
            for record in kept:
                self._remember(record)

    def latest(self, keys: Iterable[Key]) -> dict[Key, ManifestRecord]:
        """The last record of each key, as the file holds it (also those not kept in
        memory). Reads the whole file: for the few records a run needs again."""
        wanted = set(keys)
        found: dict[Key, ManifestRecord] = {}
        if not wanted:
            return found
        self.sync()
        for record in _read(self.path)[0]:
            if record.key in wanted:
                found[record.key] = record
        return found

    def sync(self) -> None:
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
            self._unsynced = 0

    def close(self) -> None:
        if self._fd is not None:
            try:
                self.sync()
            finally:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
