"""Exit codes of the `attachkit` command, and which failure gets which."""

from __future__ import annotations

from enum import IntEnum

from ..errors import APIConnectionError, AuthenticationError, PermissionDeniedError
from ..export import ExportLockedError

__all__ = ["ConfigError", "ExitCode", "exit_code_for"]


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
    """`check`: the tenant's answers differ from the bundled spec (the report says where)."""
    INTERRUPTED = 130
    """Stopped with Ctrl-C; completed files are kept and recorded."""


class ConfigError(Exception):
    """A setting is missing or malformed."""


def exit_code_for(error: BaseException) -> ExitCode:
    if isinstance(error, ConfigError | ExportLockedError):
        return ExitCode.USAGE
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return ExitCode.AUTH
    if isinstance(error, APIConnectionError):
        return ExitCode.VENDOR
    if isinstance(error, OSError):
        return ExitCode.USAGE  # the output directory cannot be written
    return ExitCode.VENDOR
