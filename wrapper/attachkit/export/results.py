"""What an export reports: one result per file, failed entities, progress snapshots."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import attrs

__all__ = [
    "DiscoveryReport",
    "EntityFailure",
    "EntityIncomplete",
    "ExportProgress",
    "ExportSummary",
    "FileResult",
    "FileStatus",
    "ProgressCallback",
]

ALREADY_SAVED = "already saved"


class FileStatus(StrEnum):
    SAVED = "saved"
    """Downloaded and verified in this run."""
    SKIPPED = "skipped"
    """Not downloaded: saved and verified by an earlier run, or the vendor has no content
    for it (deleted, uploading, failed, corrupted). `reason` says which."""
    FAILED = "failed"
    """Not saved; `reason` says why. The next run tries it again."""


@attrs.frozen(kw_only=True)
class FileResult:
    """The outcome for one attachment. `path` is relative to the export directory."""

    vendor: str
    entity: str
    attachment_id: str
    name: str
    status: FileStatus
    path: str | None = None
    size: int | None = None
    sha256: str | None = None
    reason: str | None = None
    error: BaseException | None = attrs.field(default=None, eq=False, repr=False)
    listed_by: tuple[str, ...] = ()
    """Every entity that listed this file in the run, when more than one did (the vendor
    lists one file under linked records): it is saved once, under `entity`."""

    def to_dict(self) -> dict[str, object]:
        found: dict[str, object] = {
            "vendor": self.vendor,
            "entity": self.entity,
            "attachment_id": self.attachment_id,
            "name": self.name,
            "status": self.status.value,
            "path": self.path,
            "size": self.size,
            "sha256": self.sha256,
            "reason": self.reason,
        }
        if self.listed_by:
            found["listed_by"] = list(self.listed_by)
        return found


@attrs.frozen(kw_only=True)
class EntityFailure:
    """An entity whose files could not be listed (unknown, forbidden, bad id...)."""

    entity: str
    reason: str
    error: BaseException | None = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, object]:
        return {"entity": self.entity, "reason": self.reason}


@attrs.frozen(kw_only=True)
class EntityIncomplete:
    """An entity the vendor matched more files for than it returned (a vendor's cap on results):
    `matched - returned` files are known to exist and were not saved."""

    entity: str
    matched: int
    returned: int

    @property
    def missing(self) -> int:
        return self.matched - self.returned

    @property
    def reason(self) -> str:
        return (
            f"the vendor matched {self.matched} files but returned {self.returned}: "
            f"{self.missing} not saved; narrow the query to export them"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "entity": self.entity,
            "matched": self.matched,
            "returned": self.returned,
            "missing": self.missing,
            "reason": self.reason,
        }


@attrs.frozen(kw_only=True)
class ExportProgress:
    """A snapshot passed to the progress callback after each entity listing and each file,
    and after each page of entities discovered.

    `files_total` and `bytes_total` (the sizes the vendor lists, where it lists them) grow
    as entities are listed; `entities_total` is None when the entities came from an
    iterator of unknown length, or while they are being discovered (`discovering`), and
    `entities_found` counts those had so far."""

    entities_total: int | None
    entities_done: int
    files_total: int
    files_done: int
    saved: int
    skipped: int
    failed: int
    bytes_saved: int
    last: FileResult | None = None
    bytes_total: int = 0
    entities_found: int = 0
    discovering: bool = False


@attrs.frozen(kw_only=True)
class DiscoveryReport:
    """What discovery did in a run that exported every entity the vendor found.

    `query` says what was asked for ("clients of location 456"); `since` the date or
    moment the records had to have changed since (None: all); `last_run` the bookmark found
    when the run was asked to start from the last one; `found` how many entities came;
    `bookmark` the start of this run if it was recorded as the query's new bookmark (only
    after a run with no failure that covered everything since the old one); `error` why
    discovery stopped early; `notes` what the run could not do as asked."""

    query: str
    since: date | None
    last_run: datetime | None
    found: int
    bookmark: datetime | None = None
    error: str | None = None
    notes: tuple[str, ...] = ()
    """What the run could not do as asked: no earlier run recorded, or a vendor that
    cannot tell what changed (so everything was listed again)."""

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "since": None if self.since is None else self.since.isoformat(),
            "last_run": None if self.last_run is None else self.last_run.isoformat(),
            "found": self.found,
            "bookmark": None if self.bookmark is None else self.bookmark.isoformat(),
            "error": self.error,
            "notes": list(self.notes),
        }


ProgressCallback = Callable[[ExportProgress], object]


@attrs.frozen(kw_only=True)
class ExportSummary:
    """Everything one run did. `aborted` is set when the run stopped early (credentials
    refused, a rate limit longer than the client waits for, the vendor unreachable), with
    the error that stopped it in `abort_error`; the entities it never reached are in
    `not_attempted`. `incomplete` are entities whose listing the vendor cut short: files
    known to exist that were not saved. `discovery` says what discovery found, when the
    entities were discovered. `notes` are other warnings."""

    vendor: str
    directory: Path
    manifest: Path
    files: tuple[FileResult, ...]
    entity_failures: tuple[EntityFailure, ...] = ()
    not_attempted: tuple[str, ...] = ()
    aborted: str | None = None
    abort_error: BaseException | None = attrs.field(default=None, eq=False, repr=False)
    notes: tuple[str, ...] = ()
    incomplete: tuple[EntityIncomplete, ...] = ()
    discovery: DiscoveryReport | None = None

    def _with(self, status: FileStatus) -> tuple[FileResult, ...]:
        return tuple(result for result in self.files if result.status is status)

    @property
    def saved(self) -> tuple[FileResult, ...]:
        return self._with(FileStatus.SAVED)

    @property
    def skipped(self) -> tuple[FileResult, ...]:
        return self._with(FileStatus.SKIPPED)

    @property
    def failed(self) -> tuple[FileResult, ...]:
        return self._with(FileStatus.FAILED)

    @property
    def already_saved(self) -> tuple[FileResult, ...]:
        """Skipped because an earlier run saved them (and they still verify)."""
        return tuple(result for result in self.skipped if result.reason == ALREADY_SAVED)

    @property
    def bytes_saved(self) -> int:
        return sum(result.size or 0 for result in self.saved)

    @property
    def ok(self) -> bool:
        """True when nothing failed and nothing is missing: every file known to exist is
        saved or skipped with a reason."""
        return (
            not self.failed
            and not self.entity_failures
            and not self.not_attempted
            and not self.incomplete
            and self.aborted is None
            and (self.discovery is None or self.discovery.error is None)
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "vendor": self.vendor,
            "directory": str(self.directory),
            "manifest": str(self.manifest),
            "ok": self.ok,
            "counts": {
                "saved": len(self.saved),
                "skipped": len(self.skipped),
                "already_saved": len(self.already_saved),
                "failed": len(self.failed),
                "entities_failed": len(self.entity_failures),
                "entities_not_attempted": len(self.not_attempted),
                "entities_incomplete": len(self.incomplete),
                "files_missing": sum(entity.missing for entity in self.incomplete),
            },
            "bytes_saved": self.bytes_saved,
            "aborted": self.aborted,
            "notes": list(self.notes),
            "files": [result.to_dict() for result in self.files],
            "entity_failures": [failure.to_dict() for failure in self.entity_failures],
            "not_attempted": list(self.not_attempted),
            "incomplete": [entity.to_dict() for entity in self.incomplete],
            "discovery": None if self.discovery is None else self.discovery.to_dict(),
        }
