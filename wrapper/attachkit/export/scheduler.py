"""Which job a free worker takes next: a listed file first, then fetching more entity ids
when few are waiting (discovery), else the next entity to list.

Files before entities keeps work depth-first: an interrupted run has finished whole files
rather than started many listings, and one entity's thousands of files are spread over all
workers. Fetching ids before they run out keeps workers busy without holding more than
about a page of them. A worker that finds nothing to do while listings or a fetch are
still running waits for them, since they may add work.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import anyio

from .feed import FETCH, EntityFeed, Fetch

__all__ = ["Scheduler"]

F = TypeVar("F")


class Scheduler(Generic[F]):
    def __init__(self, next_entity: Callable[[], str | None], feed: EntityFeed) -> None:
        self._next_entity = next_entity
        self._feed = feed
        self._files: deque[F] = deque()
        self._listing = 0
        self._changed = anyio.Event()
        self.stopped = False

    async def next(self) -> F | str | Fetch | None:
        """A file job, FETCH, an entity key to list, or None when the work is done or
        stopped. Entity keys are strings; file jobs must not be."""
        while not self.stopped:
            if self._files:
                return self._files.popleft()
            if self._feed.claim_fetch():
                return FETCH
            key = self._next_entity()
            if key is not None:
                self._listing += 1
                return key
            if self._feed.discovering and not self._feed.fetching:
                continue  # every id waiting was taken (or dropped): fetch more
            if self._listing == 0 and not self._feed.fetching:
                return None
            changed = self._changed
            await changed.wait()
        return None

    def listed(self, files: Iterable[F]) -> None:
        """One listing has finished (successfully or not), adding these files."""
        self._files.extend(files)
        self._listing -= 1
        self._wake()

    def fetched(self) -> None:
        """A fetch of entity ids has finished."""
        self._wake()

    def stop(self) -> None:
        """No more jobs: workers finish the one they have and leave."""
        self.stopped = True
        self._wake()

    def unstarted(self) -> list[F]:
        """The file jobs no worker took, removed from the queue."""
        files = list(self._files)
        self._files.clear()
        return files

    def _wake(self) -> None:
        self._changed.set()
        self._changed = anyio.Event()
