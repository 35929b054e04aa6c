"""The public entry points: `export_files` (async) and `export_files_sync`."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import anyio
import anyio.to_thread

from .engine import ExportRun, Verify
from .lock import DirectoryLock
from .manifest import MANIFEST_NAME, Manifest
from .results import ExportSummary, ProgressCallback
from .sources import EntityId, ExportClient, source_for

__all__ = ["export_files", "export_files_sync"]


async def export_files(
    client: ExportClient,
    entities: Iterable[EntityId],
    directory: str | os.PathLike[str],
    *,
    concurrency: int = 8,
    progress: ProgressCallback | None = None,
    manifest: str | os.PathLike[str] | None = None,
    verify: Verify = "sha256",
    **options: object,
) -> ExportSummary:
    """Saves every file of `entities` under `directory`/<vendor>/<entity>/<safe name>.

    `client` is any vendor's async client and `entities` are ids of that vendor's entities.
    `options` are the vendor's own listing options, given to each entity's listing (see
    the vendor's descriptor: a filter by entity or file type, or the location its clients
    belong to); one that does not apply to the vendor is a TypeError. At most
    `concurrency` requests run at once. The manifest
    (`directory`/attachkit-manifest.jsonl unless `manifest` names another file) records
    every outcome, so a second run skips files that are saved and still `verify` (by
    SHA-256, or by size only) and retries the rest. One entity or file failing does not
    stop the others; refused credentials, a rate limit the client will not wait out, or
    an unreachable vendor stop the run early (`summary.aborted`). `progress` is called
    after each entity listing and each file. Only one export at a time may use a
    directory (`ExportLockedError`).
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ValueError(f"concurrency must be a positive integer, not {concurrency!r}")
    if verify not in ("sha256", "size"):
        raise ValueError(f"verify must be 'sha256' or 'size', not {verify!r}")
    source = source_for(client, options)
    root = Path(directory)
    manifest_path = Path(manifest) if manifest is not None else root / MANIFEST_NAME
    with DirectoryLock(root):
        book = await anyio.to_thread.run_sync(Manifest.open, manifest_path)
        try:
            run = ExportRun(source, root, book, entities, verify, progress)
            await _run_workers(run, concurrency)
            await anyio.to_thread.run_sync(book.append_all, run.listing_records())
            return run.summary()
        finally:
            book.close()


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
    entities: Iterable[EntityId],
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
    source_for(client, options)  # the client and options are checked before the loop starts

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
