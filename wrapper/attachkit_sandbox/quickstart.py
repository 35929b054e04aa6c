"""What `python -m attachkit_sandbox` tells a new user after its base URLs: the demo
credentials as ready-to-paste `export` lines, and commands with sample entity ids, so the
command line can be tried against the sandbox within a minute."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from pathlib import Path

from attachkit_sandbox.app import VENDOR_PREFIXES
from attachkit_sandbox.vendors.altegio import ALTEGIO_CLIENT_ID, ALTEGIO_LOCATION_ID
from attachkit_sandbox.vendors.altegio.api import (
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
)
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO
from attachkit_sandbox.vendors.amili.jwt import mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, ENVI_RECEIVED_INVOICE_ID
from attachkit_sandbox.vendors.envi.auth import ENVI_PASSWORD, ENVI_USERNAME

__all__ = ["AMILI_TOKEN_LIFETIME", "quick_start"]

AMILI_TOKEN_LIFETIME = 24 * 3600
"""Seconds the printed Amili token stays valid (the vendor's tokens are JWTs with `exp`)."""


def command() -> str:
    """How to run `attachkit` from here: its name when the shell finds this installation's
    command by it, else its path (`.venv/bin/attachkit` in the repository), else this
    interpreter with `-m attachkit`."""
    script = Path(sys.executable).parent / "attachkit"
    found = shutil.which("attachkit")
    if found is not None and script.exists() and Path(found).resolve() == script.resolve():
        return "attachkit"
    if not script.exists():
        return f"{shlex.quote(sys.executable)} -m attachkit"
    try:
        relative = script.relative_to(Path.cwd())
    except ValueError:
        return shlex.quote(str(script))
    return shlex.quote(str(relative))


def quick_start(root: str, now: float | None = None) -> list[str]:
    """The lines to print for a sandbox serving at `root` (no trailing slash). Each is a
    shell comment, a blank line, an `export` or an `attachkit` command (see `command`)."""
    issued = time.time() if now is None else now
    amili_token = mint_amili_token(
        [AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO], AMILI_TOKEN_LIFETIME, issued
    )
    variables = {
        "ATTACHKIT_ENVI_URL": root + VENDOR_PREFIXES["envi"],
        "ATTACHKIT_ENVI_USERNAME": ENVI_USERNAME,
        "ATTACHKIT_ENVI_PASSWORD": ENVI_PASSWORD,
        "ATTACHKIT_AMILI_URL": root + VENDOR_PREFIXES["amili"],
        "ATTACHKIT_AMILI_TOKEN": amili_token,
        "ATTACHKIT_ALTEGIO_URL": root + VENDOR_PREFIXES["altegio"],
        "ATTACHKIT_ALTEGIO_WEB_URL": root + VENDOR_PREFIXES["altegio-web"],
        "ATTACHKIT_ALTEGIO_PARTNER_TOKEN": ALTEGIO_PARTNER_TOKEN,
        "ATTACHKIT_ALTEGIO_LOGIN": ALTEGIO_LOGIN,
        "ATTACHKIT_ALTEGIO_PASSWORD": ALTEGIO_PASSWORD,
    }
    location = str(ALTEGIO_LOCATION_ID)
    run = command()
    return [
        "",
        "# Demo credentials for this sandbox (they work nowhere else); paste into a shell:",
        *(f"export {name}={shlex.quote(value)}" for name, value in variables.items()),
        f"# (the Amili token is valid for {AMILI_TOKEN_LIFETIME // 3600} hours)",
        "",
        "# Then try, for example:",
        f"{run} envi list {ENVI_PO_ID}",
        f"{run} envi export {ENVI_PO_ID} {ENVI_RECEIVED_INVOICE_ID} -o sandbox-export/",
        f"{run} amili list {AMILI_CLIENT_NO}",
        f"{run} altegio list --location {location} {ALTEGIO_CLIENT_ID}",
        f"{run} altegio download --location {location} {ALTEGIO_CLIENT_ID} -o sandbox-out/",
    ]
