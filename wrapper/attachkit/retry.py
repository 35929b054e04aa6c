"""When and how long to wait before retrying a failed request."""

from __future__ import annotations

import email.utils
import math
import time

import attrs

__all__ = ["RetryPolicy"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """Retries idempotent requests on connection errors, timeouts, 408, 429 and 5xx.

    The wait grows as `initial_delay * 2**attempt`, capped at `max_delay`, less up to
    `jitter` of itself at random so that many clients do not retry in step. A
    `Retry-After` from the vendor is honoured when it is at most `max_retry_after`
    seconds; a longer one is not waited for (the call raises `RateLimitError`).
    """

    max_retries: int = attrs.field(default=2, validator=attrs.validators.ge(0))
    initial_delay: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_delay: float = attrs.field(default=8.0, validator=attrs.validators.ge(0))
    jitter: float = attrs.field(
        default=0.25, validator=[attrs.validators.ge(0), attrs.validators.le(1)]
    )
    max_retry_after: float = attrs.field(default=60.0, validator=attrs.validators.ge(0))

    @staticmethod
    def retryable_status(status_code: int) -> bool:
        return status_code in (408, 429) or status_code >= 500

    def backoff(self, attempt: int, random_fraction: float) -> float:
        """Seconds to wait before retry number `attempt + 1` (attempt counts from 0)."""
        base = min(self.max_delay, self.initial_delay * math.pow(2, attempt))
        return base * (1 - self.jitter * random_fraction)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a `Retry-After` header (delta-seconds or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
            seconds = when.timestamp() - (time.time() if now is None else now)
        # A year beyond the calendar overflows rather than failing as a ValueError.
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)
