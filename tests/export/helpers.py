"""The in-process sandbox for the export and command-line tests, and what they saw (each
vendor's own clients for it are in its kit, tests/vendors/<vendor>)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import anyio
import anyio.lowlevel
import httpx2
from starlette.applications import Starlette

from attachkit._core.saving import TEMP_PREFIX

BASE = "http://sandbox.test"


class Recorder(httpx2.AsyncBaseTransport):
    """Sends to the sandbox app in-process and notes every request and answer.

    Each request yields to the event loop a few times first, so that concurrent requests
    really overlap and `max_in_flight` shows how many the caller allowed at once."""

    def __init__(self, app: Starlette) -> None:
        self._inner = httpx2.ASGITransport(app=app)
        self.paths: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.paths.append(request.url.path)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(3):
                await anyio.lowlevel.checkpoint()
            response = await self._inner.handle_async_request(request)
        finally:
            self.in_flight -= 1
        self.statuses[response.status_code] += 1
        return response

    def content_requests(self) -> list[str]:
        """Ids of the files whose content was requested (`.../<id>/content`), in order."""
        return [path.split("/")[-2] for path in self.paths if path.endswith("/content")]

    def reset(self) -> None:
        self.paths.clear()
        self.statuses.clear()
        self.max_in_flight = 0


async def no_sleep(seconds: float) -> None:
    """Retries back off without waiting (the tests make no timing claims)."""
    await anyio.lowlevel.checkpoint()


def saved_files(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every finished file under `root/<vendor>/`."""
    from tests.support.vendors import NAMES  # the vendors' kits import this module

    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
        and not path.name.startswith(TEMP_PREFIX)
        and path.relative_to(root).parts[0] in NAMES
    }


def temp_files(root: Path) -> list[Path]:
    return [path for path in root.rglob(f"{TEMP_PREFIX}*.part")]
