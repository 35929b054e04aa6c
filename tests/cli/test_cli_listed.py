"""`attachkit <vendor> download` and `export` save only the files that were listed: a web
page in place of a file, or a body shorter than the listing allows, is reported failed,
the command exits 1, and nothing of it is on disk (nor in the manifest as saved); an
export of discovered records that meets one records no bookmark, so the next
`--since-last-run` asks for everything again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attachkit.cli import ExitCode
from attachkit.export import MANIFEST_NAME, Manifest
from attachkit_sandbox import FaultRule, SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.altegio.data import AltegioFile, altegio_locations
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, EnviSettings
from attachkit_sandbox.vendors.envi.data import envi_data
from tests.cli.helpers import attachkit
from tests.export.helpers import Recorder, saved_files, temp_files

ALTEGIO_FILES = altegio_locations()[ALTEGIO_LOCATION_ID].clients[ALTEGIO_CLIENT_ID]
# "consent form.pdf" (a PDF with a full link) and "photo.jpg", listed as "96.65 KB".
CONSENT = next(file for file in ALTEGIO_FILES if file.name == "consent form.pdf")
PHOTO = next(file for file in ALTEGIO_FILES if file.name == "photo.jpg")
ENVI_FILE = next(file for file in envi_data().listing(ENVI_PO_ID) if file.size > 100)


def faulted(directives: str, path: str) -> Recorder:
    rule = FaultRule(directives, path_prefix=path)
    return Recorder(
        create_app(
            SandboxConfig(
                rate_limits=False,
                vendor_settings=(EnviSettings(token_lifetime=3600),),
                fault_rules=(rule,),
            )
        )
    )


def altegio_download_path(file: AltegioFile) -> str:
    return f"/altegio-web/client_files/download/{file.location_id}/{file.file_id}/"


def envi_content_path() -> str:
    return f"/envi/odata/FileAttachments/{ENVI_FILE.file_id}/content"


CASES = {
    "altegio-sign-in-page": (
        ["altegio", "download", "--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)],
        CONSENT.file_id,
        CONSENT.name,
        "html",
        altegio_download_path(CONSENT),
        "altegio: 'consent form.pdf' is listed as application/pdf, but sandbox.test answered "
        "with a web page (text/html), perhaps a sign-in page: check the download host, and "
        "ATTACHKIT_ALTEGIO_WEB_URL if it is set",  # the setting as the command was given it
    ),
    "altegio-half-a-photo": (
        ["altegio", "download", "--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)],
        PHOTO.file_id,
        PHOTO.name,
        "truncate",
        altegio_download_path(PHOTO),
        f"altegio: received {PHOTO.size // 2} bytes of 'photo.jpg', but the vendor lists "
        "96.65 KB (96645 to 96659 or 98965 to 98979 bytes)",
    ),
    "envi-short-body": (
        ["envi", "download", str(ENVI_PO_ID)],
        ENVI_FILE.file_id,
        ENVI_FILE.name,
        "truncate",
        envi_content_path(),
        f"envi: received {ENVI_FILE.size // 2} bytes of {ENVI_FILE.name!r}, but the vendor "
        f"lists {ENVI_FILE.size} bytes",
    ),
    "envi-sign-in-page": (
        ["envi", "download", str(ENVI_PO_ID)],
        ENVI_FILE.file_id,
        ENVI_FILE.name,
        "html",
        envi_content_path(),
        f"envi: {ENVI_FILE.name!r} is listed as",
    ),
}


@pytest.mark.parametrize(
    ("argv", "file_id", "name", "fault", "path", "reason"), CASES.values(), ids=CASES.keys()
)
def test_download_reports_the_file_failed_and_saves_nothing(
    argv: list[str],
    file_id: object,
    name: str,
    fault: str,
    path: str,
    reason: str,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    outcome = attachkit([*argv, str(file_id), "-o", str(out), "--json"], faulted(fault, path))
    assert outcome.code == ExitCode.FAILED, outcome.err
    (line,) = [json.loads(text) for text in outcome.out.splitlines()]
    assert (line["name"], line["status"], line["path"]) == (name, "failed", None)
    assert line["reason"].startswith(reason)
    assert f"not downloaded: {name}: {reason}" in outcome.err
    assert not out.exists() or list(out.iterdir()) == []


EXPORTS = {
    "altegio-sign-in-page": (
        ["altegio", "export", "--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)],
        "altegio",
        f"{ALTEGIO_LOCATION_ID}/{ALTEGIO_CLIENT_ID}",
        CONSENT,
        "html",
        altegio_download_path(CONSENT),
    ),
    "altegio-half-a-photo": (
        ["altegio", "export", "--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID)],
        "altegio",
        f"{ALTEGIO_LOCATION_ID}/{ALTEGIO_CLIENT_ID}",
        PHOTO,
        "truncate",
        altegio_download_path(PHOTO),
    ),
    "envi-short-body": (
        ["envi", "export", str(ENVI_PO_ID)],
        "envi",
        str(ENVI_PO_ID),
        ENVI_FILE,
        "truncate",
        envi_content_path(),
    ),
    "envi-sign-in-page": (
        ["envi", "export", str(ENVI_PO_ID)],
        "envi",
        str(ENVI_PO_ID),
        ENVI_FILE,
        "html",
        envi_content_path(),
    ),
}


@pytest.mark.parametrize(
    ("argv", "vendor", "entity", "file", "fault", "path"), EXPORTS.values(), ids=EXPORTS.keys()
)
def test_export_reports_the_file_failed_never_saved(
    argv: list[str],
    vendor: str,
    entity: str,
    file: object,
    fault: str,
    path: str,
    tmp_path: Path,
) -> None:
    file_id, name = str(file.file_id), file.name  # type: ignore[attr-defined]
    outcome = attachkit([*argv, "-o", str(tmp_path), "--json"], faulted(fault, path))
    assert outcome.code == ExitCode.FAILED, outcome.err
    summary = json.loads(outcome.out)
    (failed,) = [item for item in summary["files"] if item["status"] == "failed"]
    assert (failed["attachment_id"], failed["name"], failed["path"]) == (file_id, name, None)
    assert all(
        item["attachment_id"] != file_id for item in summary["files"] if item["status"] == "saved"
    )
    # Nothing of it on disk, and the manifest does not call it saved: a second run retries it.
    assert not any(saved.endswith("/" + name) for saved in saved_files(tmp_path))
    assert temp_files(tmp_path) == []
    record = Manifest.open(tmp_path / MANIFEST_NAME).get(vendor, entity, file_id)
    assert record is not None
    assert record.status == "failed"
    again = attachkit([*argv, "-o", str(tmp_path)], faulted("latency=0", "/nowhere"))
    assert again.code == ExitCode.OK, again.err
    assert any(saved.endswith("/" + name) for saved in saved_files(tmp_path))


@pytest.mark.parametrize("fault", ["html", "truncate"])
def test_a_discovered_file_that_is_not_the_listed_one_keeps_the_bookmark_back(
    fault: str, tmp_path: Path
) -> None:
    # Discovery finds the purchase order; its file comes back as a web page or cut short.
    argv = ["envi", "export", "--entity-type", "purchase-order", "--since-last-run"]
    argv += ["-o", str(tmp_path), "--json"]
    no_bookmark = "no complete earlier run is recorded"
    outcome = attachkit(argv, faulted(fault, envi_content_path()))
    assert outcome.code == ExitCode.FAILED, outcome.err
    assert no_bookmark in outcome.err
    summary = json.loads(outcome.out)
    (failed,) = [item for item in summary["files"] if item["status"] == "failed"]
    assert (failed["attachment_id"], failed["path"]) == (str(ENVI_FILE.file_id), None)
    assert summary["discovery"]["bookmark"] is None
    assert not any(saved.endswith("/" + ENVI_FILE.name) for saved in saved_files(tmp_path))
    assert temp_files(tmp_path) == []

    # No bookmark was written, so the next run discovers everything again and saves the file.
    again = attachkit(argv, faulted("latency=0", "/nowhere"))
    assert again.code == ExitCode.OK, again.err
    assert no_bookmark in again.err
    summary = json.loads(again.out)
    assert [item["attachment_id"] for item in summary["files"] if item["status"] == "saved"] == [
        str(ENVI_FILE.file_id)
    ]
    assert summary["discovery"]["bookmark"] is not None
    assert any(saved.endswith("/" + ENVI_FILE.name) for saved in saved_files(tmp_path))
