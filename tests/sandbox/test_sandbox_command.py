"""`python -m attachkit_sandbox` as a new user starts it: a port in use is one line of
explanation, and the commands it prints run as printed from where it was started."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from attachkit_sandbox import plugins
from tests.support.command import ROOT, python_command

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])


def _environment_without_the_venv() -> dict[str, str]:
    """A shell that has not activated the repository's environment."""
    bin_dir = str(Path(sys.executable).parent)
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if p != bin_dir)
    env = {name: value for name, value in os.environ.items() if not name.startswith("ATTACHKIT_")}
    return {**env, "PATH": path}


def test_a_port_in_use_is_one_line_that_says_what_to_do() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(  # noqa: S603
            python_command("-m", "attachkit_sandbox", "--port", str(port)),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"python -m attachkit_sandbox: port {port} on 127.0.0.1 is in use; "
        "choose another with --port N (0 picks a free one)"
    ]


def test_the_printed_commands_run_as_printed(tmp_path: Path) -> None:
    sandbox = subprocess.Popen(  # noqa: S603
        python_command("-m", "attachkit_sandbox", "--port", "0"),
        cwd=ROOT,
        env=_environment_without_the_venv(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert sandbox.stdout is not None
        expected = os.path.relpath(Path(sys.executable).parent / "attachkit", ROOT)
        printed = sum(len(plugin.quick_start("", 0).commands) for plugin in plugins())
        lines: list[str] = []
        commands: list[list[str]] = []
        while len(commands) < printed:
            line = sandbox.stdout.readline()
            assert line, "the sandbox stopped before printing its sample commands"
            lines.append(line.rstrip("\n"))
            if line.startswith(expected + " "):
                commands.append(shlex.split(line))
        exports = dict(
            shlex.split(line)[1].split("=", 1) for line in lines if line.startswith("export ")
        )
        env = {**_environment_without_the_venv(), **exports}
        for argv in commands:
            # From where the sandbox was started; output directories go to a temporary place.
            argv = [str(ROOT / argv[0]), *argv[1:]]
            done = subprocess.run(  # noqa: S603
                argv, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False
            )
            assert done.returncode == 0, (argv, done.stderr)
            assert done.stdout.strip()
    finally:
        sandbox.send_signal(signal.SIGINT)
        sandbox.communicate(timeout=30)
