"""Lazy, auto-paginating results: `for` / `async for` over items, `.pages()` over pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Generic, TypeVar

import attrs

from .runner import Flow

__all__ = ["AsyncPaginator", "Page", "Paginator"]

T = TypeVar("T")


@attrs.frozen
class Page(Generic[T]):
    """One page of results as the vendor returned it.

    `total_count` is the vendor's count of all matches (None if it gives none);
    `next_cursor` is what fetches the next page (None on the last one).
    """

    items: Sequence[T]
    total_count: int | None = None
    next_cursor: object | None = None
    truncated: bool = False


class _PaginatorBase(Generic[T]):
    def __init__(self, first_cursor: object) -> None:
        self._first_cursor = first_cursor
        self.total_count: int | None = None
        """The vendor's count of all matches, known once the first page is loaded."""
        self.truncated = False
        """True when the vendor matched more than it would return (Amili's cap of 10)."""

    def _record(self, page: Page[T], cursor: object) -> None:
        if cursor is self._first_cursor:
            self.total_count = page.total_count
            self.truncated = page.truncated


class Paginator(_PaginatorBase[T]):
    """Iterates over every item of every page, loading a page only when it is reached.

    Each iteration starts again from the first page.
    """

    def __init__(
        self,
        fetch: Callable[[object], Flow[Page[T]]],
        run: Callable[[Flow[Page[T]]], Page[T]],
        first_cursor: object,
    ) -> None:
        super().__init__(first_cursor)
        self._fetch = fetch
        self._run = run

    def pages(self) -> Iterator[Page[T]]:
        cursor: object | None = self._first_cursor
        while cursor is not None:
            page = self._run(self._fetch(cursor))
            self._record(page, cursor)
            yield page
            cursor = page.next_cursor

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPaginator(_PaginatorBase[T]):
    """The async twin of `Paginator`: `async for item in ...` and `async for page in .pages()`."""

    def __init__(
        self,
        fetch: Callable[[object], Flow[Page[T]]],
        run: Callable[[Flow[Page[T]]], Awaitable[Page[T]]],
        first_cursor: object,
    ) -> None:
        super().__init__(first_cursor)
        self._fetch = fetch
        self._run = run

    async def pages(self) -> AsyncIterator[Page[T]]:
        cursor: object | None = self._first_cursor
        while cursor is not None:
            page = await self._run(self._fetch(cursor))
            self._record(page, cursor)
            yield page
            cursor = page.next_cursor

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
