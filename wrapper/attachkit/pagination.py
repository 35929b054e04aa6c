"""Lazy, auto-paginating results: `for` / `async for` over items, `.pages()` over pages.

A paginator is generic in its cursor, the value a vendor's flow needs to fetch a page (a
first-page query, then whatever the page says comes next): the flow that produced a page
gets back exactly the cursor type it handed out. Users see `Paginator[Attachment]`.

A listing always ends: one whose vendor sends a next cursor it sent before, or more pages or
items than its own count allows, or more than `max_pages` pages, stops with
`UnexpectedResponseError`. Cursors are compared by hash when they have one, else by `==`.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar

import attrs
from typing_extensions import TypeVar as DefaultTypeVar

from ._core.runner import Flow, VendorFault

__all__ = ["MAX_PAGES", "AsyncPaginator", "Page", "Paginator"]

MAX_PAGES = 10_000
"""Pages a listing may have at most (5 million files in pages of 500): a last
resort against a vendor that sends new cursors for ever without a count."""

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


def _items(page: Page[T, Any]) -> Sequence[T]:
    return page.items


class _Progress(Generic[C]):
    """One walk through a listing: the cursors followed, the pages and items seen, and
    whether the next page may still be fetched."""

    def __init__(self, first_cursor: C, max_pages: int) -> None:
        self._hashed: set[object] = set()
        self._unhashable: list[object] = []
        self._max_pages = max_pages
        self._pages = self._items = self._largest_page = 0
        self._followed(first_cursor)

    def _followed(self, cursor: object) -> bool:
        """Records `cursor`; True if it was followed before."""
        try:
            if cursor in self._hashed:
                return True
            self._hashed.add(cursor)
        except TypeError:  # not hashable: compared one by one
            if cursor in self._unhashable:
                return True
            self._unhashable.append(cursor)
        return False

    def problem(self, page: Page[Any, C]) -> str | None:
        """Why the page after `page` must not be fetched, or None."""
        self._pages += 1
        self._items += len(page.items)
        self._largest_page = max(self._largest_page, len(page.items))
        if page.next_cursor is None:
            return None
        if self._pages >= self._max_pages:
            return f"the listing goes on beyond {self._max_pages} pages"
        if self._followed(page.next_cursor):
            return "the listing does not end: its next page is one already fetched"
        total = page.total_count
        # Every page but the last holds an item, so an honest listing needs at most one page
        # per item (and one more, empty); files added meanwhile are allowed a page of slack.
        if total is not None and (
            self._pages > total + 1 or self._items > total + self._largest_page
        ):
            return (
                f"the listing does not end: {self._pages} pages and {self._items} items "
                f"so far, for a count of {total}"
            )
        return None


class _PaginatorBase(Generic[T, C]):
    def __init__(
        self, fetch: Callable[[C], Flow[Page[T, C]]], first_cursor: C, max_pages: int
    ) -> None:
        if isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages < 1:
            raise ValueError(f"max_pages must be a positive int, not {max_pages!r}")
        self._fetch = fetch
        self._first_cursor = first_cursor
        self._max_pages = max_pages
        self._first_page: Page[T, C] | None = None
        """The first page once loaded: its count and cap hold for the whole listing."""

    def _record(self, page: Page[T, C], cursor: C) -> None:
        if cursor is self._first_cursor:
            self._first_page = page

    def _progress(self) -> _Progress[C]:
        return _Progress(self._first_cursor, self._max_pages)

    def _checked(self, cursor: C, progress: _Progress[C]) -> Flow[Page[T, C]]:
        """The flow of one page that fails, inside the runner (which knows the vendor and
        the exchange), when the listing would not end."""
        page = yield from self._fetch(cursor)
        problem = progress.problem(page)
        if problem is not None:
            raise VendorFault(problem)
        return page


class Paginator(_PaginatorBase[T, C]):
    """Iterates over every item of every page, loading a page only when it is reached.

    Each iteration starts again from the first page.
    """

    def __init__(
        self,
        fetch: Callable[[C], Flow[Page[T, C]]],
        run: Callable[[Flow[Page[T, C]]], Page[T, C]],
        first_cursor: C,
        *,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(fetch, first_cursor, max_pages)
        self._run = run
        self._unread: Page[T, C] | None = None

    @property
    def total_count(self) -> int | None:
        """The vendor's count of all matches (None if it gives none). Read before iterating,
        it loads the first page, which the iteration then starts from."""
        return self._loaded().total_count

    @property
    def truncated(self) -> bool:
        """True when the vendor matched more than it would return (a vendor's cap on
        results). Read before iterating, it loads the first page, as `total_count` does."""
        return self._loaded().truncated

    def _loaded(self) -> Page[T, C]:
        if self._first_page is None:
            page = self._run(self._checked(self._first_cursor, self._progress()))
            self._record(page, self._first_cursor)
            self._unread = page
        assert self._first_page is not None
        return self._first_page

    def pages(self) -> Iterator[Page[T, C]]:
        cursor: C | None = self._first_cursor
        progress = self._progress()
        while cursor is not None:
            page, self._unread = self._unread, None
            if page is not None and cursor is self._first_cursor:
                progress.problem(page)  # checked when it was loaded; counted in this walk
            else:
                page = self._run(self._checked(cursor, progress))
            self._record(page, cursor)
            yield page
            cursor = page.next_cursor

    def __iter__(self) -> Iterator[T]:
        # Chained in C: no Python frame resumed per item, only per page.
        return itertools.chain.from_iterable(map(_items, self.pages()))


class AsyncPaginator(_PaginatorBase[T, C]):
    """The async twin of `Paginator`: `async for item in ...` and `async for page in .pages()`."""

    def __init__(
        self,
        fetch: Callable[[C], Flow[Page[T, C]]],
        run: Callable[[Flow[Page[T, C]]], Awaitable[Page[T, C]]],
        first_cursor: C,
        *,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(fetch, first_cursor, max_pages)
        self._run = run

    @property
    def total_count(self) -> int | None:
        """The vendor's count of all matches: None until the first page is loaded (by
        iterating; a property cannot await), and when the vendor gives none."""
        return None if self._first_page is None else self._first_page.total_count

    @property
    def truncated(self) -> bool | None:
        """True when the vendor matched more than it would return (a vendor's cap on
        results); None until the first page is loaded: read it after iterating."""
        return None if self._first_page is None else self._first_page.truncated

    async def pages(self) -> AsyncIterator[Page[T, C]]:
        cursor: C | None = self._first_cursor
        progress = self._progress()
        while cursor is not None:
            page = await self._run(self._checked(cursor, progress))
            self._record(page, cursor)
            yield page
            cursor = page.next_cursor

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item
