"""Exit codes of the `attachkit` command, and which failure gets which."""

from __future__ import annotations

import textwrap
from enum import IntEnum

from ..errors import APIError, AuthenticationError, PermissionDeniedError
from ..export import ExportLockedError

__all__ = ["MEANINGS", "ConfigError", "ExitCode", "exit_code_for", "exit_codes_help"]


class ExitCode(IntEnum):
    OK = 0
    """Everything asked for was done (files the vendor has no content for are skipped)."""
    FAILED = 1
    """The command ran, but some files or entities failed; they are listed."""
    USAGE = 2
    """Bad arguments or configuration: missing URL or credentials, a locked export."""
    AUTH = 3
    """The vendor refused the credentials (401, a refused login) or the access (403)."""
    VENDOR = 4
    """The vendor or the network failed: HTTP errors, timeouts, unexpected answers."""
    DRIFT = 5
    """`check`: the tenant's answers differ from the bundled spec (or, with `--strict`, add
    to it; the report says where)."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C; completed files are kept and recorded."""


MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: "done (files the vendor has no content for are skipped, not failed; "
    "a reader that stops early, as `head` does, ends the command here too)",
    ExitCode.FAILED: "the command ran but some files or entities failed (they are listed)",
    ExitCode.USAGE: "bad arguments or configuration, yours to fix (a hint names the flag or "
    "variable to check): missing or malformed settings, a query the vendor refused, an "
    "output directory that cannot be written, an export directory in use",
    ExitCode.AUTH: "credentials or access refused by the vendor",
    ExitCode.VENDOR: "the vendor or the network failed",
    ExitCode.DRIFT: "check: the tenant's answers differ from the bundled spec (or, with "
    "--strict, add to it)",
    ExitCode.INTERRUPTED: "interrupted (completed files are kept; re-run the export to finish)",
}
"""What each exit code means, as `--help` and the README say it."""


def exit_codes_help() -> str:
    """The exit codes section of `--help`."""
    lines = ["exit codes:"]
    for code, meaning in MEANINGS.items():
        lines += textwrap.wrap(
            meaning, 88, initial_indent=f"  {code:<4}", subsequent_indent=" " * 6
        )
    return "\n".join(lines) + "\n"


class ConfigError(Exception):
    """A setting is missing or malformed."""


def exit_code_for(error: BaseException) -> ExitCode:
    if isinstance(error, ConfigError | ExportLockedError):
        return ExitCode.USAGE
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return ExitCode.AUTH
    if isinstance(error, APIError):
        return ExitCode.VENDOR
    if isinstance(error, OSError | ValueError):
        return ExitCode.USAGE  # a directory that cannot be written, a value the client refused
    return ExitCode.VENDOR
