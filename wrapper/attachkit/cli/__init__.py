"""The `attachkit` command line."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `attachkit` command."""
    del argv
    print("attachkit: no commands yet", file=sys.stderr)
    return 2
