"""Tab completion in bash, zsh and fish, through argcomplete (the `completion` extra).

`attachkit --completion bash` prints the script a shell sources once; the shell then runs
the command with argcomplete's variables set, and `complete` answers from the parser
before anything else happens (no settings read, no request sent).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["SHELLS", "CompletionAction", "complete"]

SHELLS = ("bash", "zsh", "fish")
_MISSING = "tab completion needs argcomplete: pip install 'attachkit[completion]'"


def complete(parser: argparse.ArgumentParser, environ: Mapping[str, str]) -> None:
    """When the shell asks for completions, prints them and exits; otherwise returns."""
    if "_ARGCOMPLETE" not in environ:
        return
    try:
        import argcomplete
    except ImportError:  # nothing to offer; the shell shows no completions
        sys.exit(0)
    argcomplete.autocomplete(parser)


class CompletionAction(argparse.Action):
    """`--completion SHELL`: prints the shell's completion script and exits (like --version)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=None, default=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        try:
            from argcomplete.shell_integration import shellcode
        except ImportError:
            parser.error(_MISSING)
        script = shellcode([parser.prog], shell=str(values))
        parser._print_message(script, sys.stdout)
        parser.exit(0)
