"""Reading response bodies defensively: anything off-spec becomes UnexpectedResponseError."""

from __future__ import annotations

import codecs
import json
import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from email.message import Message
from typing import Any, Final, TypeVar

import httpx2

from ..errors import UnexpectedResponseError
from .redaction import cut

__all__ = [
    "MISSING",
    "PROBLEM_LIMIT",
    "body_text",
    "declared_codec",
    "json_body",
    "json_object",
    "optional_integer",
    "optional_text",
    "parse_model",
    "required_integer",
    "required_text",
    "timestamp",
    "unexpected",
    "uuid_text",
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


def declared_codec(content_type: str) -> str:
    """The codec to read a body of this Content-Type with: its charset when it is a text
    encoding we trust, else UTF-8."""
    message = Message()
    try:
        message["content-type"] = content_type
        charset = message.get_content_charset()
    except Exception:  # the email parser fails on some odd values: no charset then
        charset = None
    return _trusted_codec(charset) or "utf-8"


def body_text(response: httpx2.Response) -> str:
    """A (read) body as text, for quoting in an error: in the charset the response declares
    when it is a text encoding we trust, else UTF-8; undecodable bytes become U+FFFD."""
    try:
        charset = response.charset_encoding
    # The email parser httpx2 reads Content-Type with fails on some odd values (a TypeError
    # for `charset*=a; charset*0*=x''a`), and may fail in other ways: no charset then.
    except Exception:
        charset = None
    return response.content.decode(_trusted_codec(charset) or "utf-8", "replace")


def unexpected(vendor: str, response: httpx2.Response, problem: str) -> UnexpectedResponseError:
    request = response.request
    problem = cut(problem, PROBLEM_LIMIT)
    return UnexpectedResponseError(
        f"{vendor}: unexpected response to {request.method} {request.url.path}: {problem}",
        vendor=vendor,
        method=request.method,
        url=str(request.url),
        status_code=response.status_code,
    )


def json_body(vendor: str, response: httpx2.Response) -> Any:
    """The decoded JSON body, or UnexpectedResponseError (HTML pages, truncated JSON...)."""
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        content_type = cut(response.headers.get("content-type", "no content type"), 100)
        raise unexpected(vendor, response, f"body is not JSON ({content_type})") from exc


def json_object(vendor: str, response: httpx2.Response) -> dict[str, Any]:
    """The decoded JSON body, which must be an object."""
    data = json_body(vendor, response)
    if type(data) is not dict:
        raise unexpected(vendor, response, f"expected a JSON object, got {type(data).__name__}")
    return data


def parse_model(
    vendor: str,
    response: httpx2.Response,
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


class _Missing:
    """What `record.get(key, MISSING)` gives for a key the vendor left out (null is None)."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

# Reading decoded JSON records directly, with the strictness of the generated parsers plus
# the types the specs give: TypeError for a value of the wrong type, ValueError for one
# missing or in the wrong format. Listings call these for every row, so the common case
# is tested first and the messages are built only on the way out.


def _wrong_type(value: object, field: str, expected: str) -> Exception:
    if value is MISSING:
        return ValueError(f"{field} is missing")
    return TypeError(f"{field} is {type(value).__name__}, expected {expected}")


def optional_text(value: object, field: str) -> str | None:
    """A string field that may be absent or null (None then)."""
    if type(value) is str:
        return value
    if value is None or value is MISSING:
        return None
    raise TypeError(f"{field} is {type(value).__name__}, expected a string")


def required_text(value: object, field: str) -> str:
    """A string field that must be there."""
    if type(value) is str:
        return value
    raise _wrong_type(value, field, "a string")


def optional_integer(value: object, field: str) -> int | None:
    """An integer field that may be absent or null (None then); a bool is not an integer."""
    if type(value) is int:
        return value
    if value is None or value is MISSING:
        return None
    raise TypeError(f"{field} is {type(value).__name__}, expected an integer")


def required_integer(value: object, field: str) -> int:
    """An integer field that must be there; a bool is not an integer."""
    if type(value) is int:
        return value
    raise _wrong_type(value, field, "an integer")


_CANONICAL_UUID = re.compile(
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
).fullmatch


def uuid_text(value: object, field: str) -> str:
    """A UUID field, in the form `str(uuid.UUID(value))` gives (lower case, hyphens), for
    whatever `uuid.UUID` (the generated parsers' reading) accepts: braces, `urn:uuid:`,
    upper case... The canonical form, what vendors send, is recognised by a pattern, ten
    times faster than building a `uuid.UUID` (a listing row has up to four)."""
    if type(value) is str and _CANONICAL_UUID(value) is not None:
        return value
    if not isinstance(value, str):
        raise _wrong_type(value, field, "a UUID string")
    try:
        return str(uuid.UUID(value))
    except ValueError as exc:
        raise ValueError(f"{field} is not a UUID: {exc}") from None


def timestamp(value: object, field: str) -> datetime:
    """An ISO 8601 date-time field, read as the generated parsers read it
    (`datetime.fromisoformat`); a time without an offset is taken as UTC."""
    if not isinstance(value, str):
        raise _wrong_type(value, field, "a date-time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{field} is not an ISO 8601 date-time: {exc}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
