"""Altegio's client search (`POST /company/{location_id}/clients/search`), as the YCLIENTS
API Blueprint describes it: a page (from 1) of at most 200 clients, the fields asked for
(`["id"]` by default), ordered, optionally filtered, with `meta.total_count`.

Where the blueprint is silent, what the sandbox does is marked `x-attachkit-assumption`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from attachkit_sandbox.vendors.altegio.data import AltegioLocation

__all__ = ["MAX_PAGE_SIZE", "search_clients"]

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 25
# The blueprint's members of `fields` and `order_by`; the sandbox knows ids and names only,
# and answers null for the rest.
FIELDS = (
    "id",
    "name",
    "phone",
    "email",
    "discount",
    "first_visit_date",
    "last_visit_date",
    "sold_amount",
    "visits_count",
    "passteam_card_id",
)
ORDER_BY = FIELDS[:-1]

Failure = Callable[[int, str, dict[str, list[str]] | None], JSONResponse]


def _client_name(client_id: int) -> str:
    return f"Client {client_id}"


class _Invalid(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _integer(body: Mapping[str, Any], name: str, default: int, maximum: int | None) -> int:
    value = body.get(name, default)
    if type(value) is not int or value < 1 or (maximum is not None and value > maximum):
        limit = f"between 1 and {maximum}" if maximum is not None else "1 or more"
        raise _Invalid(name, f"The {name.replace('_', ' ')} must be {limit}.")
    return value


def _fields(body: Mapping[str, Any]) -> list[str]:
    fields = body.get("fields", ["id"])
    if not isinstance(fields, list) or not fields or any(f not in FIELDS for f in fields):
        raise _Invalid("fields", f"The fields must be a list of: {', '.join(FIELDS)}.")
    return list(dict.fromkeys(fields))


def _matches(filters: object, client_id: int) -> bool | None:
    """Whether the client passes every filter (AND); None for a filter the sandbox cannot
    apply (answered as the blueprint answers an unusable filter)."""
    if filters is None:
        return True
    if not isinstance(filters, list):
        return None
    for item in filters:
        kind = item.get("type") if isinstance(item, dict) else None
        state = item.get("state") if isinstance(item, dict) else None
        value = state.get("value") if isinstance(state, dict) else None
        if kind == "id" and isinstance(value, list):
            if client_id not in value:
                return False
        elif kind == "quick_search" and isinstance(value, str):
            if value.lower() not in _client_name(client_id).lower():
                return False
        else:
            return None
    return True


async def search_clients(request: Request, location: AltegioLocation, failure: Failure) -> Any:
    """The answer to one search of `location`'s clients."""
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return failure(422, "The given data was invalid.", {"body": ["A JSON object is needed."]})
    try:
        # x-attachkit-assumption: a page or page size out of range is refused with 422 and
        # `meta.errors` (the blueprint says only "Максимум 200").
        page = _integer(body, "page", 1, None)
        page_size = _integer(body, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        fields = _fields(body)
        order_by = body.get("order_by", "id")
        if order_by not in ORDER_BY:
            raise _Invalid("order_by", f"The order_by must be one of: {', '.join(ORDER_BY)}.")
        direction = str(body.get("order_by_direction", "ASC")).upper()
        if direction not in ("ASC", "DESC"):
            raise _Invalid("order_by_direction", "The order_by_direction must be ASC or DESC.")
    except _Invalid as invalid:
        return failure(422, "The given data was invalid.", {invalid.field: [str(invalid)]})
    matched = []
    for client_id in location.clients:
        passes = _matches(body.get("filters"), client_id)
        if passes is None:
            # The blueprint's answer to an unusable filter value.
            message = "Недопустимое значение фильтра"
            return failure(400, message, {"filters": ["Недопустимое значение состояния фильтра"]})
        if passes:
            matched.append(client_id)
    # x-attachkit-assumption: clients come in a stable order, by id unless order_by names
    # a field the sandbox knows (name); the blueprint does not say.
    key = _client_name if order_by == "name" else int
    matched.sort(key=key, reverse=direction == "DESC")
    start = (page - 1) * page_size
    rows = [
        {field: _value(field, client_id) for field in fields}
        for client_id in matched[start : start + page_size]
    ]
    return JSONResponse({"success": True, "data": rows, "meta": {"total_count": len(matched)}})


def _value(field: str, client_id: int) -> object:
    if field == "id":
        return client_id
    if field == "name":
        return _client_name(client_id)
    return None
