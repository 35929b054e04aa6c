"""Where a run's entity ids come from: an iterable, taken one id at a time as workers need
them, or an async iterable (a discovery paginator), fetched a page at a time.

Fetching an async source's next page is a job like any other (scheduler.py): a worker
takes it when fewer than `_REFILL_BELOW` ids are waiting, so the first entities are listed
and their files downloaded while discovery goes on, at most `concurrency` requests are in
flight in all, and the ids held in memory never exceed about one page.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Sized
from typing import Any, Final

from ..errors import AttachkitError
from ..pagination import AsyncPaginator

__all__ = ["FETCH", "EntityFeed", "Fetch"]

# Fetch the next page when fewer ids than this wait to be listed.
_REFILL_BELOW = 64


class Fetch:
    """The job of fetching the next page of entity ids."""

    def __repr__(self) -> str:
        return "FETCH"


FETCH: Final = Fetch()


class _End:
    pass


_END: Final = _End()


class EntityFeed:
    def __init__(self, entities: Iterable[Any] | AsyncIterable[Any]) -> None:
        self.found = 0
        """Ids had so far (repeats and malformed ones included)."""
        self.error: AttachkitError | None = None
        """Why discovery ended early, if it did."""
        self.fetching = False
        self._waiting: deque[object] = deque()
        self._sync: Iterator[object] | None = None
        self._pages: AsyncIterator[Any] | None = None
        self._items: AsyncIterator[object] | None = None
        self._size: int | None = None
        if isinstance(entities, AsyncPaginator):
            self._pages = entities.pages()
        elif isinstance(entities, AsyncIterable):
            self._items = aiter(entities)
        else:
            self._size = len(entities) if isinstance(entities, Sized) else None
            self._sync = iter(entities)
        self.exhausted = self._sync is not None

    @property
    def discovering(self) -> bool:
        """Whether more ids may still be fetched."""
        return not self.exhausted

    @property
    def total(self) -> int | None:
        """How many ids there are, once that is known."""
        if self._size is not None:
            return self._size
        return self.found if self.exhausted and self._sync is None else None

    def take(self) -> object | None:
        """The next id waiting, or None (None is never an id)."""
        if self._waiting:
            return self._waiting.popleft()
        if self._sync is not None:
            found = next(self._sync, _END)
            if isinstance(found, _End):
                return None
            self.found += 1
            return found
        return None

    def claim_fetch(self) -> bool:
        """True, once, when the next page should be fetched (the caller then must `fetch`)."""
        if self.exhausted or self.fetching or len(self._waiting) >= _REFILL_BELOW:
            return False
        self.fetching = True
        return True

    async def fetch(self) -> None:
        """Fetches the next page (or, for an async iterable that is not a paginator, the
        next id). A vendor's error ends discovery: it is kept in `error`."""
        try:
            if self._pages is not None:
                page = await anext(self._pages)
                self._waiting.extend(page.items)
                self.found += len(page.items)
            elif self._items is not None:
                self._waiting.append(await anext(self._items))
                self.found += 1
        except StopAsyncIteration:
            self.exhausted = True
        except AttachkitError as exc:
            self.error = exc
            self.exhausted = True
        finally:
            self.fetching = False

    def drain(self) -> list[object]:
        """The ids had but not taken, removed (a sync iterable's rest with them)."""
        rest = list(self._waiting)
        self._waiting.clear()
        if self._sync is not None:
            rest.extend(self._sync)
        return rest

    async def aclose(self) -> None:
        """Closes an async source left part-way (a stopped run)."""
        source = self._pages if self._pages is not None else self._items
        close = getattr(source, "aclose", None)
        if close is not None and not self.fetching:
            await close()
