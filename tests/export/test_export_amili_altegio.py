"""Exporting Amili clients and Altegio clients, the latter paced under the sandbox's limit."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from attachkit._core.pacing import Pacer
from attachkit.altegio import DEFAULT_RATE_LIMITS
from attachkit.errors import TruncatedResultWarning
from attachkit.export import MANIFEST_NAME, Manifest, export_files
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
    altegio_bulk_client_ids,
)
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.amili.data import amili_files
from tests.export.helpers import Recorder, saved_files
from tests.export.virtual_time import VirtualTimeLoop
from tests.vendors.altegio import sandbox_altegio_client
from tests.vendors.amili import sandbox_amili_client

pytestmark = pytest.mark.anyio


async def test_amili_export_saves_decoded_content_and_skips_empty_files(tmp_path: Path) -> None:
    clock = FakeClock()
    token = mint_amili_token([AMILI_CLIENT_NO], 3600, now=clock())
    recorder = Recorder(create_app(SandboxConfig(clock=clock)))
    async with sandbox_amili_client(recorder, token) as amili:
        summary = await export_files(
            amili, [AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO], tmp_path, file_type="Reminder"
        )

    reminders = [f for f in amili_files()[AMILI_CLIENT_NO] if f.type == "Reminder"]
    with_content = {f.sha256 for f in reminders if f.size}
    assert set(saved_files(tmp_path).values()) == with_content
    assert all(r.path and r.path.startswith(f"amili/{AMILI_CLIENT_NO}/") for r in summary.saved)
    (empty,) = summary.skipped
    assert "without content" in str(empty.reason)
    # The token does not cover the other client: that entity fails alone.
    (forbidden,) = summary.entity_failures
    assert forbidden.entity == str(AMILI_OTHER_CLIENT_NO)
    assert "HTTP 403" in forbidden.reason


async def test_altegio_export_lays_files_out_by_location_and_client(tmp_path: Path) -> None:
    clients = list(altegio_bulk_client_ids()[:6])
    recorder = Recorder(create_app(SandboxConfig(rate_limits=False)))
    async with sandbox_altegio_client(recorder, None) as altegio:
        summary = await export_files(
            altegio, [*clients, 999999], tmp_path, location_id=ALTEGIO_LOCATION_ID
        )

    location = altegio_locations()[ALTEGIO_LOCATION_ID]
    expected = {
        f"altegio/{ALTEGIO_LOCATION_ID}/{client}/{file.name}": file.sha256
        for client in clients
        for file in location.clients[client]
    }
    assert saved_files(tmp_path) == expected
    (unknown,) = summary.entity_failures
    assert unknown.entity == f"{ALTEGIO_LOCATION_ID}/999999"


async def test_altegio_expired_licence_fails_each_entity_with_the_reason(tmp_path: Path) -> None:
    recorder = Recorder(create_app(SandboxConfig(rate_limits=False)))
    async with sandbox_altegio_client(recorder, None) as altegio:
        summary = await export_files(
            altegio, [555001], tmp_path, location_id=ALTEGIO_EXPIRED_LOCATION_ID
        )
    (failure,) = summary.entity_failures
    assert "HTTP 402" in failure.reason


def test_altegio_export_keeps_to_the_rate_limit_at_full_concurrency(tmp_path: Path) -> None:
    """The sandbox enforces 5/s and 200/min; on a virtual clock shared by the pacer and the
    sandbox, eight workers and 360 requests (well past one minute's quota) get no 429."""
    clients = altegio_bulk_client_ids()[:120]
    with asyncio.Runner(loop_factory=VirtualTimeLoop) as runner:
        loop = runner.get_loop()
        app = create_app(SandboxConfig(clock=lambda: 1_800_000_000 + loop.time()))
        recorder = Recorder(app)
        pacer = Pacer(DEFAULT_RATE_LIMITS, clock=loop.time)
        altegio = sandbox_altegio_client(recorder, pacer)
        try:
            summary = runner.run(
                export_files(
                    altegio, clients, tmp_path, location_id=ALTEGIO_LOCATION_ID, concurrency=8
                )
            )
        finally:
            runner.run(altegio.aclose())
        elapsed = loop.time()

    assert recorder.statuses[429] == 0
    assert recorder.max_in_flight <= 8
    assert summary.ok
    assert len(recorder.paths) == len(clients) + len(summary.saved) > 200
    # 360 requests at 200 a minute cannot take less than a minute and a half.
    assert elapsed >= 90


async def test_files_hidden_by_amilis_cap_make_the_export_incomplete(tmp_path: Path) -> None:
    clock = FakeClock()
    token = mint_amili_token([AMILI_CLIENT_NO], 3600, now=clock())
    recorder = Recorder(create_app(SandboxConfig(clock=clock)))
    matched = len(amili_files()[AMILI_CLIENT_NO])
    async with sandbox_amili_client(recorder, token) as amili:
        with pytest.warns(TruncatedResultWarning):  # for library users; the summary says it too
            summary = await export_files(amili, [AMILI_CLIENT_NO], tmp_path)
    (entity,) = summary.incomplete
    assert (entity.entity, entity.matched, entity.returned) == (str(AMILI_CLIENT_NO), matched, 10)
    assert entity.missing == matched - 10 > 0
    assert not summary.ok
    assert summary.to_dict()["counts"]["files_missing"] == entity.missing  # type: ignore[index]
    record = Manifest.open(tmp_path / MANIFEST_NAME).get("amili", str(AMILI_CLIENT_NO), "*")
    assert record is not None
    assert (record.status, record.size) == ("incomplete", entity.missing)
    # Narrowed to a type the cap does not hide, the entity is whole, and the manifest says so.
    async with sandbox_amili_client(recorder, token) as amili:
        narrowed = await export_files(amili, [AMILI_CLIENT_NO], tmp_path, file_type="Reminder")
    assert narrowed.incomplete == ()
    assert narrowed.ok
    record = Manifest.open(tmp_path / MANIFEST_NAME).get("amili", str(AMILI_CLIENT_NO), "*")
    assert record is not None
    assert record.status == "complete"
