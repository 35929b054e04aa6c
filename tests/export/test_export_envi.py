"""Exporting Envi entities against the in-process sandbox: what is saved, skipped, retried."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import anyio
import httpx2
import pytest

from attachkit._core.saving import TEMP_PREFIX
from attachkit.errors import APIConnectionError, AuthenticationError
from attachkit.export import (
    MANIFEST_NAME,
    ExportLockedError,
    ExportProgress,
    ExportSummary,
    FileStatus,
    IncompleteDownloadError,
    export_files,
    export_files_sync,
)
from attachkit.export.lock import DirectoryLock
from attachkit_sandbox import FaultRule
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, envi_bulk_entity_ids
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.export.helpers import Recorder, saved_files, temp_files
from tests.vendors.envi import envi_app, sandbox_envi_client

pytestmark = pytest.mark.anyio

BULK = envi_bulk_entity_ids()[:12]


def expected(entities: list[UUID]) -> dict[tuple[str, str], str]:
    """(entity, file id) -> SHA-256 of every file with content, as the sandbox serves it."""
    data = envi_data()
    return {
        (str(entity), str(file.file_id)): file.sha256
        for entity in entities
        for file in data.listing(entity)
        if file.has_content
    }


def content_path(file_id: str) -> str:
    return f"/envi/odata/FileAttachments/{file_id}/content"


def outcome(summary: ExportSummary, root: Path) -> dict[tuple[str, str], str]:
    """(entity, file id) -> SHA-256 of the file on disk, for every file the run reports."""
    on_disk = saved_files(root)
    return {
        (r.entity, r.attachment_id): on_disk[r.path]
        for r in summary.files
        if r.status is not FileStatus.FAILED and r.path is not None
    }


async def test_every_file_is_saved_with_the_sandbox_bytes(tmp_path: Path) -> None:
    entities = [ENVI_PO_ID, *BULK]
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, entities, tmp_path)

    assert summary.ok
    assert outcome(summary, tmp_path) == expected(entities)
    assert {r.sha256 for r in summary.saved} == set(expected(entities).values())
    for result in summary.saved:
        assert result.path is not None
        assert result.path.startswith(f"envi/{result.entity}/")
    # The PO's four files without content are skipped, each saying why.
    unavailable = {r.name: r.reason for r in summary.skipped}
    assert set(unavailable) == {
        "old quote.pdf",
        "upload in progress.pdf",
        "failed scan.tif",
        "damaged.xlsx",
    }
    assert "status Deleted" in str(unavailable["old quote.pdf"])
    assert saved_files(tmp_path).keys() == {r.path for r in summary.saved}


async def test_manifest_records_each_outcome(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, [ENVI_PO_ID], tmp_path)

    lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    records = {record["attachment_id"]: record for record in map(json.loads, lines)}
    assert len(records) == len(summary.files)
    for result in summary.saved:
        record = records[result.attachment_id]
        assert (record["status"], record["path"], record["size"], record["sha256"]) == (
            "saved",
            result.path,
            result.size,
            result.sha256,
        )
        assert record["vendor"] == "envi"
        assert record["entity"] == str(ENVI_PO_ID)
    assert {r["status"] for r in records.values()} == {"saved", "unavailable"}


async def test_a_file_is_reported_saved_only_once_it_is_whole_on_disk_and_recorded(
    tmp_path: Path,
) -> None:
    reported: list[str] = []

    def check(progress: ExportProgress) -> None:
        last = progress.last
        if last is None or last.status is not FileStatus.SAVED:
            return
        assert last.path is not None
        lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
        records = {record["attachment_id"]: record for record in map(json.loads, lines)}
        assert records[last.attachment_id]["sha256"] == last.sha256
        assert saved_files(tmp_path)[last.path] == last.sha256
        reported.append(last.attachment_id)

    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, BULK, tmp_path, concurrency=4, progress=check)

    assert sorted(reported) == sorted(r.attachment_id for r in summary.saved)
    assert len(reported) == len(expected(list(BULK)))


async def test_a_rerun_downloads_nothing_that_is_complete(tmp_path: Path) -> None:
    entities = [ENVI_PO_ID, *BULK]
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        first = await export_files(envi, entities, tmp_path)
        recorder.reset()
        second = await export_files(envi, entities, tmp_path)

    assert recorder.content_requests() == []
    assert second.saved == ()
    assert {r.attachment_id for r in second.already_saved} == {r.attachment_id for r in first.saved}
    assert outcome(second, tmp_path) == expected(entities)


async def test_a_rerun_over_a_manifest_written_before_the_index_skips_and_redownloads(
    tmp_path: Path,
) -> None:
    # The manifest an earlier release wrote for these two entities (tests/export/
    # manifest_before_index.jsonl), over the files this release saves for them.
    entities = [ENVI_PO_ID, BULK[0]]
    before = Path(__file__).with_name("manifest_before_index.jsonl").read_bytes()
    recorded = [json.loads(line) for line in before.splitlines()]
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        await export_files(envi, entities, tmp_path)
        (tmp_path / MANIFEST_NAME).write_bytes(before)

        recorder.reset()
        again = await export_files(envi, entities, tmp_path, verify="size")
        assert recorder.content_requests() == []
        assert sorted((r.attachment_id, r.path) for r in again.already_saved) == sorted(
            (line["attachment_id"], line["path"]) for line in recorded if line["status"] == "saved"
        )
        victim = again.already_saved[0]
        assert victim.path is not None
        (tmp_path / victim.path).unlink()

        recorder.reset()
        third = await export_files(envi, entities, tmp_path)
    assert recorder.content_requests() == [victim.attachment_id]
    assert outcome(third, tmp_path) == expected(entities)


async def test_failed_downloads_are_reported_and_only_they_are_retried(tmp_path: Path) -> None:
    files = [file for entity in BULK[:4] for file in envi_data().listing(entity)]
    broken = [str(files[1].file_id), str(files[3].file_id)]
    # Three 500s: the first try and both retries of the client's default policy.
    rules = tuple(FaultRule("status=500;times=3", path_prefix=content_path(f)) for f in broken)
    recorder = Recorder(envi_app(fault_rules=rules))
    async with sandbox_envi_client(recorder) as envi:
        first = await export_files(envi, BULK[:4], tmp_path)
        assert sorted(r.attachment_id for r in first.failed) == sorted(broken)
        for result in first.failed:
            assert "HTTP 500" in str(result.reason)
            assert result.path is None
        assert len(first.saved) == len(files) - 2

        recorder.reset()
        second = await export_files(envi, BULK[:4], tmp_path)

    assert sorted(recorder.content_requests()) == sorted(broken)
    assert sorted(r.attachment_id for r in second.saved) == sorted(broken)
    assert second.ok
    assert outcome(second, tmp_path) == expected(list(BULK[:4]))


async def test_a_cancelled_run_leaves_no_partial_files_and_a_rerun_completes(
    tmp_path: Path,
) -> None:
    # Enough files that the run is still downloading when the first batches are reported.
    entities = list(envi_bulk_entity_ids()[:60])
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        with anyio.CancelScope() as scope:

            def stop_after_some(progress: ExportProgress) -> None:
                if progress.saved >= 5:
                    scope.cancel()

            await export_files(envi, entities, tmp_path, concurrency=4, progress=stop_after_some)
        assert scope.cancelled_caught

        assert temp_files(tmp_path) == []
        # Whatever got a final name is whole: its bytes are the sandbox's.
        shas = set(expected(entities).values())
        partial = saved_files(tmp_path)
        assert 5 <= len(partial) < len(expected(entities))
        assert set(partial.values()) <= shas
        lines = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
        recorded = {json.loads(line)["attachment_id"] for line in lines}

        recorder.reset()
        summary = await export_files(envi, entities, tmp_path)

    all_files = {file_id for _, file_id in expected(entities)}
    assert sorted(recorder.content_requests()) == sorted(all_files - recorded)
    assert summary.ok
    assert outcome(summary, tmp_path) == expected(entities)


async def test_a_torn_manifest_line_and_stale_temporary_files_are_tolerated(
    tmp_path: Path,
) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        await export_files(envi, BULK[:3], tmp_path)
        manifest = tmp_path / MANIFEST_NAME
        with manifest.open("ab") as handle:
            handle.write(b'{"vendor":"envi","entity":"')  # a write cut short by a kill
        stale = tmp_path / "envi" / str(BULK[0]) / f"{TEMP_PREFIX}killed.part"
        stale.write_bytes(b"half a fi")

        recorder.reset()
        summary = await export_files(envi, BULK[:3], tmp_path)

    assert recorder.content_requests() == []
    assert len(summary.already_saved) == len(expected(list(BULK[:3])))
    assert not stale.exists()
    lines = manifest.read_bytes().splitlines()
    assert all(json.loads(line)["vendor"] == "envi" for line in lines)
    assert manifest.read_bytes().endswith(b"\n")


async def test_a_file_changed_on_disk_is_downloaded_again(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        first = await export_files(envi, BULK[:2], tmp_path)
        victim = first.saved[0]
        assert victim.path is not None
        (tmp_path / victim.path).write_bytes(b"edited")
        (tmp_path / str(first.saved[1].path)).unlink()

        recorder.reset()
        second = await export_files(envi, BULK[:2], tmp_path)

    assert sorted(recorder.content_requests()) == sorted(
        [victim.attachment_id, first.saved[1].attachment_id]
    )
    assert outcome(second, tmp_path) == expected(list(BULK[:2]))


async def test_a_short_download_is_not_kept(tmp_path: Path) -> None:
    file = envi_data().listing(BULK[0])[0]
    rule = FaultRule("truncate", path_prefix=content_path(str(file.file_id)))
    recorder = Recorder(envi_app(fault_rules=(rule,)))
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, BULK[:1], tmp_path)

    (failed,) = summary.failed
    assert failed.attachment_id == str(file.file_id)
    assert isinstance(failed.error, IncompleteDownloadError)
    assert f"the vendor lists {file.size}" in str(failed.reason)
    assert file.sha256 not in saved_files(tmp_path).values()
    assert temp_files(tmp_path) == []


async def test_one_failing_entity_does_not_stop_the_others(tmp_path: Path) -> None:
    forbidden = BULK[0]
    rule = FaultRule("status=403", path_prefix=f"/envi/odata/FileAttachments({forbidden})")
    recorder = Recorder(envi_app(fault_rules=(rule,)))
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, ["not-a-uuid", *BULK[:4]], tmp_path)

    failures = {failure.entity: failure.reason for failure in summary.entity_failures}
    assert set(failures) == {"not-a-uuid", str(forbidden)}
    assert "HTTP 403" in failures[str(forbidden)]
    assert "not a UUID" in failures["not-a-uuid"]
    assert not summary.ok
    assert outcome(summary, tmp_path) == expected(list(BULK[1:4]))


async def test_refused_credentials_stop_the_run(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder, password="wrong") as envi:
        summary = await export_files(envi, BULK, tmp_path, concurrency=2)

    assert isinstance(summary.abort_error, AuthenticationError)
    assert summary.aborted is not None
    assert "credentials refused" in summary.aborted
    # The two workers' first listings fail; the other entities are never tried.
    assert len(summary.entity_failures) <= 2
    assert len(summary.not_attempted) == len(BULK) - len(summary.entity_failures)
    assert saved_files(tmp_path) == {}


async def test_concurrency_bounds_requests_in_flight(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, BULK, tmp_path, concurrency=3)

    assert summary.ok
    assert recorder.max_in_flight == 3


async def test_progress_reports_every_entity_and_file(tmp_path: Path) -> None:
    seen: list[ExportProgress] = []
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, BULK[:5], tmp_path, progress=seen.append)

    last = seen[-1]
    assert (last.entities_total, last.entities_done) == (5, 5)
    assert last.files_done == last.files_total == len(summary.files)
    assert last.saved == len(summary.saved)
    assert last.bytes_saved == summary.bytes_saved > 0
    assert [p.files_done for p in seen] == sorted(p.files_done for p in seen)


async def test_a_second_export_into_the_same_directory_is_refused(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    with DirectoryLock(tmp_path):
        async with sandbox_envi_client(recorder) as envi:
            with pytest.raises(ExportLockedError, match="another export is running"):
                await export_files(envi, BULK[:1], tmp_path)
    assert recorder.paths == []


def test_the_sync_entry_point_runs_its_own_loop(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    summary = export_files_sync(sandbox_envi_client(recorder), BULK[:2], tmp_path)
    assert outcome(summary, tmp_path) == expected(list(BULK[:2]))


async def test_options_of_another_vendor_are_refused(tmp_path: Path) -> None:
    async with sandbox_envi_client(Recorder(envi_app())) as envi:
        with pytest.raises(TypeError, match="location_id does not apply"):
            await export_files(envi, BULK[:1], tmp_path, location_id=456)
        with pytest.raises(ValueError, match="concurrency"):
            await export_files(envi, BULK[:1], tmp_path, concurrency=0)


class Unreachable(Recorder):
    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.paths.append(request.url.path)
        raise httpx2.ConnectError("connection refused", request=request)


async def test_an_unreachable_vendor_stops_the_run_instead_of_failing_every_entity(
    tmp_path: Path,
) -> None:
    entities = envi_bulk_entity_ids()[:40]
    recorder = Unreachable(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, entities, tmp_path, concurrency=2)

    assert isinstance(summary.abort_error, APIConnectionError)
    assert summary.aborted is not None
    assert "unreachable" in summary.aborted
    assert len(summary.entity_failures) < len(entities)
    assert len(summary.entity_failures) + len(summary.not_attempted) == len(entities)


async def test_size_only_verification_skips_hashing_on_a_rerun(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        first = await export_files(envi, BULK[:2], tmp_path)
        victim = first.saved[0]
        assert victim.path is not None
        target = tmp_path / victim.path
        target.write_bytes(b"X" * target.stat().st_size)  # same size, other bytes

        recorder.reset()
        await export_files(envi, BULK[:2], tmp_path, verify="size")
        assert recorder.content_requests() == []
        await export_files(envi, BULK[:2], tmp_path)
        assert recorder.content_requests() == [victim.attachment_id]


async def test_a_rate_limited_download_waits_as_the_vendor_says_then_succeeds(
    tmp_path: Path,
) -> None:
    file = envi_data().listing(BULK[0])[0]
    rule = FaultRule(
        "status=429;retry-after=3;times=1", path_prefix=content_path(str(file.file_id))
    )
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    recorder = Recorder(envi_app(fault_rules=(rule,)))
    async with sandbox_envi_client(recorder, sleep=sleep) as envi:
        summary = await export_files(envi, BULK[:1], tmp_path)

    assert summary.ok
    assert waits == [3.0]
    assert recorder.content_requests().count(str(file.file_id)) == 2


async def test_a_rate_limit_longer_than_the_client_waits_stops_the_run(tmp_path: Path) -> None:
    rule = FaultRule("status=429;retry-after=1256", path_prefix="/envi/odata/FileAttachments/")
    recorder = Recorder(envi_app(fault_rules=(rule,)))
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, BULK, tmp_path, concurrency=2)

    assert summary.aborted == "rate limited by envi (retry after 1256 s)"
    assert summary.not_attempted
    assert saved_files(tmp_path) == {}
