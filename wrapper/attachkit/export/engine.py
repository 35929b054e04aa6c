"""One export run: list entities, decide each file's fate, download, save, record, report.

`concurrency` workers take jobs from one scheduler (see scheduler.py), so at most that
many requests are in flight, those that discover entity ids (feed.py) included. Pacing
and retries stay with the client: every request of every worker goes through the client's
one runner (and its one pacer, where the vendor is paced), so more workers never means
more than the vendor allows. A worker hands each finished download to the committer
(committer.py), which saves and records them in batches, and goes on to its next request;
crew.py runs the workers and the committer.

Where a vendor lists one file under several entities (linked records), the first entity
to list it in a run claims it: it is saved once, under that entity, and its record names
every entity that listed it.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from pathlib import Path
from typing import Literal

import attrs

from .._core.saving import create_temp
from ..attachment import Attachment
from ..descriptor import ExportListing
from ..errors import (
    APIConnectionError,
    AttachkitError,
    AuthenticationError,
    ContentUnavailableError,
    RateLimitError,
)
from .batch import FileError, Pending, Target
from .committer import Committer
from .crew import Crew
from .directories import Directories
from .feed import FETCH, EntityFeed
from .fetch import download, match_all, verify_all
from .layout import assign_paths
from .listing import ExportClient
from .manifest import ENTITY_LISTING, Manifest, ManifestRecord, RecordStatus
from .results import (
    ALREADY_SAVED,
    EntityFailure,
    EntityIncomplete,
    ExportProgress,
    ExportSummary,
    FileResult,
    FileStatus,
    ProgressCallback,
)
from .scheduler import Scheduler

__all__ = ["ExportRun", "Verify"]

Verify = Literal["sha256", "size"]
# At most this many size checks (a stat each) of one entity are made in the event loop.
_STATS_IN_LOOP = 64
# This many connection failures in a row, with no success in between, mean the vendor is
# unreachable rather than one request unlucky: stop instead of failing every entity slowly.
_UNREACHABLE_AFTER = 16


@attrs.frozen
class _FileJob:
    """A file to save: under `path` (relative, "/"-separated), in the directory `folder`
    (one `Path` shared by an entity's files)."""

    entity: str
    attachment: Attachment
    path: str
    folder: Path


def _fatal(error: BaseException) -> str | None:
    """Why the whole run must stop after `error`, or None when only one item failed.

    Refused credentials fail every later request too, and a rate limit the client would
    not wait out is made worse by each further request."""
    if isinstance(error, AuthenticationError):
        return f"credentials refused: {error}"
    if isinstance(error, RateLimitError):
        after = "" if error.retry_after is None else f" (retry after {error.retry_after:g} s)"
        return f"rate limited by {error.vendor}{after}"
    return None


class ExportRun:
    """One export: the state its workers share and the summary it ends with."""

    def __init__(
        self,
        client: ExportClient,
        vendor: str,
        listing: ExportListing,
        root: Path,
        manifest: Manifest,
        entities: Iterable[object] | AsyncIterable[object],
        verify_mode: Verify,
        progress: ProgressCallback | None,
    ) -> None:
        self.client = client
        self.vendor = vendor
        self.listing = listing
        self.root = root
        self._root_text = str(root)
        self.manifest = manifest
        self.verify_mode = verify_mode
        self.progress = progress
        self.feed = EntityFeed(entities)
        # Entity keys listed in this run (a dict: its table is a fraction of a set's).
        self._seen: dict[str, None] = {}
        # Shared files only: attachment id -> the entity it is saved under in this run when
        # that is not its own, and for those listed by more than one, every entity that
        # listed it (the owner first).
        self._claimed: dict[str, str] = {}
        self._also: dict[str, list[str]] = {}
        self.scheduler: Scheduler[_FileJob] = Scheduler(self._next_entity, self.feed)
        self.directories = Directories()
        self.committer = Committer(manifest, self.directories, self._committed)
        self.crew = Crew(self.committer)
        self.aborted: str | None = None
        self.abort_error: BaseException | None = None
        self._connection_failures = 0
        self.results: list[FileResult] = []
        self.entity_failures: list[EntityFailure] = []
        self.not_attempted: list[str] = []
        self.notes: list[str] = []
        self.incomplete: list[EntityIncomplete] = []
        self._listed_whole: list[str] = []
        self.entities_done = 0
        self.files_total = 0
        self.bytes_total = 0
        self._counts = dict.fromkeys(FileStatus, 0)
        self._bytes_saved = 0

    # --- scheduling -----------------------------------------------------------------

    @property
    def entities_total(self) -> int | None:
        return self.feed.total

    def _next_entity(self) -> str | None:
        """The next entity's canonical key; malformed ids fail here, repeats are dropped."""
        while (entity := self.feed.take()) is not None:
            try:
                key = self.listing.key(entity)
            except (TypeError, ValueError) as exc:
                self.entity_failures.append(EntityFailure(entity=str(entity), reason=str(exc)))
                self._entity_done()
                continue
            if key in self._seen:
                self._entity_done()
                continue
            self._seen[key] = None
            return key
        return None

    async def worker(self) -> None:
        """One of the run's `concurrency` workers (see crew.py)."""
        await self.crew.join(self._work)

    async def _work(self) -> None:
        while (job := await self.scheduler.next()) is not None:
            if job is FETCH:
                await self._discover()
            elif isinstance(job, str):
                await self._list(job)
            elif isinstance(job, _FileJob):
                await self._file(job)

    async def _discover(self) -> None:
        """Fetches the next page of entity ids; a vendor's error there ends discovery (and
        the run, when every later request would fail too)."""
        try:
            await self.feed.fetch()
        finally:
            self.crew.answered()
            self.scheduler.fetched()
        if self.feed.error is not None:
            self._failed(self.feed.error)
        else:
            self._succeeded()
        self._report(None)

    def _failed(self, error: BaseException) -> None:
        """Stops the run when `error` means every later request would fail too."""
        reason = _fatal(error)
        if isinstance(error, APIConnectionError):
            self._connection_failures += 1
            if self._connection_failures >= _UNREACHABLE_AFTER:
                reason = f"{error.vendor} unreachable: {error}"
        if reason is not None and self.aborted is None:
            self.aborted = reason
            self.abort_error = error
            self.scheduler.stop()

    def _succeeded(self) -> None:
        self._connection_failures = 0

    # --- listing --------------------------------------------------------------------

    async def _list(self, key: str) -> None:
        jobs: list[_FileJob] = []
        try:
            attachments, whole = await self._fetch_listing(key)
        except (AttachkitError, TypeError, ValueError) as exc:
            self.entity_failures.append(EntityFailure(entity=key, reason=str(exc), error=exc))
            self._failed(exc)
        else:
            self._succeeded()
            # What earlier runs recorded of the entity, read once (the manifest reads it
            # from its file).
            recorded = self.manifest.of_entity(self.vendor, key)
            if whole and ENTITY_LISTING in recorded:
                self._listed_whole.append(key)  # incomplete before: say it is whole now
            planned = self._plan_files(key, attachments, recorded)
            jobs = await self._skip_saved(key, planned, recorded)
        finally:
            self.scheduler.listed(jobs)
            self._entity_done()

    async def _fetch_listing(self, key: str) -> tuple[list[Attachment], bool]:
        """The entity's files, and whether that is all of them."""
        paginator = self.listing.list_files(key)
        unique: dict[str, Attachment] = {}
        try:
            async for page in paginator.pages():
                self.crew.answered()
                for attachment in page.items:
                    unique.setdefault(attachment.id, attachment)
        finally:
            self.crew.answered()
        matched = paginator.total_count
        if paginator.truncated and matched is not None:
            self.incomplete.append(
                EntityIncomplete(entity=key, matched=matched, returned=len(unique))
            )
            return list(unique.values()), False
        return list(unique.values()), True

    def _plan_files(
        self, key: str, attachments: list[Attachment], recorded: Mapping[str, ManifestRecord]
    ) -> list[_FileJob]:
        vendor = self.vendor
        linked: list[_FileJob] = []
        if self.listing.owner_of is not None:
            attachments, linked = self._claim(key, attachments, self.listing.owner_of)
        parts = (vendor, *self.listing.folder(key))
        saved_paths = {
            attachment_id: record.path
            for attachment_id, record in recorded.items()
            if record.status == RecordStatus.SAVED and record.path is not None
        }
        paths = assign_paths("/".join(parts), attachments, saved_paths)
        # From one string: pathlib interns the parts it is given, and the entity's key lives
        # on in its results (interned keys of many entities grow the interning table).
        directory = Path(os.path.join(self._root_text, *parts))
        # Each entity is planned once a run (repeats are dropped), so its folder is swept once.
        self.committer.sweep(directory)
        jobs = [_FileJob(key, a, paths[a.id], directory) for a in attachments] + linked
        self.files_total += len(jobs)
        self.bytes_total += sum(job.attachment.size or 0 for job in jobs)
        return jobs

    def _claim(
        self, key: str, attachments: list[Attachment], owner_of: Callable[[Attachment], str | None]
    ) -> tuple[list[Attachment], list[_FileJob]]:
        """Of an entity's files, those it saves, and jobs for those an earlier run saved
        under another entity that listed them with this one (kept where they are); files
        another entity saves in this run are only noted as listed by this one too.

        A file another entity lists as its own is saved by that entity when it is in this
        run (the vendor lists an entity's own files under it, with the same filter); only
        files claimed in this run by an entity they do not belong to are remembered, so a
        run holds no claim per file."""
        own: list[Attachment] = []
        linked: list[_FileJob] = []
        for attachment in attachments:
            home = owner_of(attachment)
            owner = self._claimed.get(attachment.id)
            if owner is None and home is not None and home != key and home in self._seen:
                owner = home
            if owner is not None:
                if owner != key:
                    also = self._also.setdefault(attachment.id, [owner])
                    if key not in also:
                        also.append(key)
                continue
            record = self.manifest.linked(self.vendor, attachment.id)
            if (
                record is not None
                and record.entity != key
                and key in record.listed_by
                and record.path is not None
            ):
                self._claimed[attachment.id] = record.entity
                self._also[attachment.id] = [record.entity, key]
                folder = self.root / posixpath.dirname(record.path)
                linked.append(_FileJob(record.entity, attachment, record.path, folder))
            else:
                if home != key:  # another entity's file: it must find this claim
                    self._claimed[attachment.id] = key
                own.append(attachment)
        return own, linked

    def _listed_by(self, attachment_id: str) -> tuple[str, ...]:
        """Every entity that listed a shared file so far (empty when only one did): the
        owner first, the rest in order."""
        also = self._also.get(attachment_id)
        if also is None or len(also) < 2:
            return ()
        return (also[0], *sorted(also[1:]))

    # --- files ----------------------------------------------------------------------

    def _saved_record(
        self, job: _FileJob, key: str, recorded: Mapping[str, ManifestRecord]
    ) -> ManifestRecord | None:
        """The record of an earlier run that saved this file as it is listed now, if any
        (`recorded`: those of the entity `key` listed it under)."""
        if job.entity == key:
            record = recorded.get(job.attachment.id)
        else:  # a linked file, saved under the entity that claimed it
            record = self.manifest.get(self.vendor, job.entity, job.attachment.id)
        if (
            record is None
            or record.status != RecordStatus.SAVED
            or record.path != job.path
            or record.size is None
            or record.sha256 is None
        ):
            return None
        listed = self.client.vendor.listed_size(job.attachment)
        if listed is not None and not listed.allows(record.size):
            return None  # changed at the vendor since
        if record.updated_at is not None and record.updated_at != _updated(job.attachment):
            return None
        return record

    async def _skip_saved(
        self, key: str, jobs: list[_FileJob], recorded: Mapping[str, ManifestRecord]
    ) -> list[_FileJob]:
        """Reports the files an earlier run saved that still verify on disk, checked in a
        few thread hops for the whole entity (an entity's few size checks, a stat each, in
        the event loop: cheaper than a hop); returns the jobs left to download. `recorded`
        are the records of `key`, the entity listed."""
        checks = [
            (job, record) for job in jobs if (record := self._saved_record(job, key, recorded))
        ]
        if not checks:
            return jobs
        by_hash = self.verify_mode == "sha256"
        files = [
            (
                os.path.join(self._root_text, str(record.path)),
                record.size or 0,
                record.sha256 if by_hash else None,
            )
            for _, record in checks
        ]
        if by_hash or len(files) > _STATS_IN_LOOP:
            verified = await verify_all(files)
        else:
            verified = match_all(files)
        done: set[int] = set()
        for (job, record), whole in zip(checks, verified, strict=True):
            if whole:
                done.add(id(job))
                self._finish(
                    self._result(
                        job.entity,
                        job.attachment,
                        FileStatus.SKIPPED,
                        record.path,
                        record.size,
                        record.sha256,
                        ALREADY_SAVED,
                    )
                )
        return [job for job in jobs if id(job) not in done]

    async def _file(self, job: _FileJob) -> None:
        await self.committer.submit(await self._download(job))

    async def _download(self, job: _FileJob) -> Pending:
        key, attachment, path = job.entity, job.attachment, job.path
        target = Target(job.folder, posixpath.basename(path))
        try:
            downloaded = await download(
                self.client,
                attachment,
                job.folder,
                open_temp=self._open_temp,
            )
        except ContentUnavailableError as exc:
            result = self._result(key, attachment, FileStatus.SKIPPED, reason=str(exc), error=exc)
            return Pending(result, self._record(result, RecordStatus.UNAVAILABLE))
        except (AttachkitError, OSError) as exc:
            result = self._result(key, attachment, FileStatus.FAILED, reason=str(exc), error=exc)
            self._failed(exc)
            return Pending(result, self._record(result, RecordStatus.FAILED))
        self._succeeded()
        result = self._result(
            key, attachment, FileStatus.SAVED, path, downloaded.size, downloaded.sha256
        )
        record = self._record(result, RecordStatus.SAVED, _updated(attachment))
        return Pending(result, record, target, downloaded.data, downloaded.temp)

    def _open_temp(self, directory: Path) -> tuple[int, Path]:
        """A temporary file for a large download (in a worker thread)."""
        self.directories.make(directory)
        return create_temp(directory)

    def _committed(self, item: Pending, error: FileError | None) -> None:
        """The committer wrote `item`: report it, as failed if its file could not be saved."""
        result = item.result
        if error is not None:
            result = attrs.evolve(
                result,
                status=FileStatus.FAILED,
                path=None,
                size=None,
                sha256=None,
                reason=str(error),
                error=error,
            )
            self._failed(error)
        self._finish(result)

    def _finish(self, result: FileResult) -> None:
        self.results.append(result)
        self._counts[result.status] += 1
        if result.status is FileStatus.SAVED:
            self._bytes_saved += result.size or 0
        self._report(result)

    def _result(
        self,
        key: str,
        attachment: Attachment,
        status: FileStatus,
        path: str | None = None,
        size: int | None = None,
        sha256: str | None = None,
        reason: str | None = None,
        error: BaseException | None = None,
    ) -> FileResult:
        return FileResult(
            vendor=self.vendor,
            entity=key,
            attachment_id=attachment.id,
            name=attachment.name,
            status=status,
            path=path,
            size=size,
            sha256=sha256,
            reason=reason,
            error=error,
        )

    def _record(
        self, result: FileResult, status: str, updated_at: str | None = None
    ) -> ManifestRecord:
        return ManifestRecord(
            vendor=result.vendor,
            entity=result.entity,
            attachment_id=result.attachment_id,
            name=result.name,
            status=status,
            path=result.path,
            size=result.size,
            sha256=result.sha256,
            updated_at=updated_at,
            reason=result.reason,
            listed_by=self._listed_by(result.attachment_id) if self._also else (),
        )

    # --- reporting ------------------------------------------------------------------

    def _entity_done(self) -> None:
        self.entities_done += 1
        self._report(None)

    def _report(self, last: FileResult | None) -> None:
        if self.progress is None:
            return
        self.progress(
            ExportProgress(
                entities_total=self.entities_total,
                entities_found=self.feed.found,
                discovering=self.feed.discovering,
                entities_done=self.entities_done,
                files_total=self.files_total,
                files_done=len(self.results),
                saved=self._counts[FileStatus.SAVED],
                skipped=self._counts[FileStatus.SKIPPED],
                failed=self._counts[FileStatus.FAILED],
                bytes_saved=self._bytes_saved,
                bytes_total=self.bytes_total,
                last=last,
            )
        )

    def listing_records(self) -> list[ManifestRecord]:
        """Entity-level manifest records: entities whose files are known to be missing,
        and entities that were incomplete before and are whole now."""
        vendor = self.vendor
        records = [
            ManifestRecord(
                vendor=vendor,
                entity=entity.entity,
                attachment_id=ENTITY_LISTING,
                name="",
                status=RecordStatus.INCOMPLETE,
                size=entity.missing,
                reason=entity.reason,
            )
            for entity in self.incomplete
        ]
        records += [
            ManifestRecord(
                vendor=vendor,
                entity=key,
                attachment_id=ENTITY_LISTING,
                name="",
                status=RecordStatus.COMPLETE,
            )
            for key in self._listed_whole
        ]
        return records

    def linked_records(self) -> list[ManifestRecord]:
        """The records of shared files that more entities listed than their record names
        (listed after the file was recorded), with every entity that listed them."""
        vendor = self.vendor
        keys = [
            (vendor, entities[0], attachment_id) for attachment_id, entities in self._also.items()
        ]
        # Records written in this run are not all kept in memory: read the others back.
        kept = {key: record for key in keys if (record := self.manifest.get(*key)) is not None}
        kept.update(self.manifest.latest(key for key in keys if key not in kept))
        records: list[ManifestRecord] = []
        for key, record in kept.items():
            listed_by = self._listed_by(key[2])
            if record.listed_by != listed_by:
                records.append(attrs.evolve(record, listed_by=listed_by))
        return records

    def summary(self) -> ExportSummary:
        if self.aborted is not None:
            # Listed but never started: failed (not recorded), so the next run tries them.
            reason = f"not attempted: the run stopped ({self.aborted})"
            for job in self.scheduler.unstarted():
                self.results.append(
                    self._result(job.entity, job.attachment, FileStatus.FAILED, reason=reason)
                )
            self.not_attempted.extend(str(entity) for entity in self.feed.drain())
        if self._also:
            self.results = [
                attrs.evolve(result, listed_by=listed_by)
                if (listed_by := self._listed_by(result.attachment_id))
                else result
                for result in self.results
            ]
        results, self.results = self.results, []  # the summary holds them from here
        # What the run kept per entity is not needed any more: its memory goes to sorting.
        self._seen.clear()
        self.directories.forget()
        # By entity, path and id: stable sorts in place, last key first, so that no key
        # object is made per file (a run may have hundreds of thousands).
        results.sort(key=_attachment_id)
        results.sort(key=_path)
        results.sort(key=_entity)
        incomplete = sorted(self.incomplete, key=lambda entity: entity.entity)
        return ExportSummary(
            incomplete=tuple(incomplete),
            vendor=self.vendor,
            directory=self.root,
            manifest=self.manifest.path,
            files=tuple(results),
            entity_failures=tuple(self.entity_failures),
            not_attempted=tuple(self.not_attempted),
            aborted=self.aborted,
            abort_error=self.abort_error,
            notes=tuple(self.notes),
        )


def _attachment_id(result: FileResult) -> str:
    return result.attachment_id


def _path(result: FileResult) -> str:
    return result.path or ""


def _entity(result: FileResult) -> str:
    return result.entity


def _updated(attachment: Attachment) -> str | None:
    return None if attachment.updated_at is None else attachment.updated_at.isoformat()
