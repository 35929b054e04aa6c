"""Reading response bodies defensively: anything off-spec becomes UnexpectedResponseError."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx

from .errors import UnexpectedResponseError

__all__ = [
    "aware",
    "json_body",
    "optional_integer",
    "optional_text",
    "parse_model",
    "unexpected",
]

T = TypeVar("T")
# What generated `from_dict` raises on a body of the wrong shape.
_SHAPE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)


def unexpected(vendor: str, response: httpx.Response, problem: str) -> UnexpectedResponseError:
    request = response.request
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
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        content_type = response.headers.get("content-type", "no content type")
        raise unexpected(vendor, response, f"body is not JSON ({content_type})") from exc


def parse_model(
    vendor: str, response: httpx.Response, parse: Callable[[Any], T], data: Any = None
) -> T:
    """`parse(data)` (a generated `from_dict`), mapping shape errors to UnexpectedResponseError."""
    if data is None:
        data = json_body(vendor, response)
    if not isinstance(data, dict):
        raise unexpected(vendor, response, f"expected a JSON object, got {type(data).__name__}")
    try:
        return parse(data)
    except _SHAPE_ERRORS as exc:
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
