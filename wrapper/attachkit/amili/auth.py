"""Bearer auth for Amili: a JWT, or a callable that issues one.

How Amili issues tokens is not documented, so attachkit takes the token itself. With a
callable, a token whose `exp` claim has passed (or is about to) is replaced before use, and
a 401 gets one fresh token and one retry. A token (given, or returned by the callable) that
cannot go in a header is a ValueError that does not show it; tokens are redacted from every
error (`known_secrets`).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator, Iterable

import anyio
import httpx2

from .._core.credentials import provided_token, provided_token_async
from .._core.redaction import SecretHistory
from ..logs import vendor_logger
from ..vendorkit import arguments

__all__ = ["AmiliAuth", "jwt_expiry"]

_LOG = vendor_logger("amili")
_WHAT = "the Amili token provider's token"


def jwt_expiry(token: str) -> float | None:
    """The `exp` claim (epoch seconds) of a JWT, or None for an opaque token."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError, RecursionError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    try:
        expiry = float(exp)
    except OverflowError:  # an integer beyond any float: as good as no expiry
        return None
    return expiry if math.isfinite(expiry) else None


class AmiliAuth(httpx2.Auth):
    def __init__(
        self,
        token: str | Callable[[], object],
        *,
        clock: Callable[[], float] = time.time,
        expiry_margin: float = 30.0,
        asynchronous: bool = False,
    ) -> None:
        token = arguments.token_source(token, "token", asynchronous=asynchronous)
        self._source = token
        self._token = token if isinstance(token, str) else None
        self._secrets = SecretHistory(token) if isinstance(token, str) else SecretHistory()
        self._clock = clock
        self._margin = expiry_margin
        self._lock = threading.Lock()
        self._async_lock: anyio.Lock | None = None

    def __repr__(self) -> str:
        return "AmiliAuth(token=***)"

    def known_secrets(self) -> Iterable[str]:
        """The token, or the last few the callable returned, for redaction."""
        return self._secrets

    def _expired(self, token: str) -> bool:
        expiry = jwt_expiry(token)
        return expiry is not None and self._clock() >= expiry - self._margin

    def _renewal(self, rejected: str | None) -> str | None:
        """Why the provider must be asked for a new token, or None to keep the current one."""
        token = self._token
        if not callable(self._source):
            return None
        if token is None:
            return "first use"
        if token == rejected:
            return "refused"
        return "expired" if self._expired(token) else None

    def _keep(self, token: str, why: str) -> str:
        self._secrets.add(token)
        self._token = token
        _LOG.info("new token from the token provider (%s)", why)
        return token

    def _current(self, rejected: str | None = None) -> str:
        with self._lock:
            why = self._renewal(rejected)
            if why is not None:
                assert callable(self._source)
                return self._keep(provided_token(self._source, _WHAT), why)
            assert self._token is not None
            return self._token

    async def _current_async(self, rejected: str | None = None) -> str:
        if self._async_lock is None:
            self._async_lock = anyio.Lock()
        async with self._async_lock:
            why = self._renewal(rejected)
            if why is not None:
                assert callable(self._source)
                return self._keep(await provided_token_async(self._source, _WHAT), why)
            assert self._token is not None
            return self._token

    def auth_flow(
        self, request: httpx2.Request
    ) -> Generator[httpx2.Request, httpx2.Response, None]:
        token = self._current()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and callable(self._source):
            request.headers["Authorization"] = f"Bearer {self._current(rejected=token)}"
            yield request

    async def async_auth_flow(
        self, request: httpx2.Request
    ) -> AsyncGenerator[httpx2.Request, httpx2.Response]:
        token = await self._current_async()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and callable(self._source):
            request.headers["Authorization"] = f"Bearer {await self._current_async(token)}"
            yield request
