"""A fourth vendor, registered from outside attachkit, through the CLI and the export."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from attachkit import registry
from attachkit.cli import ExitCode, run
from attachkit.export import MANIFEST_NAME, export_files_sync
from tests.export.helpers import no_sleep

from .acme import DESCRIPTOR, FILES, TOKEN, AcmeClient, AsyncAcmeClient, acme_transport

ENV = {"ATTACHKIT_ACME_URL": "https://acme.example/api", "ATTACHKIT_ACME_TOKEN": TOKEN}


@pytest.fixture(autouse=True)
def _acme_registered() -> Iterator[None]:
    registry.register(DESCRIPTOR)
    yield
    registry.unregister("acme")


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(
        argv,
        environ=ENV,
        stdin=io.StringIO(),
        stdout=out,
        stderr=err,
        transport=acme_transport(),
        sleep=no_sleep,
    )
    return code, out.getvalue(), err.getvalue()


def test_the_registry_knows_the_new_vendor_after_the_built_in_ones() -> None:
    assert registry.names()[-1] == "acme"
    assert registry.get("acme") is DESCRIPTOR
    assert registry.for_client(AsyncAcmeClient("https://acme.example", token=TOKEN)) is DESCRIPTOR


def test_cli_lists_every_page_of_the_new_vendor() -> None:
    code, out, _err = _run(["acme", "list", "e1", "--json"])
    assert code == ExitCode.OK
    names = [json.loads(line)["name"] for line in out.splitlines()]
    assert names == [name for name, _data in FILES["e1"]]  # three files over two pages


def test_cli_exports_the_new_vendor_and_a_rerun_skips_what_is_saved(tmp_path: Path) -> None:
    code, out, err = _run(["acme", "export", "e1", "e2", "-o", str(tmp_path), "--json"])
    assert code == ExitCode.OK, err
    summary = json.loads(out)
    assert summary["vendor"] == "acme"
    for entity, files in FILES.items():
        for name, data in files:
            assert (tmp_path / "acme" / entity / name).read_bytes() == data
    assert (tmp_path / MANIFEST_NAME).is_file()
    code, out, _err = _run(["acme", "export", "e1", "e2", "-o", str(tmp_path), "--json"])
    assert code == ExitCode.OK
    again = json.loads(out)
    assert {f["status"] for f in again["files"]} == {"skipped"}


def test_cli_help_and_secrets_come_from_the_descriptor() -> None:
    code, out, _err = _run(["acme", "list", "--help"])
    assert code == ExitCode.OK
    assert "ATTACHKIT_ACME_TOKEN" in out
    code, out, err = _run(["acme", "list", "e1", "--token", "wrong-token-value"])
    assert code == ExitCode.AUTH
    assert "HTTP 401" in err
    assert "wrong-token-value" not in out + err


def test_cli_checks_entity_ids_with_the_descriptor(tmp_path: Path) -> None:
    code, _out, err = _run(["acme", "export", "e-1", "-o", str(tmp_path)])
    assert code == ExitCode.USAGE
    assert "letters and digits" in err


def test_export_refuses_options_the_new_vendor_does_not_have(tmp_path: Path) -> None:
    client = AsyncAcmeClient(ENV["ATTACHKIT_ACME_URL"], token=TOKEN, transport=acme_transport())
    with pytest.raises(TypeError, match="location_id does not apply to acme exports"):
        export_files_sync(client, ["e1"], tmp_path, location_id=4)


def test_export_needs_the_async_client(tmp_path: Path) -> None:
    client = AcmeClient(ENV["ATTACHKIT_ACME_URL"], token=TOKEN)
    with pytest.raises(TypeError, match=r"needs an async client \(AsyncAcmeClient\)"):
        export_files_sync(client, ["e1"], tmp_path)  # type: ignore[arg-type]
    assert not any(tmp_path.iterdir())


def test_export_sync_saves_the_new_vendors_files(tmp_path: Path) -> None:
    client = AsyncAcmeClient(
        ENV["ATTACHKIT_ACME_URL"], token=TOKEN, transport=acme_transport(), sleep=no_sleep
    )
    summary = export_files_sync(client, ["e2"], tmp_path)
    assert [result.name for result in summary.saved] == ["contract.pdf"]
