"""Running the `attachkit` command in-process against the sandbox app."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable, Mapping, Sequence

import anyio.lowlevel
import attrs

from attachkit.cli import run
from attachkit_sandbox.testing import FakeClock
from tests.export.helpers import BASE, Recorder
from tests.support.vendors import command_environment

CLOCK = FakeClock()
SANDBOX_ENV = command_environment(BASE, CLOCK())
"""Every vendor's settings for the in-process sandbox, as the command reads them."""


def virtual_sleep(clock: FakeClock) -> Callable[[float], Awaitable[None]]:
    """A sleep that moves `clock` instead of waiting: with the client's pacer reading that
    clock, pacing and back-off cost no real time, and the pacer still sees each wait go by."""

    async def sleep(seconds: float) -> None:
        clock.advance(max(seconds, 0.0))
        await anyio.lowlevel.checkpoint()

    return sleep


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@attrs.frozen
class Outcome:
    code: int
    out: str
    err: str


def attachkit(
    argv: Sequence[str],
    recorder: Recorder | None = None,
    *,
    env: Mapping[str, str] = SANDBOX_ENV,
    stdin: str = "",
    stderr: io.StringIO | None = None,
) -> Outcome:
    out, err = io.StringIO(), stderr if stderr is not None else io.StringIO()
    if recorder is None:
        code = run(argv, environ=env, stdin=io.StringIO(stdin), stdout=out, stderr=err)
    else:
        clock = FakeClock(0.0)
        code = run(
            argv,
            environ=env,
            stdin=io.StringIO(stdin),
            stdout=out,
            stderr=err,
            transport=recorder,
            sleep=virtual_sleep(clock),
            clock=clock,
        )
    return Outcome(code, out.getvalue(), err.getvalue())
