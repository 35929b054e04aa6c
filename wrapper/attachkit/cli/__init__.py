"""The `attachkit` command: list, download and export files from the command line.

    attachkit VENDOR list ENTITY...
    attachkit VENDOR download ... -o out/
    attachkit VENDOR export ID... -o export/
    attachkit VENDOR export --all-...|--since-last-run|--updated-since DATE -o export/
    attachkit VENDOR <listing action> ...   (the ids, where the vendor publishes a list)

Vendors come from `attachkit.registry`; `attachkit --help` lists them with examples.

Credentials come from ATTACHKIT_* environment variables or flags (see `attachkit --help`).
Exit codes and what they mean: `exits.MEANINGS`.
"""

from .app import main, run
from .exits import ExitCode

__all__ = ["ExitCode", "main", "run"]
