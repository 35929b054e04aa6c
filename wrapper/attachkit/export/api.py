"""The public entry points: `export_files` (async), `export_files_sync`, and `last_run`."""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Iterable
from datetime import UTC, datetime
from pathlib import Path

import anyio
import anyio.to_thread
import attrs

from ..descriptor import DiscoveryQuery
from .discovery import Discover, DiscoveryPlan, plan_discovery, recorded_bookmark
from .engine import ExportRun, Verify
from .listing import EntityId, ExportClient, listing_for
from .lock import DirectoryLock
from .manifest import MANIFEST_NAME, Manifest, ManifestRecord
from .results import DiscoveryReport, ExportSummary, ProgressCallback

__all__ = ["Entities", "discovery_query", "export_files", "export_files_sync", "last_run"]

Entities = Iterable[EntityId] | AsyncIterable[EntityId] | Discover
"""What to export: entity ids (an iterable, or an async one such as a client's discovery
paginator, read as the run goes), or `Discover(...)` for every entity the vendor finds."""


def _check(concurrency: object, verify: object) -> None:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a positive integer, not {concurrency!r}")
    if verify not in ("sha256", "size"):
        raise ValueError(f"verify must be 'sha256' or 'size', not {verify!r}")


def _manifest_path(root: Path, manifest: str | os.PathLike[str] | None) -> Path:
    return Path(manifest) if manifest is not None else root / MANIFEST_NAME


async def export_files(
    client: ExportClient,
    entities: Entities,
    directory: str | os.PathLike[str],
    *,
    concurrency: int = 8,
    progress: ProgressCallback | None = None,
    manifest: str | os.PathLike[str] | None = None,
    verify: Verify = "sha256",
    **options: object,
) -> ExportSummary:
    """Saves every file of `entities` under `directory`/<vendor>/<entity>/<safe name>.

    `client` is any vendor's async client and `entities` are ids of that vendor's entities:
    an iterable, an async iterable (a discovery paginator such as
    `client.list_clients(456)`, whose pages are fetched while the first entities' files
    download), or `Discover()` for every entity the vendor's discovery finds for
    `options`, with `Discover(since_last_run=True)` or `Discover(updated_since=...)` for
    only those changed since (see `attachkit.export.Discover`). `options` are the vendor's
    own listing options, given to each entity's listing (see the vendor's descriptor: a
    filter by entity or file type, or the location its clients belong to); one that does not
    apply to the vendor is a TypeError. At most `concurrency` requests run at once. The
    manifest (`directory`/attachkit-manifest.jsonl unless `manifest` names another file)
    records every outcome, so a second run skips files that are saved and still `verify`
    (by SHA-256, or by size only) and retries the rest; after a discovery run without
    failures it records the run's start as the query's bookmark. One entity or file
    failing does not stop the others; refused credentials, a rate limit the client will not
    wait out, or an unreachable vendor stop the run early (`summary.aborted`). `progress`
    is called after each entity listing, each file and each page of discovered entities.
    Only one export at a time may use a directory (`ExportLockedError`).
    """
    _check(concurrency, verify)
    plan = plan_discovery(client, entities, options) if isinstance(entities, Discover) else None
    vendor, listing = listing_for(client, options if plan is None else plan.listing_options)
    root = Path(directory)
    manifest_path = _manifest_path(root, manifest)
    with DirectoryLock(root):
        book = await anyio.to_thread.run_sync(Manifest.open, manifest_path)
        # Each entity is looked up once a run: what the run appends need not stay in memory.
        book.remember_appended = False
        started = datetime.now(UTC)
        ids = entities if plan is None else plan.begin(book)
        assert not isinstance(ids, Discover)
        run = ExportRun(client, vendor.name, listing, root, book, ids, verify, progress)
        try:
            await _run_workers(run, concurrency)
            summary = run.summary()
            records = run.listing_records() + run.linked_records()
            if plan is not None:
                summary, bookmark = _with_discovery(summary, plan, run, started)
                if bookmark is not None:
                    records.append(bookmark)
            elif run.feed.discovering or run.feed.error is not None:
                summary = attrs.evolve(summary, discovery=_unfinished(summary, run))
            await anyio.to_thread.run_sync(book.append_all, records)
            return summary
        finally:
            with anyio.CancelScope(shield=True):
                await run.feed.aclose()
            book.close()


def _feed_error(summary: ExportSummary, run: ExportRun) -> str | None:
    """Why the entity ids did not all come, if they did not."""
    feed = run.feed
    if feed.error is not None:
        return str(feed.error)
    if feed.discovering:
        return f"discovery did not finish: the run stopped ({summary.aborted})"
    return None


def _with_discovery(
    summary: ExportSummary, plan: DiscoveryPlan, run: ExportRun, started: datetime
) -> tuple[ExportSummary, ManifestRecord | None]:
    error = _feed_error(summary, run)
    report, bookmark = plan.finish(started, run.feed.found, error, summary.ok)
    summary = attrs.evolve(summary, discovery=report)
    return summary, bookmark


def _unfinished(summary: ExportSummary, run: ExportRun) -> DiscoveryReport:
    """What an async iterable of ids that ended early gave, so that the run is not ok."""
    return DiscoveryReport(
        query="the entity ids given",
        since=None,
        last_run=None,
        found=run.feed.found,
        error=_feed_error(summary, run),
    )


async def _run_workers(run: ExportRun, concurrency: int) -> None:
    try:
        async with anyio.create_task_group() as group:
            for _ in range(concurrency):
                group.start_soon(run.worker)
    except BaseExceptionGroup as group:
        # A worker only fails on a bug or a raising progress callback: show that error.
        if len(group.exceptions) == 1:
            raise group.exceptions[0] from None
        raise


def export_files_sync(
    client: ExportClient,
    entities: Entities,
    directory: str | os.PathLike[str],
    *,
    concurrency: int = 8,
    progress: ProgressCallback | None = None,
    manifest: str | os.PathLike[str] | None = None,
    verify: Verify = "sha256",
    **options: object,
) -> ExportSummary:
    """`export_files` for synchronous code. It runs its own event loop and closes `client`
    at the end: an async client's connections cannot outlive the loop that opened them."""
    # The client and options are checked before the loop starts.
    if isinstance(entities, Discover):
        listing_for(client, plan_discovery(client, entities, options).listing_options)
    else:
        listing_for(client, options)

    async def run() -> ExportSummary:
        async with client:
            return await export_files(
                client,
                entities,
                directory,
                concurrency=concurrency,
                progress=progress,
                manifest=manifest,
                verify=verify,
                **options,
            )

    return anyio.run(run)


def discovery_query(client: ExportClient, discover: Discover, **options: object) -> DiscoveryQuery:
    """The query `export_files(client, discover, ..., **options)` would discover with (its
    `label` says what it finds, `dated` whether the vendor can tell what changed), checked
    without a request: TypeError for a vendor that cannot list its entities or options that
    do not apply, ValueError for values that make no query."""
    return plan_discovery(client, discover, options).query


def last_run(
    client: ExportClient,
    directory: str | os.PathLike[str],
    *,
    manifest: str | os.PathLike[str] | None = None,
    **options: object,
) -> datetime | None:
    """When the last run of `export_files(client, Discover(...), directory, **options)`
    that completed without failures started (its bookmark), or None: what
    `Discover(since_last_run=True)` would start from. Reads the manifest only."""
    plan = plan_discovery(client, Discover(), options)
    return recorded_bookmark(_manifest_path(Path(directory), manifest), plan)
