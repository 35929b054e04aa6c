"""Running the `attachkit` command in-process against the sandbox app."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import attrs

from attachkit.cli import run
from attachkit_sandbox.testing import FakeClock
from tests.export.helpers import BASE, Recorder
from tests.support.vendors import command_environment

CLOCK = FakeClock()
SANDBOX_ENV = command_environment(BASE, CLOCK())
"""Every vendor's settings for the in-process sandbox, as the command reads them."""


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
            sleep=clock.async_sleep,
            clock=clock,
        )
    return Outcome(code, out.getvalue(), err.getvalue())
