"""One page of an OData list, as Envi answers every list: `$search`, `$filter`, `$orderby`,
`$top` (20 by default, at most 5,000), `$skip`, `@odata.count` and an absolute next link."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta
from urllib.parse import quote

from starlette.requests import Request

from attachkit_sandbox.vendors.envi.odata import (
    FieldType,
    ODataError,
    Record,
    apply_orderby,
    parse_filter,
    parse_orderby,
)

DEFAULT_TOP = 20
MAX_TOP = 5000


def iso(moment: datetime) -> str:
    """A date-time as Envi writes it: `Z` for UTC, else the offset."""
    if moment.utcoffset() == timedelta(0):
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.isoformat()


def service_root(request: Request) -> str:
    """Scheme, host, port and mount prefix, exactly as the client reached this app."""
    url = request.url
    return f"{url.scheme}://{url.netloc}{request.scope.get('root_path', '')}"


def non_negative(params: Mapping[str, str], name: str, default: int) -> int:
    text = params.get(name)
    if text is None:
        return default
    if not re.fullmatch(r"[0-9]+", text):
        raise ODataError(f"Invalid value '{text}' for {name}: it must be a non-negative integer.")
    return int(text)


def next_link(request: Request, top: int, skip: int, base: str | None) -> str:
    """The same URL and query, with `$top`/`$skip` for the next page; on `base` (scheme and
    host) instead of the address the client called, when given."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in ("$top", "$skip")]
    items += [("$top", str(top)), ("$skip", str(skip))]
    query = "&".join(f"{quote(k, safe='$')}={quote(v, safe='$,()')}" for k, v in items)
    url = request.url
    origin = base.rstrip("/") if base is not None else f"{url.scheme}://{url.netloc}"
    return f"{origin}{url.path}?{query}"


def page_body(
    request: Request,
    records: Sequence[Record],
    fields: Mapping[str, FieldType],
    context: str,
    next_link_base: str | None,
    operators: Collection[str] | None = None,
) -> dict[str, object]:
    """The answer to a list request over `records`: searched, filtered (with `operators`
    only, when given), ordered and paged as the request's query options say."""
    params = request.query_params
    top = non_negative(params, "$top", DEFAULT_TOP)
    if top > MAX_TOP:
        raise ODataError(
            "The limit for the $top query has been exceeded. "
            f"The value from the incoming request is '{params['$top']}'"
        )
    skip = non_negative(params, "$skip", 0)
    found = list(records)
    # "Picks the value in all possible fields": a case-insensitive substring match.
    if params.get("$search"):
        needle = params["$search"].lower()
        found = [
            r for r in found if any(needle in v.lower() for v in r.values() if isinstance(v, str))
        ]
    if params.get("$filter"):
        predicate = parse_filter(params["$filter"], fields, operators)
        found = [r for r in found if predicate(r)]
    if params.get("$orderby"):
        found = apply_orderby(found, parse_orderby(params["$orderby"], fields), fields)
    body: dict[str, object] = {
        "@odata.context": f"{service_root(request)}/odata/$metadata#{context}",
        "@odata.count": len(found),
        "value": found[skip : skip + top],
    }
    if top > 0 and skip + top < len(found):
        body["@odata.nextLink"] = next_link(request, top, skip + top, next_link_base)
    return body
