"""Ids round-trip: what `list -q` prints, `download` (and `delete`) of the same vendor take
as they are, in one shape for every vendor: ENTITY [FILE_ID...]. `upload -q` prints the
new ids, and `delete` undoes an upload, asking first on a terminal."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import pytest

from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.altegio.data import altegio_locations
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.amili.data import amili_files
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.support.command import Served
from tests.support.terminal import on_terminal

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

ENTITIES = {
    "envi": (str(ENVI_PO_ID),),
    "amili": (str(AMILI_CLIENT_NO),),
    "altegio": ("--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)),
}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _expected_sha256(vendor: str) -> list[str]:
    """The sha256 of every file with content that the sandbox lists for the entity."""
    if vendor == "envi":
        return sorted(f.sha256 for f in envi_data().listing(ENVI_PO_ID) if f.has_content)
    if vendor == "amili":
        return sorted(f.sha256 for f in amili_files()[AMILI_CLIENT_NO][:10] if f.content())
    files = altegio_locations()[ALTEGIO_LOCATION_ID].clients[ALTEGIO_CLIENT_ID]
    return sorted(f.sha256 for f in files)


@pytest.mark.parametrize("vendor", sorted(ENTITIES))
def test_every_id_list_prints_downloads_as_it_is(
    served: Served, tmp_path: Path, vendor: str
) -> None:
    listed = served.attachkit(vendor, "list", *ENTITIES[vendor], "-q")
    assert listed.returncode == 0, listed.stderr
    ids = listed.stdout.splitlines()
    assert len(ids) >= 4
    done = served.attachkit(vendor, "download", *ENTITIES[vendor], *ids, "-o", str(tmp_path))
    assert "no such file" not in done.stderr
    assert "invalid" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert sorted(_sha256(path) for path in tmp_path.iterdir()) == _expected_sha256(vendor)


def test_an_amili_id_beyond_the_ten_a_listing_returns_is_found(
    served: Served, tmp_path: Path
) -> None:
    # Amili returns at most 10 of the client's 14 files; an id of one of the others still
    # downloads, asked for by its own log item and name.
    hidden = amili_files()[AMILI_CLIENT_NO][-1]
    file_id = f"{hidden.client_no}:{hidden.log_item_id}:{hidden.name}"
    listed = served.attachkit("amili", "list", str(AMILI_CLIENT_NO), "-q")
    assert file_id not in listed.stdout.splitlines()
    done = served.attachkit("amili", "download", str(AMILI_CLIENT_NO), file_id, "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / hidden.name).read_bytes() == hidden.content()


def test_an_id_of_another_entity_is_refused_for_that_file(served: Served, tmp_path: Path) -> None:
    done = served.attachkit(
        "amili", "download", "3000", "2218:0:Kontrakt 350023.pdf", "-o", str(tmp_path)
    )
    assert done.returncode == 1
    assert "2218:0:Kontrakt 350023.pdf: not a file id of client 3000" in done.stderr


def test_download_help_documents_the_one_shape(served: Served) -> None:
    for vendor in ENTITIES:
        usage = served.attachkit(vendor, "download", "--help").stdout
        assert "[FILE_ID ...]" in usage
        assert "files as `list -q` prints them (default: every file listed)" in " ".join(
            usage.split()
        )


# --- upload and delete --------------------------------------------------------------------

ALTEGIO = ENTITIES["altegio"]


def _listed_ids(served: Served) -> list[str]:
    return served.attachkit("altegio", "list", *ALTEGIO, "-q").stdout.splitlines()


def test_upload_quiet_prints_the_new_ids_and_delete_yes_undoes_it(
    served: Served, tmp_path: Path
) -> None:
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 a\n")
    (tmp_path / "b.txt").write_text("b\n")
    before = _listed_ids(served)
    uploaded = served.attachkit("altegio", "upload", *ALTEGIO, "a.pdf", "b.txt", "-q", cwd=tmp_path)
    assert uploaded.returncode == 0, uploaded.stderr
    new = uploaded.stdout.splitlines()
    assert len(new) == 2
    assert set(_listed_ids(served)) == set(before) | set(new)

    deleted = served.attachkit("altegio", "delete", *ALTEGIO, *new, "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert deleted.stdout.splitlines() == [f"deleted  {new[0]}  a.pdf", f"deleted  {new[1]}  b.txt"]
    assert _listed_ids(served) == before


def test_delete_without_a_terminal_or_yes_deletes_nothing(served: Served) -> None:
    before = _listed_ids(served)
    done = served.attachkit("altegio", "delete", *ALTEGIO, before[0])
    assert done.returncode == 2
    assert "pass --yes to delete without a terminal" in done.stderr
    assert _listed_ids(served) == before
    assert not any(request.startswith("DELETE") for request in served.requests)


def test_delete_fails_an_unknown_id_and_a_file_the_user_may_not_delete(served: Served) -> None:
    before = _listed_ids(served)  # the first file may not be deleted, the second may
    argv = ("999999", before[0], before[1], "--yes", "--json")
    done = served.attachkit("altegio", "delete", *ALTEGIO, *argv)
    assert done.returncode == 1
    assert "999999: no such file among the 4 listed" in done.stderr
    assert f"not deleted: {before[0]} test.txt: altegio: HTTP 403" in done.stderr
    statuses = [(line["id"], line["status"]) for line in map(json.loads, done.stdout.splitlines())]
    assert statuses == [("999999", "failed"), (before[0], "failed"), (before[1], "deleted")]
    assert _listed_ids(served) == [before[0], *before[2:]]


def _delete_at_a_terminal(served: Served, file_id: str, answer: bytes) -> tuple[int, bytes]:
    def start(terminal: int) -> subprocess.Popen[str]:
        return served.popen(
            "altegio", "delete", *ALTEGIO, file_id,
            stdin=terminal, stdout=subprocess.PIPE, stderr=terminal,
        )  # fmt: skip

    process, shown, out = on_terminal(start, answer, after=b"[y/N]")
    return process.returncode, shown + out.encode()


def test_delete_on_a_terminal_asks_and_takes_no_for_an_answer(served: Served) -> None:
    before = _listed_ids(served)
    code, shown = _delete_at_a_terminal(served, before[1], b"n\n")
    assert code == 0
    assert b"delete 1 file(s) of client 123456: photo.jpg? [y/N]" in shown
    assert _listed_ids(served) == before


def test_delete_on_a_terminal_deletes_on_yes(served: Served) -> None:
    before = _listed_ids(served)
    code, shown = _delete_at_a_terminal(served, before[1], b"y\n")
    assert code == 0
    assert f"deleted  {before[1]}  photo.jpg".encode() in shown
    assert _listed_ids(served) == [before[0], *before[2:]]
