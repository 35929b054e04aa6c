"""Auth flows that obtain their own credentials (a token grant, a login) with requests of
their own, once for sync and once for async.

A subclass says how to get credentials (`_credentials_flow`) and how to put them on a
request (`_authorize`). This class runs that flow under a lock, so one grant or login runs
at a time however many requests wait, and after a 401 runs it once more and retries.
"""

from __future__ import annotations

import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import anyio
import httpx

__all__ = ["CredentialsAuth", "CredentialsFlow", "endpoint_url"]

CredentialsFlow = Generator[httpx.Request, httpx.Response, None]


def endpoint_url(base_url: str, path: str) -> httpx.URL:
    """`path` under `base_url`, keeping the base's own path (`.../envi` + `/oauth2/token`)."""
    return httpx.URL(base_url.rstrip("/") + "/").join(path.lstrip("/"))


class CredentialsAuth(httpx.Auth):
    requires_response_body = True

    def __init__(
        self,
        *,
        sleep: Callable[[float], None] = time.sleep,
        async_sleep: Callable[[float], Awaitable[None]] = anyio.sleep,
    ) -> None:
        self._sleep = sleep
        self._async_sleep = async_sleep
        self._sync_lock = threading.Lock()
        self._async_lock: anyio.Lock | None = None

    def _credentials_flow(self, rejected: str | None) -> CredentialsFlow:
        """Makes the credentials usable; runs under the lock. `rejected` is what a 401
        refused (None at first): if another request already replaced it, do nothing."""
        raise NotImplementedError

    def _authorize(self, request: httpx.Request) -> str | None:
        """Puts the current credentials on `request` and returns them."""
        raise NotImplementedError

    def _retries_after_401(self) -> bool:
        """Whether new credentials can be had after a 401 (a fixed token cannot)."""
        return True

    def _slot_wait(self, first: bool) -> float:
        """Seconds to wait before sending a request of the flow; `first` is the one the
        caller already paced."""
        return 0.0

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        rejected: str | None = None
        first = True
        for _attempt in range(2):
            with self._sync_lock:
                flow = self._credentials_flow(rejected)
                try:
                    own_request = next(flow)
                    while True:
                        if (wait := self._slot_wait(first)) > 0:
                            self._sleep(wait)
                        first = False
                        own_response = yield own_request
                        own_response.read()
                        own_request = flow.send(own_response)
                except StopIteration:
                    pass
            rejected = self._authorize(request)
            if (wait := self._slot_wait(first)) > 0:
                self._sleep(wait)
            first = False
            response = yield request
            if response.status_code != 401 or not self._retries_after_401():
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._async_lock is None:
            self._async_lock = anyio.Lock()
        rejected: str | None = None
        first = True
        for _attempt in range(2):
            async with self._async_lock:
                flow = self._credentials_flow(rejected)
                try:
                    own_request = next(flow)
                    while True:
                        if (wait := self._slot_wait(first)) > 0:
                            await self._async_sleep(wait)
                        first = False
                        own_response = yield own_request
                        await own_response.aread()
                        own_request = flow.send(own_response)
                except StopIteration:
                    pass
            rejected = self._authorize(request)
            if (wait := self._slot_wait(first)) > 0:
                await self._async_sleep(wait)
            first = False
            response = yield request
            if response.status_code != 401 or not self._retries_after_401():
                return
