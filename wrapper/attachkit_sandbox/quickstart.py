"""What `python -m attachkit_sandbox` tells a new user after its base URLs: each vendor's
demo credentials as ready-to-paste `export` lines, and commands with sample entity ids, so
the command line can be tried against the sandbox within a minute."""

from __future__ import annotations

import shlex
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from attachkit_sandbox.plugin import VendorPlugin, plugins

__all__ = ["command", "quick_start"]


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


def quick_start(
    root: str, now: float | None = None, vendors: Sequence[VendorPlugin] | None = None
) -> list[str]:
    """The lines to print for a sandbox serving `vendors` (default: the built-in ones) at
    `root` (no trailing slash). Each is a shell comment, a blank line, an `export` or an
    `attachkit` command (see `command`)."""
    issued = time.time() if now is None else now
    chosen = plugins() if vendors is None else vendors
    starts = [plugin.quick_start(root, issued) for plugin in chosen]
    run = command()
    return [
        "",
        "# Demo credentials for this sandbox (they work nowhere else); paste into a shell:",
        *(
            f"export {name}={shlex.quote(value)}"
            for start in starts
            for name, value in start.variables.items()
        ),
        *(f"# {note}" for start in starts for note in start.notes),
        "",
        "# Then try, for example:",
        *(line.replace("{run}", run) for start in starts for line in start.commands),
    ]
