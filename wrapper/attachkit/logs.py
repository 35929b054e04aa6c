"""attachkit's logging: the `attachkit` logger and a child per vendor (`attachkit.envi`...),
silent unless the application configures logging.

Levels: DEBUG, each request and answer (method, URL, status, time, attempt); INFO, retries
with their reason and delay, waits for Retry-After, quotas and pacing over a second, token
grants, refreshes and logins; WARNING, truncated results, deprecated API versions, answers
that do not match the spec. No record ever holds a token, password, Authorization value or
file content: records name requests by method and URL, and the vendors' URLs carry none.

Without code: `ATTACHKIT_LOG=debug` (or `info`) in the environment adds a stderr handler.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from typing import Protocol

__all__ = [
    "ENVIRONMENT_VARIABLE",
    "LOGGER",
    "configure_from_environment",
    "enable",
    "vendor_logger",
]

LOGGER = logging.getLogger("attachkit")
LOGGER.addHandler(logging.NullHandler())  # silent unless the application says otherwise
ENVIRONMENT_VARIABLE = "ATTACHKIT_LOG"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


def vendor_logger(vendor: str) -> logging.Logger:
    return LOGGER.getChild(vendor)


class Writable(Protocol):
    """What a handler writes to: a text stream, or anything with these two methods."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


class _Handler(logging.StreamHandler[Writable]):
    """The handler `enable` adds, told apart from the application's own."""


def enable(
    level: int, *, stream: Writable | None = None, include_httpx: bool = False
) -> logging.Handler:
    """Logs attachkit (and with `include_httpx`, httpx) at `level` to `stream` (stderr).
    Calling it again replaces the handler it added before; `disable` removes it."""
    disable()
    handler = _Handler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    for name in ("attachkit", "httpx") if include_httpx else ("attachkit",):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
    return handler


def disable() -> None:
    """Removes the handler `enable` added (the application's own handlers stay)."""
    for name in ("attachkit", "httpx"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if isinstance(h, _Handler)]:
            logger.removeHandler(old)
            logger.setLevel(logging.NOTSET)


def configure_from_environment(environ: Mapping[str, str] = os.environ) -> int | None:
    """Turns logging on when `ATTACHKIT_LOG` names a level (debug, info, warning); returns
    that level, or None."""
    level = _LEVELS.get(environ.get(ENVIRONMENT_VARIABLE, "").strip().lower())
    if level is not None:
        enable(level)
    return level
