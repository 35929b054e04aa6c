"""Lazy, auto-paginating results: `for` / `async for` over items, `.pages()` over pages.

A paginator is generic in its cursor, the value a vendor's flow needs to fetch a page (a
first-page query, then whatever the page says comes next): the flow that produced a page
gets back exactly the cursor type it handed out. Users see `Paginator[Attachment]`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs
from typing_extensions import TypeVar as DefaultTypeVar

from .runner import Flow

__all__ = ["AsyncPaginator", "Page", "Paginator"]

T = TypeVar("T")
# What fetches a page; `Any` for those who only read items and counts.
C = DefaultTypeVar("C", default=Any)


@attrs.frozen
class Page(Generic[T, C]):
    """One page of results as the vendor returned it.

    `total_count` is the vendor's count of all matches (None if it gives none);
    `next_cursor` is what fetches the next page (None on the last one).
    """

    items: Sequence[T]
    total_count: int | None = None
    next_cursor: C | None = None
    truncated: bool = False


class _PaginatorBase(Generic[T, C]):
    def __init__(self, fetch: Callable[[C], Flow[Page[T, C]]], first_cursor: C) -> None:
        self._fetch = fetch
        self._first_cursor = first_cursor
        self.total_count: int | None = None
        """The vendor's count of all matches, known once the first page is loaded."""
        self.truncated = False
        """True when the vendor matched more than it would return (a vendor's cap on results)."""

    def _record(self, page: Page[T, C], cursor: C) -> None:
        if cursor is self._first_cursor:
            self.total_count = page.total_count
            self.truncated = page.truncated


class Paginator(_PaginatorBase[T, C]):
    """Iterates over every item of every page, loading a page only when it is reached.

    Each iteration starts again from the first page.
    """

    def __init__(
        self,
        fetch: Callable[[C], Flow[Page[T, C]]],
        run: Callable[[Flow[Page[T, C]]], Page[T, C]],
        first_cursor: C,
    ) -> None:
        super().__init__(fetch, first_cursor)
        self._run = run

    def pages(self) -> Iterator[Page[T, C]]:
        cursor: C | None = self._first_cursor
        while cursor is not None:
            page = self._run(self._fetch(cursor))
            self._record(page, cursor)
            yield page
            cursor = page.next_cursor

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPaginator(_PaginatorBase[T, C]):
    """The async twin of `Paginator`: `async for item in ...` and `async for page in .pages()`."""

    def __init__(
        self,
        fetch: Callable[[C], Flow[Page[T, C]]],
        run: Callable[[Flow[Page[T, C]]], Awaitable[Page[T, C]]],
        first_cursor: C,
    ) -> None:
        super().__init__(fetch, first_cursor)
        self._run = run

    async def pages(self) -> AsyncIterator[Page[T, C]]:
        cursor: C | None = self._first_cursor
        while cursor is not None:
            page = await self._run(self._fetch(cursor))
            self._record(page, cursor)
            yield page
            cursor = page.next_cursor

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
