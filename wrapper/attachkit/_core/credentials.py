"""Auth flows that obtain their own credentials (a token grant, a login) with requests of
their own, once for sync and once for async.

A subclass says how to get credentials (`_credentials_flow`) and how to put them on a
request (`_authorize`). This class runs that flow under a lock, so one grant or login runs
at a time however many requests wait, and after a 401 runs it once more and retries.

Also here: what makes a token usable in a header (checked on tokens the caller gives and on
tokens a vendor issues, before they are used), and what makes a login or password sendable.
Neither check ever shows the value it refuses.
"""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Iterable

import anyio
import httpx2

from .redaction import SecretHistory

__all__ = [
    "MAX_TOKEN_LENGTH",
    "AsyncTokenProvider",
    "CredentialsAuth",
    "CredentialsFlow",
    "TokenProvider",
    "caller_token",
    "endpoint_url",
    "provided_token",
    "provided_token_async",
    "sendable_text",
    "token_problem",
]

CredentialsFlow = Generator[httpx2.Request, httpx2.Response, None]

MAX_TOKEN_LENGTH = 8192
"""Characters a token may have: more would not fit the header limits of common servers."""
# Visible ASCII: what a bearer credential is made of (RFC 6750 allows less still).
_TOKEN = re.compile(r"[\x21-\x7e]+")


def token_problem(value: object) -> str | None:
    """Why `value` cannot be sent as a token in a header, or None if it can."""
    if not isinstance(value, str):
        return f"is {type(value).__name__}, not a string"
    if not value:
        return "is empty"
    if len(value) > MAX_TOKEN_LENGTH:
        return f"is longer than {MAX_TOKEN_LENGTH} characters"
    if _TOKEN.fullmatch(value) is None:
        return "has characters other than visible ASCII"
    return None


def caller_token(value: object, what: str) -> str:
    """A token the caller gave (or a token provider returned): TypeError when it is not a
    non-empty string, ValueError when it cannot go in a header; the message never shows it."""
    if not isinstance(value, str) or not value:
        kind = "an empty string" if value == "" else type(value).__name__
        raise TypeError(f"{what} must be a non-empty string, not {kind}")
    problem = token_problem(value)
    if problem is not None:
        raise ValueError(f"{what} cannot be sent in a header: it {problem}")
    return value


TokenProvider = Callable[[], str]
"""What a sync client asks for a token when it needs one."""
AsyncTokenProvider = Callable[[], str] | Callable[[], Awaitable[str]]
"""What an async client asks: a plain function, or an `async def`."""


def provided_token(provider: Callable[[], object], what: str) -> str:
    """A token from a sync client's provider (TypeError for an awaitable: that provider is
    an async client's; the message never shows a token)."""
    value = provider()
    if inspect.isawaitable(value):
        if inspect.iscoroutine(value):
            value.close()  # never awaited, and never warned about
        raise TypeError(f"{what} returned an awaitable: an async provider needs the async client")
    return caller_token(value, what)


async def provided_token_async(provider: Callable[[], object], what: str) -> str:
    """A token from an async client's provider, awaited when it returns an awaitable."""
    value = provider()
    if inspect.isawaitable(value):
        value = await value
    return caller_token(value, what)


def sendable_text(value: str, what: str) -> str:
    """A login, password or other field sent in a request body: it must encode as UTF-8
    (a lone surrogate cannot); the message never shows it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError(f"{what} cannot be encoded as UTF-8 (a lone surrogate?)") from None
    return value


def endpoint_url(base_url: str, path: str) -> httpx2.URL:
    """`path` under `base_url`, keeping the base's own path (`.../vendor` + `/oauth2/token`)."""
    return httpx2.URL(base_url.rstrip("/") + "/").join(path.lstrip("/"))


class CredentialsAuth(httpx2.Auth):
    requires_response_body = True

    def __init__(self, *, given_secrets: Iterable[str] = ()) -> None:
        self._secrets = SecretHistory(*given_secrets)
        self._sync_lock = threading.Lock()
        self._async_lock: anyio.Lock | None = None

    def known_secrets(self) -> Iterable[str]:
        """The secrets given (passwords, tokens) and the last few issued, for redaction."""
        return self._secrets

    def _credentials_flow(self, rejected: str | None) -> CredentialsFlow:
        """Makes the credentials usable; runs under the lock. `rejected` is what a 401
        refused (None at first): if another request already replaced it, do nothing."""
        raise NotImplementedError

    def _authorize(self, request: httpx2.Request) -> str | None:
        """Puts the current credentials on `request` and returns them."""
        raise NotImplementedError

    def _retries_after_401(self) -> bool:
        """Whether new credentials can be had after a 401 (a fixed token cannot)."""
        return True

    def sync_auth_flow(
        self, request: httpx2.Request
    ) -> Generator[httpx2.Request, httpx2.Response, None]:
        rejected: str | None = None
        for _attempt in range(2):
            with self._sync_lock:
                flow = self._credentials_flow(rejected)
                try:
                    own_request = next(flow)
                    while True:
                        own_response = yield own_request
                        own_response.read()
                        own_request = flow.send(own_response)
                except StopIteration:
                    pass
            rejected = self._authorize(request)
            response = yield request
            if response.status_code != 401 or not self._retries_after_401():
                return

    async def async_auth_flow(
        self, request: httpx2.Request
    ) -> AsyncGenerator[httpx2.Request, httpx2.Response]:
        if self._async_lock is None:
            # Taken on every request: an uncontended acquire must not yield to the loop, or
            # request starts line up one per loop turn and starve httpx2's connection pool.
            self._async_lock = anyio.Lock(fast_acquire=True)
        rejected: str | None = None
        for _attempt in range(2):
            async with self._async_lock:
                flow = self._credentials_flow(rejected)
                try:
                    own_request = next(flow)
                    while True:
                        own_response = yield own_request
                        await own_response.aread()
                        own_request = flow.send(own_response)
                except StopIteration:
                    pass
            rejected = self._authorize(request)
            response = yield request
            if response.status_code != 401 or not self._retries_after_401():
                return
