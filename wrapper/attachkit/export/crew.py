"""The workers of one run, as the caller starts them, and the committer they feed.

Each of the `concurrency` workers joins the crew. The first one also runs the committer,
until the last worker is done and every outcome it handed over is saved and recorded. And
the first one works alone until the vendor first answers: it logs in once while the
others wait here rather than in a queue on the login, and they then start together on a
logged-in client.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import anyio

from .committer import Committer

__all__ = ["Crew"]


class Crew:
    def __init__(self, committer: Committer) -> None:
        self._committer = committer
        self._working = 0
        self._hosted = False
        self._answered = anyio.Event()

    def answered(self) -> None:
        """The vendor answered (or will not): the waiting workers may start."""
        self._answered.set()

    async def join(self, work: Callable[[], Awaitable[None]]) -> None:
        """Runs `work` as one worker of the crew."""
        self._working += 1
        if self._hosted:
            await self._work(work)
            return
        self._hosted = True
        try:
            async with anyio.create_task_group() as group:
                group.start_soon(self._committer.run)
                await self._work(work)
        except BaseExceptionGroup as group:
            if len(group.exceptions) == 1:
                raise group.exceptions[0] from None
            raise

    async def _work(self, work: Callable[[], Awaitable[None]]) -> None:
        try:
            if self._working > 1:
                await self._answered.wait()
            await work()
        finally:
            self._answered.set()
            self._working -= 1
            if self._working == 0:
                self._committer.close()
