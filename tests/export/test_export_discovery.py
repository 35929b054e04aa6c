"""Exporting every entity a vendor's discovery finds, and only what changed since the last
complete run: ids streamed into the workers, bookmarks in the manifest, linked files."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import UUID

import anyio
import pytest

from attachkit.envi import EnviEntityType
from attachkit.errors import ServerError
from attachkit.export import (
    MANIFEST_NAME,
    Discover,
    ExportProgress,
    FileStatus,
    discovery_query,
    export_files,
    export_files_sync,
    last_run,
)
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.envi import (
    ENVI_OCR_INVOICE_ID,
    ENVI_PO_ID,
    ENVI_RECEIVED_INVOICE_ID,
    envi_bulk_entity_ids,
)
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.export.helpers import Recorder, saved_files
from tests.vendors.altegio import sandbox_altegio_client
from tests.vendors.amili import sandbox_amili_client
from tests.vendors.envi import envi_app, sandbox_envi_client

pytestmark = pytest.mark.anyio

PO = EnviEntityType.PURCHASE_ORDER
REQUISITION = EnviEntityType.REQUISITION
ENTITY_SETS = ("/envi/odata/PurchaseOrders", "/envi/odata/Requisitions")


def altegio_app() -> Recorder:
    return Recorder(create_app(SandboxConfig(rate_limits=False)))


def manifest_lines(root: Path) -> list[dict[str, object]]:
    lines = (root / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def bookmarks(root: Path) -> list[dict[str, object]]:
    return [line for line in manifest_lines(root) if line["status"] == "bookmark"]


def discovery_requests(recorder: Recorder) -> list[str]:
    return [path for path in recorder.paths if path.endswith(("/clients/search", *ENTITY_SETS))]


# --- every entity -----------------------------------------------------------------------------


async def test_a_whole_altegio_location_is_exported(tmp_path: Path) -> None:
    recorder = altegio_app()
    async with sandbox_altegio_client(recorder, None) as altegio:
        summary = await export_files(altegio, Discover(), tmp_path, location_id=ALTEGIO_LOCATION_ID)

    location = altegio_locations()[ALTEGIO_LOCATION_ID]
    expected = {
        f"altegio/{ALTEGIO_LOCATION_ID}/{client}/{file.name}": file.sha256
        for client, files in location.clients.items()
        for file in files
    }
    assert saved_files(tmp_path) == expected
    assert summary.ok
    assert summary.discovery is not None
    assert (summary.discovery.found, summary.discovery.query) == (
        303,
        "the clients of location 456",
    )
    # Two pages of 200 found them; each client's files were listed once.
    assert len(discovery_requests(recorder)) == 2
    assert sum("/clients/files/" in path for path in recorder.paths) == 303


async def test_the_first_file_downloads_before_discovery_ends(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        with anyio.CancelScope() as scope:

            def stop_at_the_first_file(progress: ExportProgress) -> None:
                if progress.saved:
                    scope.cancel()

            ids = envi.list_entities(REQUISITION, page_size=100)
            await export_files(envi, ids, tmp_path, concurrency=4, progress=stop_at_the_first_file)
        assert scope.cancelled_caught

    pages = [path for path in recorder.paths if path == "/envi/odata/Requisitions"]
    assert recorder.content_requests()
    assert 1 <= len(pages) < 21  # 2,001 requisitions need 21 pages of 100
    assert recorder.max_in_flight <= 4


async def test_discovery_holds_only_a_few_ids_ahead_of_the_workers(tmp_path: Path) -> None:
    pulled = 0
    ahead: list[int] = []
    entities = list(envi_bulk_entity_ids()[:600])

    async def ids() -> AsyncIterator[UUID]:
        nonlocal pulled
        for entity in entities:
            pulled += 1
            yield entity

    def progress(snapshot: ExportProgress) -> None:
        ahead.append(pulled - snapshot.entities_done)

    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, ids(), tmp_path, concurrency=4, progress=progress)

    assert summary.ok
    assert pulled == len(entities)
    assert summary.discovery is None  # ids given, not discovered: no bookmark either
    # The ids waiting never grow with the number of entities: at most the refill mark and
    # those the workers are listing.
    assert max(ahead) <= 64 + 4


async def test_progress_counts_the_entities_found_while_discovering(tmp_path: Path) -> None:
    seen: list[ExportProgress] = []
    recorder = altegio_app()
    async with sandbox_altegio_client(recorder, None) as altegio:
        ids = altegio.list_clients(ALTEGIO_LOCATION_ID, page_size=100)
        await export_files(
            altegio, ids, tmp_path, location_id=456, concurrency=4, progress=seen.append
        )

    during = [p for p in seen if p.discovering]
    assert during
    assert all(p.entities_total is None for p in during)
    assert sorted({p.entities_found for p in during}) == [100, 200, 300, 303]
    assert seen[-1].discovering is False
    assert (seen[-1].entities_total, seen[-1].entities_found) == (303, 303)


async def test_a_discovery_failure_is_reported_and_records_no_bookmark(tmp_path: Path) -> None:
    rule = FaultRule("status=500", path_prefix="/envi/odata/PurchaseOrders")
    recorder = Recorder(envi_app(fault_rules=(rule,)))
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, Discover(), tmp_path, entity_type=PO)

    assert summary.discovery is not None
    assert summary.discovery.error is not None
    assert "HTTP 500" in summary.discovery.error
    assert not summary.ok
    assert bookmarks(tmp_path) == []


async def test_an_async_iterable_that_fails_is_a_discovery_failure(tmp_path: Path) -> None:
    async def ids() -> AsyncIterator[UUID]:
        yield ENVI_PO_ID
        raise ServerError(
            "envi: HTTP 500 while listing", vendor="envi", status_code=500, vendor_message=None
        )

    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, ids(), tmp_path)
    assert not summary.ok
    assert summary.discovery is not None
    assert summary.discovery.error == "envi: HTTP 500 while listing"
    assert summary.discovery.found == 1
    assert {r.entity for r in summary.saved} == {str(ENVI_PO_ID)}


# --- only what changed --------------------------------------------------------------------


async def test_since_last_run_twice_sends_only_the_discovery_request(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        before = datetime.now(UTC)
        first = await export_files(envi, Discover(since_last_run=True), tmp_path, entity_type=PO)
        after = datetime.now(UTC)
        recorder.reset()
        second = await export_files(envi, Discover(since_last_run=True), tmp_path, entity_type=PO)

    assert first.ok
    assert first.discovery is not None
    assert first.discovery.last_run is None
    assert first.discovery.notes
    assert "no complete earlier run" in first.discovery.notes[0]
    assert first.discovery.bookmark is not None
    assert before <= first.discovery.bookmark <= after
    assert len(first.saved) == 14
    # The second run asks for the purchase orders changed since the first began: none.
    assert recorder.paths == ["/envi/odata/PurchaseOrders"]
    assert second.files == ()
    assert second.discovery is not None
    assert second.discovery.since == first.discovery.bookmark
    assert second.discovery.bookmark is not None
    assert second.discovery.bookmark > first.discovery.bookmark
    (old, new) = [line["updated_at"] for line in bookmarks(tmp_path)][-2:]
    assert (old, new) == (
        first.discovery.bookmark.isoformat(),
        second.discovery.bookmark.isoformat(),
    )


async def test_since_last_run_asks_envi_from_the_day_before_the_bookmark(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        await export_files(envi, Discover(), tmp_path, entity_type=PO)
        bookmark = last_run(envi, tmp_path, entity_type=PO)
        assert bookmark is not None
        recorder.reset()
        sent: list[str] = []
        original = recorder.handle_async_request

        async def keep(request):  # type: ignore[no-untyped-def]
            sent.append(request.url.params.get("$filter", ""))
            return await original(request)

        recorder.handle_async_request = keep  # type: ignore[method-assign]
        await export_files(envi, Discover(since_last_run=True), tmp_path, entity_type=PO)
    day = (bookmark.astimezone(UTC).date() - timedelta(days=1)).isoformat()
    assert sent == [f"lastUpdated ge {day}"]


async def test_a_failed_run_does_not_move_the_bookmark(tmp_path: Path) -> None:
    file = next(f for f in envi_data().listing(ENVI_PO_ID) if f.has_content)
    rule = FaultRule("status=500", path_prefix=f"/envi/odata/FileAttachments/{file.file_id}/")
    async with sandbox_envi_client(Recorder(envi_app())) as envi:
        first = await export_files(envi, Discover(), tmp_path, entity_type=PO)
    assert first.discovery is not None
    assert first.discovery.bookmark is not None
    (saved,) = [r for r in first.saved if r.attachment_id == str(file.file_id)]
    (tmp_path / str(saved.path)).unlink()  # so that the next run downloads it again

    async with sandbox_envi_client(Recorder(envi_app(fault_rules=(rule,)))) as envi:
        failed = await export_files(envi, Discover(), tmp_path, entity_type=PO)
        assert [r.attachment_id for r in failed.failed] == [str(file.file_id)]
        assert not failed.ok
        assert failed.discovery is not None
        assert failed.discovery.bookmark is None
        assert last_run(envi, tmp_path, entity_type=PO) == first.discovery.bookmark
    assert len(bookmarks(tmp_path)) == 1


async def test_a_vendor_without_a_date_filter_lists_everything_and_downloads_nothing_new(
    tmp_path: Path,
) -> None:
    recorder = altegio_app()
    async with sandbox_altegio_client(recorder, None) as altegio:
        first = await export_files(
            altegio, Discover(since_last_run=True), tmp_path, location_id=456
        )
        recorder.reset()
        second = await export_files(
            altegio, Discover(since_last_run=True), tmp_path, location_id=456
        )

    assert first.ok
    assert second.ok
    assert second.saved == ()
    assert len(second.already_saved) == len(first.saved) == 607
    assert not any("/client_files/download/" in path for path in recorder.paths)
    assert second.discovery is not None
    assert second.discovery.since is None
    assert second.discovery.last_run == first.discovery.bookmark  # type: ignore[union-attr]
    assert "cannot tell which clients changed" in second.discovery.notes[0]
    assert second.discovery.bookmark is not None


async def test_updated_since_moves_the_bookmark_only_when_it_covers_the_last_one(
    tmp_path: Path,
) -> None:
    async with sandbox_envi_client(Recorder(envi_app())) as envi:
        early = await export_files(
            envi, Discover(updated_since=date(2025, 1, 1)), tmp_path, entity_type=PO
        )
        # No run recorded yet: records changed before 2025-01-01 were not asked for.
        assert early.discovery is not None
        assert early.discovery.bookmark is None
        full = await export_files(envi, Discover(), tmp_path, entity_type=PO)
        assert full.discovery is not None
        assert full.discovery.bookmark is not None
        today = await export_files(
            envi, Discover(updated_since=date.today()), tmp_path, entity_type=PO
        )
        assert today.discovery is not None
        assert today.discovery.bookmark is None
        moment = full.discovery.bookmark - timedelta(minutes=1)
        covering = await export_files(
            envi, Discover(updated_since=moment), tmp_path, entity_type=PO
        )
        assert covering.discovery is not None
        assert covering.discovery.bookmark is not None
        assert last_run(envi, tmp_path, entity_type=PO) == covering.discovery.bookmark


async def test_bookmarks_are_kept_per_query(tmp_path: Path) -> None:
    async with sandbox_envi_client(Recorder(envi_app())) as envi:
        await export_files(envi, Discover(), tmp_path, entity_type=PO)
        assert last_run(envi, tmp_path, entity_type=REQUISITION) is None
        assert last_run(envi, tmp_path, entity_type=PO) is not None
    (line,) = bookmarks(tmp_path)
    assert (line["vendor"], line["entity"], line["name"]) == (
        "envi",
        "discovery: PurchaseOrders",
        "Envi's purchase orders",
    )


# --- bad requests ---------------------------------------------------------------------------


async def test_discovery_requests_that_make_no_query_are_refused(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        with pytest.raises(TypeError, match="needs entity_type="):
            await export_files(envi, Discover(), tmp_path)
        with pytest.raises(ValueError, match="received invoices, contracts and OCR invoices"):
            await export_files(
                envi, Discover(), tmp_path, entity_type=EnviEntityType.RECEIVED_INVOICE
            )
        with pytest.raises(ValueError, match="cannot tell which of Envi's adjustments changed"):
            discovery_query(
                envi,
                Discover(updated_since=date(2025, 1, 1)),
                entity_type=EnviEntityType.ADJUSTMENT,
            )
        with pytest.raises(TypeError, match="location_id does not apply"):
            await export_files(envi, Discover(), tmp_path, entity_type=PO, location_id=1)
    async with sandbox_altegio_client(altegio_app(), None) as altegio:
        with pytest.raises(ValueError, match="cannot tell which of the clients"):
            await export_files(
                altegio, Discover(updated_since=date(2025, 1, 1)), tmp_path, location_id=456
            )
        with pytest.raises(TypeError, match="need location_id="):
            await export_files(altegio, Discover(), tmp_path)
    token = mint_amili_token([AMILI_CLIENT_NO], 3600)
    async with sandbox_amili_client(Recorder(create_app()), token) as amili:
        with pytest.raises(TypeError, match="publishes no list"):
            await export_files(amili, Discover(), tmp_path)
    assert recorder.paths == []
    assert not (tmp_path / MANIFEST_NAME).exists()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"since_last_run": True, "updated_since": date(2025, 1, 1)}, ValueError, "not both"),
        ({"updated_since": date.today() + timedelta(days=1)}, ValueError, "in the future"),
        ({"updated_since": datetime.now(UTC) + timedelta(hours=1)}, ValueError, "in the future"),
        ({"updated_since": datetime(2025, 1, 1)}, ValueError, "timezone-aware"),
        ({"updated_since": "2025-01-01"}, TypeError, "a date or a datetime"),
        ({"since_last_run": "yes"}, TypeError, "since_last_run"),
    ],
)
async def test_a_discover_request_is_checked(
    arguments: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Discover(**arguments)  # type: ignore[arg-type]


def test_the_sync_entry_point_discovers_too(tmp_path: Path) -> None:
    recorder = Recorder(envi_app())
    summary = export_files_sync(
        sandbox_envi_client(recorder), Discover(since_last_run=True), tmp_path, entity_type=PO
    )
    assert summary.ok
    assert summary.discovery is not None
    assert summary.discovery.found == 2


# --- linked files ---------------------------------------------------------------------------

LINKED = [ENVI_PO_ID, ENVI_RECEIVED_INVOICE_ID, ENVI_OCR_INVOICE_ID]


@pytest.mark.parametrize(
    ("order", "concurrency"),
    [
        pytest.param(LINKED, 1, id="po-first-one-at-a-time"),
        pytest.param(LINKED[::-1], 1, id="invoices-first-one-at-a-time"),
        pytest.param(LINKED, 3, id="all-at-once"),
    ],
)
async def test_a_file_listed_by_linked_records_is_saved_and_recorded_once(
    tmp_path: Path, order: list[UUID], concurrency: int
) -> None:
    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        summary = await export_files(envi, order, tmp_path, concurrency=concurrency)

    files = envi_data().listing(ENVI_PO_ID)  # the same 17 for each of the three
    with_content = [f for f in files if f.has_content]
    assert summary.ok
    assert sorted(r.attachment_id for r in summary.files) == sorted(str(f.file_id) for f in files)
    assert recorder.content_requests().count(str(with_content[0].file_id)) == 1
    assert len(recorder.content_requests()) == len(with_content)
    assert sorted(saved_files(tmp_path).values()) == sorted(f.sha256 for f in with_content)
    everyone = {str(entity) for entity in LINKED}
    for result in summary.files:
        assert set(result.listed_by) == everyone
        assert result.listed_by[0] == result.entity
    listed_by: dict[object, object] = {}
    for line in manifest_lines(tmp_path):
        listed_by[line["attachment_id"]] = line.get("listed_by")  # the last line of each wins
    assert len(listed_by) == len(files)
    assert all(isinstance(e, list) and set(e) == everyone for e in listed_by.values())


async def test_linked_files_saved_before_are_skipped_from_any_record(tmp_path: Path) -> None:
    async with sandbox_envi_client(Recorder(envi_app())) as envi:
        first = await export_files(envi, LINKED, tmp_path, concurrency=1)
    owner = {r.attachment_id: r.entity for r in first.files}

    recorder = Recorder(envi_app())
    async with sandbox_envi_client(recorder) as envi:
        again = await export_files(envi, [ENVI_RECEIVED_INVOICE_ID], tmp_path)

    assert recorder.content_requests() == []
    assert again.saved == ()
    assert len(again.already_saved) == len(first.saved)
    for result in again.already_saved:
        assert result.entity == owner[result.attachment_id]  # still saved under its owner


async def test_without_linked_entities_in_the_run_files_are_not_listed_by_many(
    tmp_path: Path,
) -> None:
    async with sandbox_envi_client(Recorder(envi_app())) as envi:
        summary = await export_files(envi, [ENVI_PO_ID, *envi_bulk_entity_ids()[:3]], tmp_path)
    assert all(result.listed_by == () for result in summary.files)
    assert all("listed_by" not in line for line in manifest_lines(tmp_path))
    assert {r.status for r in summary.files} == {FileStatus.SAVED, FileStatus.SKIPPED}
