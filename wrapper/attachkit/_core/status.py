"""From an error answer to an `APIStatusError`: one way to build them, for every vendor.

A vendor is known here by its `Vendor` profile: its name, how to find its own message in
a decoded JSON error body, and what its refusals and listings mean where the status or the
field alone does not say.

Bodies are decoded without trusting an odd charset (see `decoding.body_text`), and the
vendor's words are cut to `MESSAGE_LIMIT` and made printable. The answer to a token or
login request (`secret_answer=True`) may hold the secrets just issued or echo the password
that was sent: its body is never kept, and only a JSON body's message fields are quoted. The
runner redacts every error before it leaves (`redaction.Redactor`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import attrs
import httpx2

from .. import errors
from ..attachment import Attachment
from ..retry import parse_retry_after
from .decoding import body_text
from .delivery import ListedSize, exact_listed_size
from .redaction import cut, printable

__all__ = [
    "BODY_LIMIT",
    "MESSAGE_LIMIT",
    "Vendor",
    "read_vendor_message",
    "status_error",
    "vendor_words",
]

BODY_LIMIT = 2000
"""Characters of an error body kept in `APIStatusError.body`."""
MESSAGE_LIMIT = 500
"""Characters of the vendor's message quoted in an error."""


def _by_status(status: int, vendor_message: str | None) -> type[errors.APIStatusError] | None:
    return None


def _no_detail(response: httpx2.Response) -> str | None:
    return None


@attrs.frozen
class Vendor:
    """What the library needs to know of a vendor.

    `name`; `error_message` finds the vendor's message in a decoded JSON error body (None
    when there is none); `error_detail` says what else an error answer tells that its
    message does not (e.g. the versions a vendor supports); `error_class` picks the error
    for a status and that message where the status alone says less than the vendor meant
    (None: by the status); `listed_size` says which byte counts a listing's size allows a
    download (by default exactly `Attachment.size`; None: nothing to check);
    `web_page_hint` ends the message of a web page that came for a file (what to check,
    after "perhaps a sign-in page")."""

    name: str
    error_message: Callable[[object], str | None]
    error_detail: Callable[[httpx2.Response], str | None] = _no_detail
    error_class: Callable[[int, str | None], type[errors.APIStatusError] | None] = _by_status
    listed_size: Callable[[Attachment], ListedSize | None] = exact_listed_size
    web_page_hint: str = ""


_STATUS_ERRORS: dict[int, type[errors.APIStatusError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
}


def vendor_words(text: str) -> str:
    """A vendor's message as quoted in an error: printable, and cut to `MESSAGE_LIMIT`."""
    return cut(printable(text.strip()), MESSAGE_LIMIT)


def read_vendor_message(
    vendor: Vendor, response: httpx2.Response, *, plain_text: bool = True
) -> str | None:
    """The vendor's own words in an error body (read already), or None. A body that is not
    JSON is quoted only if `plain_text` (and it is not an HTML page). An empty body leaves
    the status line: its reason, where it is not the standard one for the status, is the
    vendor's (a quota text: "429 API calls quota exceeded! ...")."""
    if not response.content.strip():
        return _reason_words(response)
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        if not plain_text:
            return None
        text = body_text(response).strip()
        # An HTML error page says nothing useful; plain text (a quota message) does.
        return None if not text or text.startswith("<") else vendor_words(text)
    try:
        message = vendor.error_message(body)
    except Exception:  # a malformed error body must not hide the status
        return None
    return vendor_words(message) if isinstance(message, str) and message.strip() else None


def _reason_words(response: httpx2.Response) -> str | None:
    reason = response.reason_phrase.strip()
    standard = httpx2.codes.get_reason_phrase(response.status_code)
    if not reason or reason.lower() == standard.lower():
        return None
    return vendor_words(reason)


def status_error(
    vendor: Vendor,
    response: httpx2.Response,
    *,
    vendor_message: str | None = None,
    message: str | None = None,
    error_class: type[errors.APIStatusError] | None = None,
    secret_answer: bool = False,
) -> errors.APIStatusError:
    """The exception for an error answer (its body read already).

    By default the class follows the status and the message names the request; a caller
    that knows better (a refused login is an authentication failure whatever its status)
    passes its own `message` and `error_class`. `secret_answer` marks the answer to a token
    or login request: its body is not kept, nor quoted unless it is JSON."""
    if vendor_message is None:
        vendor_message = read_vendor_message(vendor, response, plain_text=not secret_answer)
    else:
        vendor_message = vendor_words(vendor_message) or None
    request = response.request
    status = response.status_code
    if message is None:
        message = f"{vendor.name}: HTTP {status} for {request.method} {request.url.path}"
        if vendor_message:
            message = f"{message}: {vendor_message}"
        detail = vendor.error_detail(response)
        if detail:
            message = f"{message} ({vendor_words(detail)})"
    common: dict[str, Any] = {
        "vendor": vendor.name,
        "status_code": status,
        "vendor_message": vendor_message,
        "method": request.method,
        "url": str(request.url),
        "body": "" if secret_answer else cut(body_text(response), BODY_LIMIT),
        "retry_after": parse_retry_after(response.headers.get("retry-after")),
    }
    if error_class is None:
        error_class = vendor.error_class(status, vendor_message)
    if error_class is None:
        if status == 429:
            error_class = errors.RateLimitError
        elif status >= 500:
            error_class = errors.ServerError
        else:
            error_class = _STATUS_ERRORS.get(status, errors.APIStatusError)
    return error_class(message, **common)
