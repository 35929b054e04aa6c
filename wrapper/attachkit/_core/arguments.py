"""Checks on the arguments callers pass to clients: one rule per kind, the same for every
vendor. A wrong type raises TypeError, a wrong value ValueError; messages name the argument.

(Fields in vendor answers are read by `decoding`: a bad one there is the vendor's fault.)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from uuid import UUID

import httpx2

from .credentials import token_problem

__all__ = [
    "INT64_MAX",
    "INT64_MIN",
    "base_url",
    "header_token",
    "integer",
    "max_retries",
    "numeric_id",
    "optional_bool",
    "optional_integer",
    "optional_text",
    "page_size",
    "text",
    "token_source",
    "uuid",
]


INT64_MAX = 2**63 - 1
INT64_MIN = -(2**63)


def _kind(value: object) -> str:
    return type(value).__name__


def integer(
    value: object, what: str, *, minimum: int | None = None, maximum: int | None = None
) -> int:
    """An int (a bool is not one), at least `minimum` and at most `maximum` when given."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, not {_kind(value)}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{what} must be at least {minimum}, not {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{what} must be at most {maximum}, not {value}")
    return value


def optional_integer(
    value: object, what: str, *, minimum: int | None = None, maximum: int | None = None
) -> int | None:
    return None if value is None else integer(value, what, minimum=minimum, maximum=maximum)


def text(value: object, what: str) -> str:
    """A non-empty string."""
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string, not {_kind(value)}")
    if not value:
        raise ValueError(f"{what} must not be empty")
    return value


def optional_text(value: object, what: str) -> str | None:
    """A string or None (an empty string is passed on: it may mean something to a vendor)."""
    if value is not None and not isinstance(value, str):
        raise TypeError(f"{what} must be a string or None, not {_kind(value)}")
    return value


def optional_bool(value: object, what: str) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{what} must be a bool or None, not {_kind(value)}")
    return value


def uuid(value: object, what: str) -> UUID:
    """A UUID, or a string holding one."""
    if isinstance(value, UUID):
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a UUID or a string, not {_kind(value)}")
    try:
        return UUID(value)
    except ValueError:
        raise ValueError(f"{what} is not a UUID: {value!r}") from None


def max_retries(value: object) -> int | None:
    """A per-client or per-call `max_retries`: None (the default) or a count >= 0."""
    return optional_integer(value, "max_retries", minimum=0)


def page_size(value: object, *, maximum: int) -> int:
    """Records per page: at least 1, capped at the vendor's `maximum`."""
    return min(integer(value, "page_size", minimum=1), maximum)


def header_token(value: object, what: str) -> str:
    """A non-empty token that can go in a header (visible ASCII, not too long); the message
    never shows it."""
    token = text(value, what)
    problem = token_problem(token)
    if problem is not None:
        raise ValueError(f"{what} cannot be sent in a header: it {problem}")
    return token


def token_source(
    value: object, what: str, *, asynchronous: bool = False
) -> str | Callable[[], object]:
    """A token that can go in a header, or a callable that returns one when asked (for an
    async client, also an `async def` or one that returns an awaitable)."""
    if callable(value):
        if not asynchronous and inspect.iscoroutinefunction(value):
            raise TypeError(f"{what} is an async function: give it to the async client")
        return value
    if not isinstance(value, str):
        raise TypeError(f"{what} must be a string or a callable returning one, not {_kind(value)}")
    return header_token(value, what)


def base_url(value: object, vendor: str) -> str:
    """An absolute http(s) URL, without a trailing slash."""
    if not isinstance(value, str):
        raise TypeError(f"{vendor} base_url must be a string, not {_kind(value)}")
    try:
        url = httpx2.URL(value)
    except httpx2.InvalidURL:
        url = None
    if url is None or url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"{vendor} base_url must be an absolute http(s) URL, not {value!r}")
    return value.rstrip("/")


def numeric_id(value: object, what: str, *, maximum: int | None = None) -> str:
    """A non-negative integer id as an int or as text (as read from a file or a command
    line), at most `maximum` when given, returned in canonical text form ("007" is "7")."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"{what} must be an int or a string, not {_kind(value)}")
    digits = value.strip()
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"{what} is not a positive integer: {value!r}")
    if maximum is not None and int(digits) > maximum:
        raise ValueError(f"{what} must be at most {maximum}, not {value!r}")
    return str(int(digits))
