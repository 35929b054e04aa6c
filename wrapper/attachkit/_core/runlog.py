"""What the runner tells the `attachkit.<vendor>` logger: each answer (DEBUG), each retry
and wait (INFO), answers that do not match the spec (WARNING). Every line goes through
the client's redactor, and names a request by method and URL only."""

from __future__ import annotations

import logging
import time

import httpx2

from .. import errors
from . import logs
from .redaction import Redactor
from .status import Vendor

__all__ = ["PACING_NOTED", "WAIT_FIELD", "RunLog", "wait_extra"]

PACING_NOTED = 1.0
"""Seconds of pacing wait worth an INFO line (shorter ones are the normal rhythm)."""


WAIT_FIELD = "attachkit_wait"
"""The attribute of a log record about a wait: (seconds, reason), for a progress display."""


def wait_extra(seconds: float, reason: str) -> dict[str, object]:
    return {WAIT_FIELD: (seconds, reason)}


def _what(outcome: httpx2.Response | errors.APIError) -> str:
    if isinstance(outcome, httpx2.Response):
        return f"{outcome.status_code} {outcome.reason_phrase}".rstrip()
    if isinstance(outcome, errors.APIStatusError):
        return f"HTTP {outcome.status_code}"
    return outcome.message.partition(": ")[2] or type(outcome).__name__


def _own_request(outcome: httpx2.Response | errors.APIError, request: httpx2.Request) -> str | None:
    """`METHOD URL` of the request that failed, when it is not `request`: an error raised by
    the auth flow on its way (a refused token grant) names its own request."""
    if isinstance(outcome, httpx2.Response) or not outcome.url:
        return None
    if outcome.method == request.method and outcome.url == str(request.url):
        return None
    return f"{outcome.method} {outcome.url}"


class RunLog:
    def __init__(self, vendor: Vendor, redactor: Redactor) -> None:
        self.logger = logs.vendor_logger(vendor.name)
        self._redactor = redactor

    def _safe(self, text: str, request: httpx2.Request) -> str:
        """One redaction per record: the whole line, request and outcome together."""
        return self._redactor.text(text, request)

    def started(self) -> float:
        return time.perf_counter()

    def answered(
        self,
        request: httpx2.Request,
        outcome: httpx2.Response | errors.APIError,
        started: float,
        attempt: int,
    ) -> None:
        if self.logger.isEnabledFor(logging.DEBUG):
            elapsed = (time.perf_counter() - started) * 1000
            line = f"{request.method} {request.url} -> {_what(outcome)}"
            failed = _own_request(outcome, request)
            if failed is not None:  # the auth flow's token or login request failed
                line = f"{failed} -> {_what(outcome)} (before {request.method} {request.url})"
            self.logger.debug(
                "%s in %.1f ms (attempt %d)", self._safe(line, request), elapsed, attempt
            )

    def retrying(
        self, request: httpx2.Request, error: errors.APIError, delay: float, attempt: int
    ) -> None:
        if not self.logger.isEnabledFor(logging.INFO):
            return
        asked = isinstance(error, errors.APIStatusError) and error.retry_after is not None
        why = "as its Retry-After asked" if asked else "backing off"
        limited = isinstance(error, errors.RateLimitError)
        line = (
            f"retrying {request.method} {request.url} in {delay:.1f} s ({why}) "
            f"after {_what(error)}; attempt {attempt + 1} next"
        )
        self.logger.info(
            "%s",
            self._safe(line, request),
            extra=wait_extra(delay, "rate limit" if limited else "retry"),
        )

    def paced(self, request: httpx2.Request, wait: float) -> None:
        if wait >= PACING_NOTED and self.logger.isEnabledFor(logging.INFO):
            line = f"waiting {wait:.1f} s before {request.method} {request.url}"
            self.logger.info(
                "%s to keep to the vendor's rate limit",
                self._safe(line, request),
                extra=wait_extra(wait, "pacing"),
            )

    def unexpected(self, error: errors.APIError) -> None:
        """An answer that does not match the spec, as it leaves the client (redacted)."""
        if isinstance(error, errors.UnexpectedResponseError):
            self.logger.warning("answer does not match the spec: %s", error.message)
