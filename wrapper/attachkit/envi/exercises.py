"""What `attachkit envi check` tries on purpose, read-only, to test assumptions a listing
does not touch: a `$search` for part of a listed file's name in other case, a `$filter` on
a file's exact name (quoted OData-style), and a token renewal by the refresh grant followed
by a second use of the refresh token it spent."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from contextlib import aclosing
from typing import cast

import attrs
import httpx2

from .. import errors
from ..attachment import Attachment
from ..descriptor import Exercise, Exercised
from ..pagination import Page
from .auth import EnviPasswordAuth
from .client import AsyncEnviClient, odata_string

__all__ = ["EXERCISES", "EnviScope"]


@attrs.frozen
class EnviScope:
    """What a check of Envi lists: files of every entity type, or of one."""

    entity_type: int | None = None


_SEEN = 100
"""Files of a search or filter result looked at for the one expected (one page)."""


def _stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name[1:] else name


async def _first_page(
    client: AsyncEnviClient,
    entity: str,
    entity_type: int | None,
    *,
    search: str | None = None,
    filter: str | None = None,
) -> list[str]:
    """The ids on the first page (of `_SEEN` files) of a listing."""
    listing = client.list_files(
        entity, entity_type=entity_type, search=search, filter=filter, page_size=_SEEN
    )
    pages = cast("AsyncGenerator[Page[Attachment], None]", listing.pages())
    async with aclosing(pages):
        async for page in pages:
            return [attachment.id for attachment in page.items]
    return []


def _finding(target: Attachment, asked: str, ids: list[str]) -> Exercised:
    verdict = "found" if target.id in ids else "did not find"
    return Exercised(target.id in ids, f"{asked} {verdict} {target.name!r}")


async def _search(
    client: AsyncEnviClient, scope: EnviScope, entity: str, found: Sequence[Attachment]
) -> Exercised | None:
    target = next((a for a in found if len(_stem(a.name).strip()) >= 4), None)
    if target is None:
        return None
    # A piece from inside the name, every letter's case turned: a case-insensitive
    # substring match finds the file, an exact or prefix match does not.
    term = _stem(target.name)[1:21].swapcase()
    ids = await _first_page(client, entity, scope.entity_type, search=term)
    return _finding(target, f"searching {term!r}", ids)


async def _filter(
    client: AsyncEnviClient, scope: EnviScope, entity: str, found: Sequence[Attachment]
) -> Exercised | None:
    if not found:
        return None
    # A name with a quote in it, if there is one, tests the quoting too.
    target = next((a for a in found if "'" in a.name), found[0])
    condition = f"fileName eq {odata_string(target.name)}"
    ids = await _first_page(client, entity, scope.entity_type, filter=condition)
    return _finding(target, condition, ids)


async def _refresh(
    client: AsyncEnviClient, scope: EnviScope, entity: str, found: Sequence[Attachment]
) -> Exercised | None:
    auth = client._http.auth  # the client's own auth: this package made it
    if not isinstance(auth, EnviPasswordAuth):
        return None  # a fixed token cannot be renewed
    before = auth.refreshes
    spent = auth.expire()
    if spent is None:
        return None
    await _first_page(client, entity, scope.entity_type)  # renews the token first
    if auth.refreshes == before:
        return Exercised(False, "the refresh grant was refused (the client logged in again)")
    try:
        response = await client._http.send(auth.refresh_request(spent), auth=None)
    except httpx2.HTTPError as exc:  # sent outside the runner, so mapped here
        raise errors.APIConnectionError(
            f"envi: the second refresh grant failed: {type(exc).__name__}", vendor="envi"
        ) from None
    try:
        error = response.json().get("error") if response.status_code == 400 else None
    except ValueError:
        error = None
    if response.status_code == 200:
        return Exercised(False, "a new pair, then the spent refresh token was accepted again")
    if not isinstance(error, str):
        status = response.status_code
        return Exercised(False, f"a new pair, then HTTP {status} (not a token error) for it")
    return Exercised(True, f"a new pair, then the spent refresh token refused: 400 {error}")


EXERCISES: tuple[Exercise[AsyncEnviClient, EnviScope], ...] = (
    Exercise(
        action="search for part of a file's name in other case",
        operation="listFileAttachments",
        parameter="$search",
        run=_search,
    ),
    Exercise(
        action="filter on a file's name",
        operation="listFileAttachments",
        parameter="$filter",
        run=_filter,
    ),
    Exercise(
        action="renew the token by its refresh token, then use that refresh token again",
        operation="requestToken",
        run=_refresh,
    ),
)
