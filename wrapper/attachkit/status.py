"""From an error answer to an `APIStatusError`: one way to build them, for every vendor.

A vendor is known here by its `Vendor` profile: its name and how to find its own message
in a decoded JSON error body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import httpx

from . import errors
from .retry import parse_retry_after

__all__ = ["BODY_LIMIT", "MESSAGE_LIMIT", "Vendor", "read_vendor_message", "status_error"]

BODY_LIMIT = 2000
"""Characters of an error body kept in `APIStatusError.body`."""
MESSAGE_LIMIT = 500
"""Characters of a plain-text error body quoted as the vendor's message."""


@attrs.frozen
class Vendor:
    """What the runner needs to know of a vendor: its name, and how to find its message in
    a decoded JSON error body (None when there is none)."""

    name: str
    error_message: Callable[[object], str | None]


_STATUS_ERRORS: dict[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
}


def read_vendor_message(vendor: Vendor, response: httpx.Response) -> str | None:
    """The vendor's own words in an error body (read already), or None."""
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        text = response.text.strip()
        # An HTML error page says nothing useful; plain text (a quota message) does.
        return None if not text or text.startswith("<") else text[:MESSAGE_LIMIT]
    try:
        return vendor.error_message(body)
    except Exception:  # a malformed error body must not hide the status
        return None


def status_error(
    vendor: Vendor,
    response: httpx.Response,
    *,
    vendor_message: str | None = None,
    message: str | None = None,
    error_class: type[errors.APIStatusError] | None = None,
) -> errors.APIStatusError:
    """The exception for an error answer (its body read already).

    By default the class follows the status and the message names the request; a caller
    that knows better (a refused login is an authentication failure whatever its status)
    passes its own `message` and `error_class`."""
    if vendor_message is None:
        vendor_message = read_vendor_message(vendor, response)
    request = response.request
    status = response.status_code
    if message is None:
        message = f"{vendor.name}: HTTP {status} for {request.method} {request.url.path}"
        if vendor_message:
            message = f"{message}: {vendor_message}"
    common: dict[str, Any] = {
        "vendor": vendor.name,
        "status_code": status,
        "vendor_message": vendor_message,
        "method": request.method,
        "url": str(request.url),
        "body": response.text[:BODY_LIMIT],
        "retry_after": parse_retry_after(response.headers.get("retry-after")),
    }
    if error_class is None:
        if status == 429:
            error_class = errors.RateLimitError
        elif status >= 500:
            error_class = errors.ServerError
        else:
            error_class = _STATUS_ERRORS.get(status, errors.APIStatusError)
    return error_class(message, **common)
