"""Where a run's entity ids come from, and how the scheduler fetches more of them."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from attachkit._core.runner import Flow
from attachkit.errors import APIConnectionError
from attachkit.export.feed import FETCH, EntityFeed
from attachkit.export.scheduler import Scheduler
from attachkit.pagination import AsyncPaginator, Page

pytestmark = pytest.mark.anyio


def paginator(pages: list[list[str]]) -> AsyncPaginator[str, int]:
    """A paginator over fixed pages (cursor: the page's index)."""

    def fetch(cursor: int) -> Flow[Page[str, int]]:
        if False:
            yield  # a flow that sends no request
        following = cursor + 1 if cursor + 1 < len(pages) else None
        return Page(items=pages[cursor], next_cursor=following)

    async def run(flow: Flow[Page[str, int]]) -> Page[str, int]:
        try:
            next(flow)
        except StopIteration as done:
            page: Page[str, int] = done.value
            return page
        raise AssertionError("the flow sent a request")

    return AsyncPaginator(fetch, run, 0)


async def test_a_list_is_taken_one_id_at_a_time_and_its_length_is_the_total() -> None:
    feed = EntityFeed(["a", "b"])
    assert (feed.total, feed.discovering, feed.claim_fetch()) == (2, False, False)
    assert [feed.take(), feed.take(), feed.take()] == ["a", "b", None]
    assert feed.found == 2


async def test_an_iterator_of_unknown_length_has_no_total() -> None:
    feed = EntityFeed(iter(["a"]))
    assert feed.total is None
    assert feed.take() == "a"


async def test_a_paginator_is_fetched_a_page_at_a_time() -> None:
    feed = EntityFeed(paginator([["a", "b"], ["c"]]))
    assert feed.discovering
    assert feed.take() is None
    assert feed.claim_fetch()
    assert not feed.claim_fetch()  # one fetch at a time
    await feed.fetch()
    assert (feed.found, feed.total) == (2, None)
    assert [feed.take(), feed.take()] == ["a", "b"]
    assert feed.claim_fetch()
    await feed.fetch()
    assert feed.claim_fetch()
    await feed.fetch()  # the paginator is done
    assert (feed.discovering, feed.total, feed.take()) == (False, 3, "c")
    assert not feed.claim_fetch()


async def test_no_fetch_while_enough_ids_wait() -> None:
    feed = EntityFeed(paginator([[str(n) for n in range(100)], ["last"]]))
    assert feed.claim_fetch()
    await feed.fetch()
    assert not feed.claim_fetch()
    for _ in range(40):
        feed.take()
    assert feed.claim_fetch()  # fewer than the refill mark are left


async def test_a_vendor_error_ends_discovery_and_is_kept() -> None:
    async def ids() -> AsyncIterator[str]:
        yield "a"
        raise APIConnectionError("envi: unreachable", vendor="envi")

    feed = EntityFeed(ids())
    feed.claim_fetch()
    await feed.fetch()
    feed.claim_fetch()
    await feed.fetch()
    assert isinstance(feed.error, APIConnectionError)
    assert (feed.discovering, feed.found, feed.take()) == (False, 1, "a")


async def test_other_errors_of_an_async_source_are_not_hidden() -> None:
    async def ids() -> AsyncIterator[str]:
        raise RuntimeError("a bug")
        yield "never"

    feed = EntityFeed(ids())
    feed.claim_fetch()
    with pytest.raises(RuntimeError, match="a bug"):
        await feed.fetch()
    assert not feed.fetching


async def test_drain_returns_what_was_never_taken() -> None:
    feed = EntityFeed(["a", "b", "c"])
    feed.take()
    assert feed.drain() == ["b", "c"]


async def test_the_scheduler_fetches_again_when_every_waiting_id_was_dropped() -> None:
    # The first page holds only repeats of an id already listed: the workers must not stop
    # while discovery has more pages.
    feed = EntityFeed(paginator([["a"] * 70, ["b"]]))
    seen: set[str] = set()

    def next_entity() -> str | None:
        while (entity := feed.take()) is not None:
            if entity not in seen:
                seen.add(str(entity))
                return str(entity)
        return None

    scheduler: Scheduler[object] = Scheduler(next_entity, feed)
    jobs: list[object] = []
    while (job := await scheduler.next()) is not None:
        jobs.append(job)
        if job is FETCH:
            await feed.fetch()
            scheduler.fetched()
        else:
            scheduler.listed([])
    # Fetching comes before taking an id while few wait, so the last page is asked early.
    assert jobs == [FETCH, "a", FETCH, FETCH, "b"]
