"""Passwords without shell history (asked for without echo, or read from stdin), tab
completion, `check -q`, and help that says what each action takes and no more."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID
from tests.support.command import Served
from tests.support.terminal import on_terminal

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

PO = str(ENVI_PO_ID)
NO_PASSWORD = ["ATTACHKIT_ENVI_PASSWORD"]


# --- passwords ----------------------------------------------------------------------------


def test_password_stdin_reads_the_password(served: Served) -> None:
    done = served.attachkit(
        "envi", "list", PO, "-q", "--password-stdin", input=f"{ENVI_PASSWORD}\n", drop=NO_PASSWORD
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 3


def test_password_stdin_and_ids_from_stdin_do_not_mix(served: Served, tmp_path: Path) -> None:
    done = served.attachkit(
        "envi", "export", "-", "-o", str(tmp_path), "--password-stdin",
        input=f"{ENVI_PASSWORD}\n{PO}\n", drop=NO_PASSWORD,
    )  # fmt: skip
    assert done.returncode == 2
    assert "stdin cannot give both ids and --password-stdin" in done.stderr
    assert served.requests == []


def test_a_missing_password_without_a_terminal_says_how_to_give_it(served: Served) -> None:
    done = served.attachkit("envi", "list", PO, drop=NO_PASSWORD)
    assert done.returncode == 2
    assert "set ATTACHKIT_ENVI_PASSWORD, pass --password-stdin or pass --password" in done.stderr


def _at_a_terminal(
    served: Served, *argv: str, answer: bytes, drop: list[str]
) -> tuple[int, bytes, str]:
    def start(terminal: int) -> subprocess.Popen[str]:
        return served.popen(
            *argv, drop=drop, stdin=terminal, stdout=subprocess.PIPE, stderr=terminal,
            start_new_session=True,  # no controlling terminal: the prompt uses stdin's
        )  # fmt: skip

    process, shown, out = on_terminal(start, answer, after=b"password: ")
    return process.returncode, shown, out


def test_a_missing_password_is_asked_for_without_echo(served: Served) -> None:
    code, shown, out = _at_a_terminal(
        served, "envi", "list", PO, "-q", answer=f"{ENVI_PASSWORD}\n".encode(), drop=NO_PASSWORD
    )
    assert code == 0, shown
    assert b"Envi password: " in shown
    assert ENVI_PASSWORD.encode() not in shown  # not echoed
    assert len(out.splitlines()) > 3


def test_an_altegio_password_is_asked_for_with_a_login(served: Served) -> None:
    location = ("--location", str(ALTEGIO_LOCATION_ID), str(ALTEGIO_CLIENT_ID))
    password = served.env["ATTACHKIT_ALTEGIO_PASSWORD"]
    code, shown, out = _at_a_terminal(
        served, "altegio", "list", *location, "-q", answer=f"{password}\n".encode(),
        drop=["ATTACHKIT_ALTEGIO_PASSWORD"],
    )  # fmt: skip
    assert code == 0, shown
    assert b"Altegio password: " in shown
    assert password.encode() not in shown
    assert out.split() == ["123", "789", "1001", "1002"]


def _url_holding_the_password(served: Served) -> str:
    """The sandbox's Envi URL with the password in it, and a colon short of an absolute URL:
    refused with the URL quoted, once the password has been read, before any client holds
    it."""
    return served.env["ATTACHKIT_ENVI_URL"].replace("http://", f"http//me:{ENVI_PASSWORD}@")


def test_a_password_read_from_stdin_is_masked_in_what_the_command_writes(
    served: Served,
) -> None:
    url = _url_holding_the_password(served)
    given = served.attachkit("envi", "list", PO, "--url", url)
    read = served.attachkit(
        "envi", "list", PO, "--url", url, "--password-stdin",
        input=f"{ENVI_PASSWORD}\n", drop=NO_PASSWORD,
    )  # fmt: skip
    for done in (given, read):
        assert done.returncode == 2
        assert "--url must be an absolute http(s) URL, not 'http//me:***@127.0.0.1:" in done.stderr
        assert ENVI_PASSWORD not in done.stderr + done.stdout
    assert served.requests == []


def test_a_password_typed_at_the_prompt_is_masked_in_what_the_command_writes(
    served: Served,
) -> None:
    code, shown, out = _at_a_terminal(
        served, "envi", "list", PO, "--url", _url_holding_the_password(served),
        answer=f"{ENVI_PASSWORD}\n".encode(), drop=NO_PASSWORD,
    )  # fmt: skip
    assert code == 2
    assert b"Envi password: " in shown
    assert b"--url must be an absolute http(s) URL, not 'http//me:***@127.0.0.1:" in shown
    assert ENVI_PASSWORD.encode() not in shown + out.encode()


# --- completion ---------------------------------------------------------------------------


def _complete(served: Served, line: str, tmp_path: Path) -> list[str]:
    answer = tmp_path / "completions"
    env = {
        "_ARGCOMPLETE": "1",
        "_ARGCOMPLETE_SHELL": "bash",
        "COMP_LINE": line,
        "COMP_POINT": str(len(line)),
        "_ARGCOMPLETE_STDOUT_FILENAME": str(answer),
        "_ARGCOMPLETE_IFS": "\n",
    }
    done = served.attachkit(*line.split()[1:], extra=env)
    assert done.returncode == 0, done.stderr
    return answer.read_text().split("\n")


def test_completion_offers_vendors_actions_and_flags(served: Served, tmp_path: Path) -> None:
    assert {"envi", "amili", "altegio"} <= set(_complete(served, "attachkit ", tmp_path))
    assert "delete" in _complete(served, "attachkit altegio ", tmp_path)
    assert "delete" not in _complete(served, "attachkit envi ", tmp_path)
    assert "--password-stdin" in _complete(served, "attachkit envi list --pass", tmp_path)
    assert served.requests == []


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_each_shells_script(served: Served, shell: str) -> None:
    done = served.attachkit("--completion", shell)
    assert done.returncode == 0, done.stderr
    assert "attachkit" in done.stdout
    assert "_ARGCOMPLETE" in done.stdout


# --- check -q and help --------------------------------------------------------------------


def test_check_quiet_prints_only_the_result(served: Served) -> None:
    loud = served.attachkit("envi", "check", PO)
    quiet = served.attachkit("envi", "check", PO, "-q")
    assert quiet.returncode == loud.returncode == 0, quiet.stderr
    assert len(loud.stdout.splitlines()) > 20
    assert quiet.stdout.splitlines() == ["result: the tenant matches the spec"]


@pytest.mark.parametrize(
    ("vendor", "action"),
    [("envi", "list"), ("envi", "export"), ("amili", "download"), ("altegio", "upload")],
)
def test_action_help_shows_only_that_actions_examples(
    served: Served, vendor: str, action: str
) -> None:
    text = served.attachkit(vendor, action, "--help").stdout
    examples = text.partition("examples:\n")[2].partition("\n\n")[0]
    commands = [line for line in examples.splitlines() if "attachkit " in line]
    assert commands
    assert all(f"attachkit {vendor} {action} " in line for line in commands), commands


def test_every_flag_has_help_text(served: Served) -> None:
    text = served.attachkit("altegio", "list", "--help").stdout
    assert "--location ID         the location (company) the clients belong to" in text
