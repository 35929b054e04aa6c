"""A reader that stops early (`attachkit ... | head -1`) ends the command quietly, as it
ends gh or rg: exit 0 and nothing on stderr."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from tests.support.command import Served

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

LISTINGS = [
    ("envi", "list", str(ENVI_PO_ID)),
    ("envi", "list", str(ENVI_PO_ID), "-q"),
    ("envi", "list", str(ENVI_PO_ID), "--json"),
    ("amili", "list", str(AMILI_CLIENT_NO), "--json"),
]


def _closed_at_once(served: Served, *argv: str) -> tuple[int, str]:
    """Runs the command with a stdout pipe whose reader is gone before anything is written."""
    process = served.popen(*argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    return process.returncode, err


@pytest.mark.parametrize("argv", LISTINGS, ids=" ".join)
def test_a_closed_stdout_ends_a_listing_quietly(served: Served, argv: tuple[str, ...]) -> None:
    code, err = _closed_at_once(served, *argv)
    assert (code, err) == (0, "")


def test_a_closed_stdout_ends_an_export_quietly_after_saving(
    served: Served, tmp_path: Path
) -> None:
    argv = ("envi", "export", str(ENVI_PO_ID), "-o", str(tmp_path), "--json")
    code, err = _closed_at_once(served, *argv)
    assert (code, err) == (0, "")
    assert (tmp_path / "attachkit-manifest.jsonl").stat().st_size > 0


def test_a_reader_that_takes_one_line_gets_it(served: Served) -> None:
    process = served.popen(
        "envi", "list", str(ENVI_PO_ID), "-q", stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    first = process.stdout.readline()
    process.stdout.close()
    _, err = process.communicate(timeout=60)
    assert (process.returncode, err) == (0, "")
    assert len(first.strip()) == 36  # a file id, as `head -1` shows it
