"""Running the `attachkit` command in-process against the sandbox app."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

import attrs

from attachkit.cli import run
from attachkit_sandbox.testing import FakeClock
from attachkit_sandbox.vendors.altegio import ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME
from tests.export.helpers import BASE, Recorder, no_sleep

CLOCK = FakeClock()
SANDBOX_ENV = {
    "ATTACHKIT_ENVI_URL": f"{BASE}/envi",
    "ATTACHKIT_ENVI_USERNAME": ENVI_USERNAME,
    "ATTACHKIT_ENVI_PASSWORD": ENVI_PASSWORD,
    "ATTACHKIT_AMILI_URL": f"{BASE}/amili",
    "ATTACHKIT_AMILI_TOKEN": mint_amili_token([AMILI_CLIENT_NO], 3600, now=CLOCK()),
    "ATTACHKIT_ALTEGIO_URL": f"{BASE}/altegio",
    "ATTACHKIT_ALTEGIO_WEB_URL": f"{BASE}/altegio-web",
    "ATTACHKIT_ALTEGIO_PARTNER_TOKEN": ALTEGIO_PARTNER_TOKEN,
    "ATTACHKIT_ALTEGIO_USER_TOKEN": ALTEGIO_USER_TOKEN,
}


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
        code = run(
            argv,
            environ=env,
            stdin=io.StringIO(stdin),
            stdout=out,
            stderr=err,
            transport=recorder,
            sleep=no_sleep,
        )
    return Outcome(code, out.getvalue(), err.getvalue())
