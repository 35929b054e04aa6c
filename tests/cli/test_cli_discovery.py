"""`attachkit <vendor> clients|entities` and exports of every entity: what they print, what
they send, and the bad input they refuse with exit 2."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from attachkit.cli import ExitCode
from attachkit.export import MANIFEST_NAME
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, envi_bulk_entity_ids
from attachkit_sandbox.vendors.envi.data import ENVI_PO_RELEASE_2_ID, envi_data
from tests.cli.helpers import Terminal, attachkit
from tests.export.helpers import Recorder, saved_files
from tests.vendors.envi import envi_app

CLIENT_IDS = sorted(altegio_locations()[ALTEGIO_LOCATION_ID].clients)


def altegio() -> Recorder:
    return Recorder(create_app(SandboxConfig(rate_limits=False)))


def envi() -> Recorder:
    return Recorder(envi_app())


# --- printing ids -----------------------------------------------------------------------------


def test_clients_prints_every_id_of_the_location_one_per_line() -> None:
    recorder = altegio()
    outcome = attachkit(["altegio", "clients", "--location", "456"], recorder)
    assert outcome.code == ExitCode.OK
    assert outcome.out.splitlines() == [str(client) for client in CLIENT_IDS]
    assert outcome.err == ""
    assert recorder.paths == ["/altegio/v1/company/456/clients/search"] * 2


def test_clients_json_is_one_object_per_line() -> None:
    outcome = attachkit(["altegio", "clients", "--location", "456", "--json"], altegio())
    assert [json.loads(line) for line in outcome.out.splitlines()] == [
        {"id": client} for client in CLIENT_IDS
    ]


def test_entities_prints_the_records_changed_since_a_date() -> None:
    argv = ["envi", "entities", "--entity-type", "requisition", "--updated-since", "2025-02-22"]
    outcome = attachkit(argv, envi())
    assert outcome.code == ExitCode.OK
    printed = outcome.out.splitlines()
    data = envi_data()
    expected = [
        str(entity.entity_id)
        for entity in data.of_type(7)
        if data.last_updated[entity.entity_id].date() >= date(2025, 2, 22)
    ]
    assert printed == expected
    assert 0 < len(printed) < 2001


def test_entities_of_a_type_with_no_list_exit_2() -> None:
    outcome = attachkit(["envi", "entities", "--entity-type", "received-invoice"], envi())
    assert outcome.code == ExitCode.USAGE
    assert "received invoices, contracts and OCR invoices have no list" in outcome.err
    outcome = attachkit(
        ["envi", "entities", "--entity-type", "adjustment", "--updated-since", "2025-01-01"],
        envi(),
    )
    assert outcome.code == ExitCode.USAGE
    assert "cannot tell which of Envi's adjustments changed" in outcome.err


def test_the_ids_pipe_into_an_export(tmp_path: Path) -> None:
    listed = attachkit(["envi", "entities", "--entity-type", "purchase-order"], envi())
    argv = ["envi", "export", "-", "-o", str(tmp_path), "--json"]
    outcome = attachkit(argv, envi(), stdin=listed.out)
    assert outcome.code == ExitCode.OK
    summary = json.loads(outcome.out)
    assert {item["entity"] for item in summary["files"]} == {
        str(ENVI_PO_ID),
        str(ENVI_PO_RELEASE_2_ID),
    }


def test_a_vendor_that_cannot_list_its_entities_has_no_such_action() -> None:
    outcome = attachkit(["amili", "clients"])
    assert outcome.code == ExitCode.USAGE
    assert "invalid choice: 'clients'" in outcome.err
    outcome = attachkit(["amili", "export", "--all-clients", "-o", "x"])
    assert outcome.code == ExitCode.USAGE
    assert "unrecognized arguments: --all-clients" in outcome.err


# --- exporting every entity ---------------------------------------------------------------------


def test_all_clients_exports_the_whole_location(tmp_path: Path) -> None:
    argv = ["altegio", "export", "--location", "456", "--all-clients", "-o", str(tmp_path)]
    outcome = attachkit(argv, altegio())
    assert outcome.code == ExitCode.OK
    location = altegio_locations()[ALTEGIO_LOCATION_ID]
    assert len(saved_files(tmp_path)) == sum(len(files) for files in location.clients.values())
    assert "607 saved" in outcome.out
    assert "discovered 303 (the clients of location 456); bookmark: " in outcome.err


def test_since_last_run_says_when_there_is_no_bookmark_then_sends_only_discovery(
    tmp_path: Path,
) -> None:
    argv = ["envi", "export", "--entity-type", "purchase-order", "--since-last-run"]
    argv += ["-o", str(tmp_path)]
    recorder = envi()
    first = attachkit(argv, recorder)
    assert first.code == ExitCode.OK
    assert (
        f"no complete earlier run is recorded in {tmp_path / MANIFEST_NAME}: discovering every "
        "one of Envi's purchase orders"
    ) in first.err
    assert "14 saved" in first.out

    recorder.reset()
    second = attachkit([*argv, "--json"], recorder)
    assert second.code == ExitCode.OK
    # A new process logs in, then asks only for the purchase orders changed since.
    assert recorder.paths == ["/envi/oauth2/token", "/envi/odata/PurchaseOrders"]
    summary = json.loads(second.out)
    assert summary["counts"]["saved"] == 0
    assert summary["files"] == []
    assert summary["discovery"]["found"] == 0
    assert summary["discovery"]["last_run"] is not None
    assert "discovering Envi's purchase orders changed since" in second.err


def test_updated_since_exports_the_records_changed_since(tmp_path: Path) -> None:
    argv = ["envi", "export", "--entity-type", "requisition", "--updated-since", "2025-02-22"]
    outcome = attachkit([*argv, "-o", str(tmp_path), "--json"], envi())
    assert outcome.code == ExitCode.OK
    summary = json.loads(outcome.out)
    assert summary["discovery"]["since"] == "2025-02-22"
    assert summary["discovery"]["bookmark"] is None  # earlier changes were not asked for
    assert 0 < summary["discovery"]["found"] < len(envi_bulk_entity_ids())


def test_the_progress_line_counts_what_discovery_found(tmp_path: Path) -> None:
    terminal = Terminal()
    argv = ["altegio", "export", "--location", "456", "--all-clients", "-o", str(tmp_path)]
    assert attachkit(argv, altegio(), stderr=terminal).code == ExitCode.OK
    drawn = terminal.getvalue()
    assert "found so far)" in drawn


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(
            ["altegio", "export", "--location", "456", "--all-clients", "123456"],
            "--all-clients exports every client: give client ids or --all-clients, not both",
            id="all-clients-with-ids",
        ),
        pytest.param(
            ["altegio", "export", "--location", "456", "--since-last-run", "--ids-file", "x"],
            "--since-last-run exports every client: give client ids or --since-last-run",
            id="since-last-run-with-an-ids-file",
        ),
        pytest.param(
            [
                "envi",
                "export",
                "--entity-type",
                "purchase-order",
                "--since-last-run",
                "--updated-since",
                "2025-01-01",
            ],
            "give --since-last-run or --updated-since, not both",
            id="both-dates",
        ),
        pytest.param(
            ["envi", "export", "--updated-since", "01/02/2025"],
            "argument --updated-since: expected a date as YYYY-MM-DD, not '01/02/2025'",
            id="not-iso",
        ),
        pytest.param(
            ["envi", "export", "--updated-since", "2025-02-30"],
            "argument --updated-since: 2025-02-30 is not a date",
            id="no-such-day",
        ),
        pytest.param(
            ["envi", "export", "--updated-since", (date.today() + timedelta(days=1)).isoformat()],
            "lies in the future",
            id="future",
        ),
        pytest.param(
            ["envi", "export", "--all-entities"],
            "an export of every Envi record needs entity_type= (--entity-type)",
            id="no-entity-type",
        ),
        pytest.param(
            ["altegio", "export", "--location", "456", "--updated-since", "2025-01-01"],
            "Altegio cannot tell which of the clients of location 456 changed since a date",
            id="undated-vendor",
        ),
        pytest.param(
            ["altegio", "export", "--location", "456"],
            "no ids given: pass them as arguments, with --ids-file, or - for stdin "
            "(--all-clients for every client)",
            id="nothing-to-export",
        ),
    ],
)
def test_bad_input_exits_2_with_a_clear_error(
    argv: list[str], message: str, tmp_path: Path
) -> None:
    recorder = envi() if argv[0] == "envi" else altegio()
    outcome = attachkit([*argv, "-o", str(tmp_path)], recorder)
    assert outcome.code == ExitCode.USAGE
    assert message in outcome.err
    assert recorder.paths == []
    assert not (tmp_path / MANIFEST_NAME).exists()
