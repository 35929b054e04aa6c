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
import re
import shutil
import tempfile
import threading
from array import array
from collections.abc import Iterable, Iterator
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Self

import attrs

from .._core.saving import fsync_directory
from .manifest_index import LineIndex, entity_hash, read_lines, span

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


def _decoded(value: bytes | None) -> str | None:
    return None if value is None else value.decode()


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# A line as `to_line` writes it when no text in it needs an escape and it names one entity:
# read field by field, about twice as fast as parsing it as JSON (a resumed export reads
# one line per file); any other line is parsed as JSON.
_TEXT = rb'"([^"\\\x00-\x1f]*)"'
_TEXT_OR_NULL = rb'(?:"([^"\\\x00-\x1f]*)"|null)'
_PLAIN_LINE = re.compile(
    rb'\{"vendor":' + _TEXT + rb',"entity":' + _TEXT + rb',"attachment_id":' + _TEXT
    + rb',"name":' + _TEXT + rb',"status":' + _TEXT + rb',"path":' + _TEXT_OR_NULL
    + rb',"size":(-?(?:0|[1-9][0-9]*)|null),"sha256":' + _TEXT_OR_NULL
    + rb',"updated_at":' + _TEXT_OR_NULL + rb',"reason":' + _TEXT_OR_NULL + rb'\}\n?'
)  # fmt: skip


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
        plain = _PLAIN_LINE.fullmatch(line)
        if plain is not None:
            with suppress(UnicodeDecodeError):  # not UTF-8: no JSON either, as below
                return cls._from_plain(plain)
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

    @classmethod
    def _from_plain(cls, plain: re.Match[bytes]) -> ManifestRecord:
        size = plain[7]
        return cls(
            vendor=plain[1].decode(),
            entity=plain[2].decode(),
            attachment_id=plain[3].decode(),
            name=plain[4].decode(),
            status=plain[5].decode(),
            path=_decoded(plain[6]),
            size=None if size == b"null" else int(size),
            sha256=_decoded(plain[8]),
            updated_at=_decoded(plain[9]),
            reason=_decoded(plain[10]),
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


# The start of a line as `to_line` writes it, when its key needs no escapes: the key is
# read from it without parsing the rest, which is parsed when the entity is looked up (a
# line whose rest is broken is skipped then, as any line that is no record).
_PLAIN_KEY = re.compile(
    rb'\{"vendor":' + _TEXT + rb',"entity":' + _TEXT + rb',"attachment_id":' + _TEXT + rb',"'
)
_LISTED_BY = b'"listed_by":'


def _key_of(line: bytes) -> tuple[Key, ManifestRecord | None] | None:
    """A line's key, and its record when that had to be parsed and names several
    entities; None for a line that is no record."""
    plain = _PLAIN_KEY.match(line)
    if plain is not None and _LISTED_BY not in line:
        with suppress(UnicodeDecodeError):
            return (plain[1].decode(), plain[2].decode(), plain[3].decode()), None
    record = ManifestRecord.from_line(line)
    if record is None:
        return None
    return record.key, record if record.listed_by else None


@attrs.define
class _Scan:
    """What opening a manifest found in its file."""

    index: LineIndex
    linked: dict[tuple[str, str], ManifestRecord]
    size: int
    """The bytes up to the end of the last whole line."""
    lines: int
    records: int
    torn: bool

    @property
    def wasteful(self) -> bool:
        """Whether the file should be rewritten: a torn last line, lines that are no
        record, or more than half of them superseded."""
        if self.torn or self.lines > self.records:
            return True
        return self.lines >= _COMPACT_MIN_LINES and self.lines > 2 * self.index.distinct


def _scan(path: Path) -> _Scan:
    """Indexes the lines of the manifest at `path` (a missing one is empty), reading it a
    line at a time."""
    hashes, spans, keys = array("q"), array("q"), array("q")
    linked: dict[tuple[str, str], ManifestRecord] = {}
    offset = lines = 0
    torn = False
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, or missing
    except FileNotFoundError:
        handle = None
    if handle is not None:
        with handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    torn = True  # text after the last newline: a write cut short
                    break
                lines += 1
                found = _key_of(line)
                if found is not None:
                    key, record = found
                    hashes.append(entity_hash(key[0], key[1]))
                    spans.append(span(offset, len(line)))
                    keys.append(hash(key))
                    if record is not None:
                        linked[(record.vendor, record.attachment_id)] = record
                offset += len(line)
    return _Scan(LineIndex(hashes, spans, keys), linked, offset, lines, len(spans), torn)


class Manifest:
    """The manifest of one export directory, open for appending. Use `Manifest.open`.

    What it holds in memory is where each record's line is (see manifest_index.py): the
    records of an entity are read from the file when asked for. Appends may come from a
    worker thread while the event loop reads records, so the index is guarded by a lock.
    With `remember_appended` False, the lines appended are indexed only when their entity
    already was, or when a run looks them up again (entity-level records, bookmarks, files
    several entities listed): an export that looks each entity up once then holds nothing
    for the records it writes."""

    remember_appended = True

    def __init__(self, path: Path, scan: _Scan) -> None:
        self.path = path
        self._index = scan.index
        # (vendor, attachment id) -> the record of a file several entities listed.
        self._linked = scan.linked
        self._size = scan.size
        self._lock = threading.Lock()
        # Held from a write until its lines are indexed, so that their offsets are known.
        self._writing = threading.Lock()
        self._fd: int | None = None
        self._reader: int | None = None
        self._unsynced = 0

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Self:
        """Indexes the manifest (a missing one is empty), drops a torn last line, and opens
        it for appending. The caller must hold the export directory's lock."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        scan = _scan(path)
        manifest = cls(path, scan)
        if scan.wasteful:
            manifest._reader = os.open(path, os.O_RDONLY)
            try:
                _write_atomically(path, (r.to_line() for r in manifest._all()))
            finally:
                os.close(manifest._reader)
            manifest = cls(path, _scan(path))
        manifest._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
        manifest._reader = os.open(path, os.O_RDONLY)
        return manifest

    def _parsed(self, spans: list[int]) -> Iterator[ManifestRecord]:
        if self._reader is None:
            raise ValueError("the manifest is closed")
        for line in read_lines(self._reader, spans):
            record = ManifestRecord.from_line(line)
            if record is not None:
                yield record

    def _spans(self, key: int) -> list[int]:
        with self._lock:
            return self._index.spans(key)

    def _all(self) -> Iterator[ManifestRecord]:
        """Every record, the last one of each key, an entity's together."""
        with self._lock:
            groups = list(self._index.groups())
        for spans in groups:
            entities: dict[tuple[str, str], dict[str, ManifestRecord]] = {}
            for record in self._parsed(spans):
                entities.setdefault((record.vendor, record.entity), {})[record.attachment_id] = (
                    record
                )
            for records in entities.values():
                yield from records.values()

    def __len__(self) -> int:
        """How many records (keys) the manifest holds; reads them all."""
        return sum(1 for _ in self._all())

    def get(self, vendor: str, entity: str, attachment_id: str) -> ManifestRecord | None:
        return self.of_entity(vendor, entity).get(attachment_id)

    def linked(self, vendor: str, attachment_id: str) -> ManifestRecord | None:
        """The record of a file that several entities listed, whichever it is saved under."""
        with self._lock:
            return self._linked.get((vendor, attachment_id))

    def of_entity(self, vendor: str, entity: str) -> dict[str, ManifestRecord]:
        """attachment id -> record, for one entity (its lines read from the file)."""
        found: dict[str, ManifestRecord] = {}
        for record in self._parsed(self._spans(entity_hash(vendor, entity))):
            if record.entity == entity and record.vendor == vendor:
                found[record.attachment_id] = record
        return found

    def records(self) -> list[ManifestRecord]:
        return list(self._all())

    def bookmark(self, vendor: str, query: str) -> datetime | None:
        """When the last run of a discovery query that completed without failures started."""
        return _moment(self.get(vendor, QUERY_PREFIX + query, BOOKMARK))

    def _write(self, data: bytes) -> None:
        if self._fd is None:
            raise ValueError("the manifest is closed")
        view = memoryview(data)
        try:
            while view:
                view = view[os.write(self._fd, view) :]
        except OSError:
            with suppress(OSError):  # where the next line starts, as far as it is known
                self._size = os.fstat(self._fd).st_size
            raise

    def _indexes(self, record: ManifestRecord, key: int) -> bool:
        return (
            self.remember_appended
            or bool(record.listed_by)
            or record.attachment_id in (ENTITY_LISTING, BOOKMARK)
            or key in self._index
        )

    def _appended(self, records: Iterable[tuple[ManifestRecord, bytes]]) -> None:
        """Indexes lines just written at the end of the file, in order."""
        with self._lock:
            for record, line in records:
                key = entity_hash(record.vendor, record.entity)
                if self._indexes(record, key):
                    self._index.add(key, span(self._size, len(line)))
                if record.listed_by:
                    self._linked[(record.vendor, record.attachment_id)] = record
                self._size += len(line)

    def _append(self, lines: list[tuple[ManifestRecord, bytes]]) -> None:
        with self._writing:
            self._write(b"".join(line for _, line in lines))
            self._appended(lines)
        self._unsynced += len(lines)

    def append(self, record: ManifestRecord) -> None:
        """Appends one record; it reaches the disk within the next few appends."""
        self._append([(record, record.to_line())])
        if self._unsynced >= _SYNC_EVERY:
            self.sync()

    def append_all(self, records: Iterable[ManifestRecord]) -> None:
        """Appends the records in one write and flushes them to disk before returning."""
        lines = [(record, record.to_line()) for record in records]
        if lines:
            self._append(lines)
            self.sync()

    def latest(self, keys: Iterable[Key]) -> dict[Key, ManifestRecord]:
        """The last record of each key, as the file holds it (also those not indexed).
        Reads the whole file: for the few records a run needs again."""
        wanted = set(keys)
        found: dict[Key, ManifestRecord] = {}
        if not wanted:
            return found
        self.sync()
        with open(self.path, "rb") as handle:
            for line in handle:
                keyed = _key_of(line) if line.endswith(b"\n") else None
                if keyed is not None and keyed[0] in wanted:
                    record = keyed[1] or ManifestRecord.from_line(line)
                    if record is not None:
                        found[record.key] = record
        return found

    def sync(self) -> None:
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
            self._unsynced = 0

    def close(self) -> None:
        if self._reader is not None:
            os.close(self._reader)
            self._reader = None
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
