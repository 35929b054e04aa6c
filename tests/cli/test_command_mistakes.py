"""What the user can fix is reported as theirs: exit 2, the vendor's words if any, and the
flag or variable to check, before any request where it can be known before."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.envi import ENVI_PO_ID
from tests.support.command import Served
from tests.support.unwritable import unwritable_directory

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

PO = str(ENVI_PO_ID)
ALTEGIO = ("--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID))


def _lines(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stderr.splitlines()


# --- a query the vendor refuses -----------------------------------------------------------


def test_a_filter_the_vendor_refuses_names_the_flag(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, "--filter", "fileType eq pdf")
    assert done.returncode == 2, done.stderr
    message, hint = _lines(done)
    assert "'fileType' is compared with a quoted text, not 'pdf'" in message
    assert hint == "attachkit: check --filter"


def test_a_search_the_vendor_refuses_names_that_flag(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, "--search", "x" * 300, "--filter", "bad")
    assert done.returncode == 2, done.stderr
    assert _lines(done)[-1] == "attachkit: check --filter, --search"


def test_an_unsupported_api_version_lists_the_supported_ones(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, "--api-version", "2.0")
    assert done.returncode == 2, done.stderr
    message, hint = _lines(done)
    assert "does not support the API version '2.0'" in message
    assert "supported api-versions: 1.0" in message
    assert hint == "attachkit: check --api-version"


def test_an_api_version_from_the_environment_names_the_variable(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, extra={"ATTACHKIT_ENVI_API_VERSION": "9.9"})
    assert done.returncode == 2, done.stderr
    assert _lines(done)[-1] == "attachkit: check ATTACHKIT_ENVI_API_VERSION"


def test_a_client_number_beyond_the_vendors_range_is_refused_before_sending(
    served: Served,
) -> None:
    done = served.attachkit("amili", "list", "2" * 20)
    assert done.returncode == 2, done.stderr
    assert "CLIENT_NO" in done.stderr
    assert "9223372036854775807" in done.stderr
    assert served.requests == []


def test_an_export_id_beyond_the_vendors_range_is_refused_before_sending(
    served: Served, tmp_path: Path
) -> None:
    done = served.attachkit("amili", "export", str(AMILI_CLIENT_NO), "2" * 20, "-o", str(tmp_path))
    assert done.returncode == 2, done.stderr
    assert "9223372036854775807" in done.stderr
    assert served.requests == []


# --- a URL with a typo in its path -------------------------------------------------------


def test_a_token_endpoint_that_is_not_there_names_the_url_setting(served: Served) -> None:
    url = served.server.url("envi").replace("/envi", "/evni")
    done = served.attachkit("envi", "list", PO, "--url", url)
    assert done.returncode == 2, done.stderr
    message, hint = _lines(done)
    assert "HTTP 404 for POST /evni/oauth2/token" in message
    assert hint == "attachkit: check --url"


def test_a_login_endpoint_that_is_not_there_names_the_url_variable(served: Served) -> None:
    url = served.server.url("altegio").replace("/altegio", "/altgio")
    done = served.attachkit("altegio", "list", *ALTEGIO, extra={"ATTACHKIT_ALTEGIO_URL": url})
    assert done.returncode == 2, done.stderr
    assert _lines(done)[-1] == "attachkit: check ATTACHKIT_ALTEGIO_URL"


def test_wrong_credentials_stay_a_refusal(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, "--password", "not-the-password")
    assert done.returncode == 3, done.stderr
    assert "check --" not in done.stderr


# --- an output directory that cannot be used ---------------------------------------------


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "afile"
    path.write_text("not a directory\n")
    return path


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    with unwritable_directory(tmp_path / "ro") as path:
        yield path


def test_download_into_a_file_is_refused_once_before_any_request(
    served: Served, a_file: Path
) -> None:
    done = served.attachkit("altegio", "download", *ALTEGIO, "-o", str(a_file))
    assert done.returncode == 2, done.stderr
    assert _lines(done) == [f"attachkit: -o {a_file}: is a file, not a directory"]
    assert served.requests == []


def test_download_under_a_file_names_the_file(served: Served, a_file: Path) -> None:
    done = served.attachkit("altegio", "download", *ALTEGIO, "-o", str(a_file / "sub"))
    assert done.returncode == 2, done.stderr
    assert _lines(done) == [f"attachkit: -o {a_file / 'sub'}: {a_file} is a file, not a directory"]
    assert not (a_file / "sub").exists()
    assert served.requests == []


def test_export_into_a_file_is_refused_before_any_request(served: Served, a_file: Path) -> None:
    done = served.attachkit("envi", "export", PO, "-o", str(a_file))
    assert done.returncode == 2, done.stderr
    assert _lines(done) == [f"attachkit: -o {a_file}: is a file, not a directory"]
    assert served.requests == []


@pytest.mark.parametrize("action", ["download", "export"])
def test_a_directory_that_cannot_be_written_is_refused_before_any_request(
    served: Served, read_only: Path, action: str
) -> None:
    done = served.attachkit("altegio", action, *ALTEGIO, "-o", str(read_only))
    assert done.returncode == 2, done.stderr
    (line,) = _lines(done)
    assert line.startswith(f"attachkit: -o {read_only}: cannot write there (")
    assert ".part" not in line
    assert "Errno" not in line
    assert served.requests == []
    assert os.listdir(read_only) == []


def test_a_missing_directory_is_made(served: Served, tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    done = served.attachkit("altegio", "download", *ALTEGIO, "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(os.listdir(out)) == 4


# --- settings named as the user gave them ------------------------------------------------


def test_a_malformed_url_flag_is_named_as_the_flag(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, "--url", "envi.example")
    assert done.returncode == 2
    assert _lines(done) == [
        "attachkit: envi --url must be an absolute http(s) URL, not 'envi.example'"
    ]


def test_a_malformed_url_variable_is_named_as_the_variable(served: Served) -> None:
    done = served.attachkit("amili", "list", "2218", extra={"ATTACHKIT_AMILI_URL": "ftp://x"})
    assert done.returncode == 2
    assert "ATTACHKIT_AMILI_URL must be an absolute http(s) URL" in done.stderr
    assert "base_url" not in done.stderr


def test_a_token_that_cannot_go_in_a_header_is_named_as_the_flag(served: Served) -> None:
    done = served.attachkit("altegio", "list", *ALTEGIO, "--partner-token", "two words")
    assert done.returncode == 2
    assert "--partner-token cannot be sent in a header" in done.stderr
    assert "partner_token" not in done.stderr
    assert "two words" not in done.stderr


def test_files_without_a_usable_link_name_the_web_url_setting(
    served: Served, tmp_path: Path
) -> None:
    done = served.attachkit(
        "altegio", "download", *ALTEGIO, "-o", str(tmp_path), drop=["ATTACHKIT_ALTEGIO_WEB_URL"]
    )
    assert done.returncode == 1
    failures = [line for line in _lines(done) if "not downloaded" in line]
    assert len(failures) == 4
    assert all("--web-url / ATTACHKIT_ALTEGIO_WEB_URL" in line for line in failures), failures
    assert "web_base_url" not in done.stderr
