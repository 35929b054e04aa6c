"""What `python -m attachkit_sandbox` prints lets a new user run the command line at once:
the exported variables and the sample commands work against that sandbox as printed."""

from __future__ import annotations

import io
import shlex
from pathlib import Path

import pytest

from attachkit import registry
from attachkit.cli import ExitCode, run
from attachkit_sandbox import SandboxConfig, SandboxServer
from attachkit_sandbox.quickstart import command, quick_start

loopback = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])


def _environment(lines: list[str]) -> dict[str, str]:
    exports = [shlex.split(line)[1] for line in lines if line.startswith("export ")]
    return dict(export.split("=", 1) for export in exports)


def test_every_line_is_a_comment_an_export_or_a_command() -> None:
    prefix = command() + " "
    for line in quick_start("http://127.0.0.1:8765"):
        assert line == "" or line.startswith(("# ", "export ATTACHKIT_", prefix)), line


def test_the_printed_variables_cover_every_vendors_required_settings() -> None:
    environment = _environment(quick_start("http://127.0.0.1:8765"))
    for name in ("ENVI_URL", "ENVI_USERNAME", "ENVI_PASSWORD", "AMILI_URL", "AMILI_TOKEN"):
        assert f"ATTACHKIT_{name}" in environment
    assert environment["ATTACHKIT_ALTEGIO_WEB_URL"] == "http://127.0.0.1:8765/altegio-web"


@loopback
def test_the_printed_commands_work_against_the_sandbox_as_printed(tmp_path: Path) -> None:
    with SandboxServer(SandboxConfig(rate_limits=False)) as server:
        lines = quick_start(server.base_url)
        environment = _environment(lines)
        prefix = shlex.split(command())
        commands = [
            shlex.split(line)[len(prefix) :] for line in lines if line.startswith(command() + " ")
        ]
        assert {argv[0] for argv in commands} == set(registry.names())
        for number, argv in enumerate(commands):
            # Output directories go to a temporary place instead of the working directory.
            argv = [str(tmp_path / str(number)) if arg.endswith("/") else arg for arg in argv]
            out, err = io.StringIO(), io.StringIO()
            code = run(argv, environ=environment, stdin=io.StringIO(), stdout=out, stderr=err)
            assert code == ExitCode.OK, (argv, err.getvalue())
            assert out.getvalue().strip(), argv
