"""Bulk export: every file of many entities of one vendor, saved under one directory.

    from attachkit.export import export_files

    async with client:                 # any vendor's async client
        summary = await export_files(client, entity_ids, "out/", concurrency=8)
    print(len(summary.saved), len(summary.skipped), len(summary.failed))

Files land in `out/<vendor>/<entity folder>/<safe name>` (the vendor's descriptor says
which folders an entity gets); `out/attachkit-manifest.jsonl` records each outcome so that a re-run
downloads only what is missing, changed or failed. `export_files_sync` does the same from
synchronous code.

The entities may come from a discovery paginator (`client.list_clients(456)`), read as
the run goes, or be found by the vendor's discovery itself, with only those changed since
the last complete run where the vendor can tell:

    summary = await export_files(client, Discover(since_last_run=True), "out/", location_id=456)
"""

from .api import Entities, discovery_query, export_files, export_files_sync, last_run
from .discovery import Discover
from .engine import Verify
from .fetch import IncompleteDownloadError
from .listing import EntityId, ExportClient
from .lock import ExportLockedError
from .manifest import MANIFEST_NAME, Manifest, ManifestRecord
from .results import (
    DiscoveryReport,
    EntityFailure,
    EntityIncomplete,
    ExportProgress,
    ExportSummary,
    FileResult,
    FileStatus,
    ProgressCallback,
)

__all__ = [
    "MANIFEST_NAME",
    "Discover",
    "DiscoveryReport",
    "Entities",
    "EntityFailure",
    "EntityId",
    "EntityIncomplete",
    "ExportClient",
    "ExportLockedError",
    "ExportProgress",
    "ExportSummary",
    "FileResult",
    "FileStatus",
    "IncompleteDownloadError",
    "Manifest",
    "ManifestRecord",
    "ProgressCallback",
    "Verify",
    "discovery_query",
    "export_files",
    "export_files_sync",
    "last_run",
]
