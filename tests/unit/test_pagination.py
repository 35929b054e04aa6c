"""Lazy pagination: items and pages on demand, for `for` and `async for` alike."""

from __future__ import annotations

import itertools

import pytest

from attachkit._core.runner import Flow
from attachkit.pagination import AsyncPaginator, Page, Paginator

PAGES = {
    "first": Page(items=[1, 2], total_count=5, next_cursor="second", truncated=False),
    "second": Page(items=[3, 4], total_count=5, next_cursor="third"),
    "third": Page(items=[5], total_count=5, next_cursor=None),
}


class Vendor:
    """Serves PAGES by cursor and remembers which ones were asked for."""

    def __init__(self) -> None:
        self.fetched: list[object] = []

    def fetch(self, cursor: object) -> Flow[Page[int]]:
        self.fetched.append(cursor)
        return self._flow(cursor)

    @staticmethod
    def _flow(cursor: object) -> Flow[Page[int]]:
        assert isinstance(cursor, str)
        if False:  # a flow that needs no request
            yield
        return PAGES[cursor]


def run(flow: Flow[Page[int]]) -> Page[int]:
    try:
        next(flow)
    except StopIteration as done:
        page: Page[int] = done.value
        return page
    raise AssertionError("the flow asked for a request")


async def async_run(flow: Flow[Page[int]]) -> Page[int]:
    return run(flow)


def test_iterates_every_item_of_every_page() -> None:
    vendor = Vendor()
    assert list(Paginator(vendor.fetch, run, "first")) == [1, 2, 3, 4, 5]
    assert vendor.fetched == ["first", "second", "third"]


def test_nothing_is_fetched_before_it_is_needed() -> None:
    vendor = Vendor()
    paginator = Paginator(vendor.fetch, run, "first")
    assert vendor.fetched == []
    assert list(itertools.islice(paginator, 3)) == [1, 2, 3]
    assert vendor.fetched == ["first", "second"]


def test_counts_read_before_iterating_load_the_first_page_once() -> None:
    vendor = Vendor()
    paginator = Paginator(vendor.fetch, run, "first")
    assert (paginator.truncated, paginator.total_count) == (False, 5)
    assert vendor.fetched == ["first"]
    assert list(paginator) == [1, 2, 3, 4, 5]
    assert vendor.fetched == ["first", "second", "third"]  # the first page is not asked again
    assert list(paginator) == [1, 2, 3, 4, 5]
    assert vendor.fetched == ["first", "second", "third"] * 2


@pytest.mark.anyio
async def test_async_counts_are_unknown_until_the_first_page_is_loaded() -> None:
    vendor = Vendor()
    paginator = AsyncPaginator(vendor.fetch, async_run, "first")
    assert (paginator.truncated, paginator.total_count) == (None, None)
    assert [item async for item in paginator] == [1, 2, 3, 4, 5]
    assert (paginator.truncated, paginator.total_count) == (False, 5)


def test_pages_and_counts() -> None:
    vendor = Vendor()
    paginator = Paginator(vendor.fetch, run, "first")
    pages = paginator.pages()
    first = next(pages)
    assert list(first.items) == [1, 2]
    assert (paginator.total_count, paginator.truncated) == (5, False)
    assert [list(page.items) for page in pages] == [[3, 4], [5]]


def test_each_iteration_starts_again() -> None:
    vendor = Vendor()
    paginator = Paginator(vendor.fetch, run, "first")
    assert list(paginator) == list(paginator) == [1, 2, 3, 4, 5]
    assert vendor.fetched == ["first", "second", "third"] * 2


def test_truncation_is_taken_from_the_first_page() -> None:
    pages = {"only": Page(items=[1], total_count=14, next_cursor=None, truncated=True)}

    def fetch(cursor: object) -> Flow[Page[int]]:
        if False:
            yield
        return pages[str(cursor)]

    paginator = Paginator(fetch, run, "only")
    assert list(paginator) == [1]
    assert (paginator.total_count, paginator.truncated) == (14, True)


@pytest.mark.anyio
async def test_async_iteration() -> None:
    vendor = Vendor()
    paginator = AsyncPaginator(vendor.fetch, async_run, "first")
    assert vendor.fetched == []
    assert [item async for item in paginator] == [1, 2, 3, 4, 5]
    assert paginator.total_count == 5
    assert [list(page.items) async for page in paginator.pages()] == [[1, 2], [3, 4], [5]]
    assert vendor.fetched == ["first", "second", "third"] * 2


@pytest.mark.anyio
async def test_async_iteration_stops_early() -> None:
    vendor = Vendor()
    items = []
    async for item in AsyncPaginator(vendor.fetch, async_run, "first"):
        items.append(item)
        if item == 2:
            break
    assert items == [1, 2]
    assert vendor.fetched == ["first"]
