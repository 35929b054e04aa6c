"""Reading response bodies defensively: anything off-spec becomes UnexpectedResponseError."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from .errors import UnexpectedResponseError
from .redaction import cut

__all__ = [
    "PROBLEM_LIMIT",
    "aware",
    "body_text",
    "json_body",
    "optional_integer",
    "optional_text",
    "parse_model",
    "unexpected",
]

T = TypeVar("T")
# What generated `from_dict` raises on a body of the wrong shape (a date beyond the
# calendar overflows, a deep structure recurses).
_SHAPE_ERRORS = (
    KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError, RecursionError,
)  # fmt: skip
PROBLEM_LIMIT = 300
"""Characters of a problem description (which may quote a vendor's value) in a message."""
# Charsets a vendor may declare for an error body that we decode as declared: real text
# encodings that decode any bytes (with replacement). Anything else (an unknown name, a
# bytes-to-bytes codec such as base64 or zlib, punycode, idna...) is read as UTF-8.
_TRUSTED_CHARSETS = re.compile(
    r"utf-8(-sig)?|utf-(16|32)(-[lb]e)?|ascii|iso8859-\d+|cp12[05]\d|cp874|koi8-[ru]|tis-620"
    r"|mac-roman|shift_jis|cp932|euc_jp|gb2312|gbk|gb18030|big5(hkscs)?|cp949|euc_kr|cp950"
)


def _trusted_codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        codec = codecs.lookup(charset)
    except (LookupError, ValueError):  # an unknown name, or one with a NUL in it
        return None
    return codec.name if _TRUSTED_CHARSETS.fullmatch(codec.name) else None


def body_text(response: httpx.Response) -> str:
    """A (read) body as text, for quoting in an error: in the charset the response declares
    when it is a text encoding we trust, else UTF-8; undecodable bytes become U+FFFD."""
    try:
        charset = response.charset_encoding
    # The email parser httpx reads Content-Type with fails on some odd values (a TypeError
    # for `charset*=a; charset*0*=x''a`), and may fail in other ways: no charset then.
    except Exception:
        charset = None
    return response.content.decode(_trusted_codec(charset) or "utf-8", "replace")


def unexpected(vendor: str, response: httpx.Response, problem: str) -> UnexpectedResponseError:
    request = response.request
    problem = cut(problem, PROBLEM_LIMIT)
    return UnexpectedResponseError(
        f"{vendor}: unexpected response to {request.method} {request.url.path}: {problem}",
        vendor=vendor,
        method=request.method,
        url=str(request.url),
        status_code=response.status_code,
    )


def json_body(vendor: str, response: httpx.Response) -> Any:
    """The decoded JSON body, or UnexpectedResponseError (HTML pages, truncated JSON...)."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        content_type = cut(response.headers.get("content-type", "no content type"), 100)
        raise unexpected(vendor, response, f"body is not JSON ({content_type})") from exc


def parse_model(
    vendor: str,
    response: httpx.Response,
    parse: Callable[[Any], T],
    data: Any = None,
    *,
    quote: bool = True,
) -> T:
    """`parse(data)` (a generated `from_dict`), mapping shape errors to UnexpectedResponseError.

    With `quote=False` (token and login answers) the error says what was wrong in general
    terms only: the parser's own message could quote a value, and those values are secrets."""
    if data is None:
        data = json_body(vendor, response)
    if not isinstance(data, dict):
        raise unexpected(vendor, response, f"expected a JSON object, got {type(data).__name__}")
    try:
        return parse(data)
    except _SHAPE_ERRORS as exc:
        if not quote:
            problem = f"the body does not have the documented fields ({type(exc).__name__})"
            raise unexpected(vendor, response, problem) from None
        raise unexpected(vendor, response, f"{type(exc).__name__}: {exc}") from exc


def aware(value: datetime | None) -> datetime | None:
    """Timezone-aware datetimes: a vendor time without an offset is taken as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def optional_text(value: object, field: str, unset: type) -> str | None:
    """A string field of a generated model: None when absent (null, or the vendor client's
    `unset` marker), TypeError when the vendor sent another type (generated parsers cast
    without checking). Listings call this for every row, so the common case comes first."""
    if value.__class__ is str:
        return value
    if value is None or isinstance(value, unset):
        return None
    raise TypeError(f"{field} is {type(value).__name__}, expected a string")


def optional_integer(value: object, field: str, unset: type) -> int | None:
    """An integer field of a generated model: None when absent, TypeError for another type
    (a bool is not an integer)."""
    if value.__class__ is int:
        return value
    if value is None or isinstance(value, unset):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{field} is {type(value).__name__}, expected an integer")
