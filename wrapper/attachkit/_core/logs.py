"""attachkit's logging: the `attachkit` logger and a child per vendor (`attachkit.<vendor>`),
silent unless the application configures logging.

Levels: DEBUG, each request and answer (method, URL, status, time, attempt); INFO, retries
with their reason and delay, waits for Retry-After, quotas and pacing over a second, token
grants, refreshes and logins; WARNING, truncated results, deprecated API versions, answers
that do not match the spec. No record holds a token, password, Authorization value or file
content: records name requests by method and URL, and every record of attachkit's loggers
and of the HTTP library's passes through the redaction of every live client (the secrets
issued during the run included) and has credentials in URL queries masked, whoever
configured the handlers.

Without code: `ATTACHKIT_LOG=debug` (or `info`) in the environment adds a stderr handler.
What users may use is what the public face, `attachkit.logs`, lists.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping
from typing import Protocol

from .redaction import REDACTED, Redactor

HTTP_LOGGERS = ("httpx2", "httpcore2")
"""The HTTP library's loggers: its client's (`-vv` shows it) and its transport's (whose DEBUG
records show headers). Both, and the loggers below them, are redacted."""
HTTP_LOGGER = HTTP_LOGGERS[0]
ENVIRONMENT_VARIABLE = "ATTACHKIT_LOG"
FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING}


# The transport logs an answer's headers as soon as they arrive: before its body is read, so
# before a token it issues (and may echo in a header) is known. Only these header values,
# which carry no credentials, are shown there.
_PLAIN_HEADERS = frozenset(
    {
        "accept-ranges",
        "age",
        "cache-control",
        "connection",
        "content-encoding",
        "content-length",
        "content-type",
        "date",
        "etag",
        "expires",
        "keep-alive",
        "last-modified",
        "pragma",
        "retry-after",
        "server",
        "transfer-encoding",
        "vary",
    }
)
# One header as the transport shows it: `(b'name', b'value')`, either kind of quote.
_HEADER_PAIR = re.compile(
    r"""\(b(['"])((?:(?!\1)[^\\]|\\.)*)\1, b(['"])((?:(?!\3)[^\\]|\\.)*)\3\)"""
)


def _transport_headers(message: str) -> str:
    def masked(match: re.Match[str]) -> str:
        if match[2].lower() in _PLAIN_HEADERS:
            return match[0]
        return f"(b'{match[2]}', b'{REDACTED}')"

    return _HEADER_PAIR.sub(masked, message) if "(b" in message else message


class _Redacting(logging.Filter):
    """Masks the secrets of every live client in a record's message (formatted now) and in
    its traceback, before any handler sees it; in the transport's records, header values
    other than plain ones too."""

    def filter(self, record: logging.LogRecord) -> bool:
        redactor = Redactor.of_live_clients()
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: logging itself reports it
            return True
        masked = redactor.mask(message)
        if record.name.split(".")[0] == HTTP_LOGGERS[1]:
            masked = _transport_headers(masked)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redactor.mask(logging.Formatter().formatException(record.exc_info))
        return True


_FILTER = _Redacting()


def _protect(logger: logging.Logger) -> logging.Logger:
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return logger


def redact_records() -> None:
    """Puts the redaction on attachkit's loggers and the HTTP library's (a filter acts only
    on the records of the logger it is on, so each one gets it). Called on import and by
    every client made, for loggers created since."""
    families = ("attachkit", *HTTP_LOGGERS)
    names = [
        name
        for name, logger in list(logging.Logger.manager.loggerDict.items())
        if isinstance(logger, logging.Logger)
        and any(name == family or name.startswith(family + ".") for family in families)
    ]
    for name in {*names, *families}:
        _protect(logging.getLogger(name))


LOGGER = _protect(logging.getLogger("attachkit"))
LOGGER.addHandler(logging.NullHandler())  # silent unless the application says otherwise
redact_records()


def vendor_logger(vendor: str) -> logging.Logger:
    return _protect(LOGGER.getChild(vendor))


class Writable(Protocol):
    """What a handler writes to: a text stream, or anything with these two methods."""

    def write(self, text: str, /) -> object: ...

    def flush(self) -> object: ...


class _Handler(logging.StreamHandler[Writable]):
    """The handler `enable` adds, told apart from the application's own."""


def enable(
    level: int, *, stream: Writable | None = None, include_httpx: bool = False
) -> logging.Handler:
    """Logs attachkit (and with `include_httpx`, httpx2) at `level` to `stream` (stderr).
    Calling it again replaces the handler it added before; `disable` removes it."""
    disable()
    handler = _Handler(stream if stream is not None else sys.stderr)
    handler.setFormatter(logging.Formatter(FORMAT))
    for name in ("attachkit", HTTP_LOGGER) if include_httpx else ("attachkit",):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(level)
    return handler


def disable() -> None:
    """Removes the handler `enable` added (the application's own handlers stay)."""
    for name in ("attachkit", HTTP_LOGGER):
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
