"""The `attachkit` command as a user runs it: a separate process, talking over real HTTP to
the sandbox served on loopback, with the credentials `python -m attachkit_sandbox` prints.

`Served` is the sandbox of a test module (see the `served` fixture in tests/conftest.py):
fresh data for every test, and a log of the requests it received, so a test can tell that
a command sent nothing at all.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs
from starlette.types import ASGIApp, Receive, Scope, Send

from attachkit_sandbox import SandboxServer
from attachkit_sandbox.quickstart import quick_start

__all__ = ["ROOT", "RequestLog", "Served", "python_command", "sandbox_environment"]

ROOT = Path(__file__).resolve().parents[2]
"""The repository."""

_TIMEOUT_S = 60


class RequestLog:
    """ASGI middleware that notes `METHOD /path` of every request the sandbox receives."""

    def __init__(self, app: ASGIApp, log: list[str]) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.log.append(f"{scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


def sandbox_environment(base_url: str) -> dict[str, str]:
    """The variables `python -m attachkit_sandbox` prints for a sandbox at `base_url`."""
    exports = [shlex.split(line)[1] for line in quick_start(base_url) if line.startswith("export ")]
    return dict(export.split("=", 1) for export in exports)


def _clean_environment() -> dict[str, str]:
    """This process's environment without any attachkit setting a developer may have set."""
    return {name: value for name, value in os.environ.items() if not name.startswith("ATTACHKIT_")}


@attrs.define
class Served:
    server: SandboxServer
    requests: list[str]
    env: dict[str, str] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.env = sandbox_environment(self.server.base_url)

    def environment(
        self, *, drop: Sequence[str] = (), extra: Mapping[str, str] | None = None
    ) -> dict[str, str]:
        env = {**_clean_environment(), **self.env, **(extra or {})}
        for name in drop:
            env.pop(name, None)
        return env

    def attachkit(
        self,
        *argv: str,
        input: str | None = None,
        drop: Sequence[str] = (),
        extra: Mapping[str, str] | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Runs `attachkit ARGV...` to the end; stdin is empty unless `input` is given."""
        return subprocess.run(  # noqa: S603
            python_command("-m", "attachkit", *argv),
            input="" if input is None else input,
            capture_output=True,
            text=True,
            env=self.environment(drop=drop, extra=extra),
            cwd=cwd,
            timeout=_TIMEOUT_S,
            check=False,
        )

    def popen(
        self, *argv: str, drop: Sequence[str] = (), **kwargs: object
    ) -> subprocess.Popen[str]:
        """Starts `attachkit ARGV...`; `kwargs` go to Popen (streams, session...). The
        command hears Ctrl-C (SIGINT) as from a terminal, also when the test run was started
        in the background by a shell, which makes its children ignore it."""
        ignored = signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        if ignored:  # a handled signal is reset to its default in the new program
            signal.signal(signal.SIGINT, signal.default_int_handler)
        try:
            process: subprocess.Popen[str] = subprocess.Popen(  # noqa: S603
                python_command("-m", "attachkit", *argv),
                env=self.environment(drop=drop),
                text=True,
                **kwargs,  # type: ignore[call-overload]
            )
        finally:
            if ignored:
                signal.signal(signal.SIGINT, signal.SIG_IGN)
        return process


def python_command(*argv: str) -> list[str]:
    """This interpreter with `argv`."""
    return [sys.executable, *argv]
