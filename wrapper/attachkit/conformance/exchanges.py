"""Keeping what a client sends and receives, for checking and recording: a transport that
wraps the real one and notes every exchange, streamed bodies up to a limit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import attrs
import httpx2

__all__ = ["BODY_LIMIT", "Exchange", "RecordingTransport"]

BODY_LIMIT = 1024 * 1024
"""Bytes of a response body kept; a file download is cut short by the check anyway."""


@attrs.define
class Exchange:
    """One request and its answer. `complete` is False when the caller stopped reading the
    body (or it was longer than the limit): then `body` holds only its start."""

    request: httpx2.Request
    status: int
    headers: httpx2.Headers
    body: bytearray = attrs.field(factory=bytearray)
    complete: bool = False


class _Recorded(httpx2.AsyncByteStream):
    def __init__(self, stream: httpx2.AsyncByteStream, exchange: Exchange) -> None:
        self._stream = stream
        self._exchange = exchange

    async def __aiter__(self) -> AsyncIterator[bytes]:
        whole = True
        async for chunk in self._stream:
            room = BODY_LIMIT - len(self._exchange.body)
            whole = whole and len(chunk) <= room
            self._exchange.body += chunk[: max(room, 0)]
            yield chunk
        self._exchange.complete = whole

    async def aclose(self) -> None:
        await self._stream.aclose()


class RecordingTransport(httpx2.AsyncBaseTransport):
    """Sends through `inner` and appends every exchange to `exchanges`, in order."""

    def __init__(self, inner: httpx2.AsyncBaseTransport | None = None) -> None:
        self._inner = inner or httpx2.AsyncHTTPTransport()
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self._inner.handle_async_request(request)
        exchange = Exchange(request, response.status_code, response.headers)
        self.exchanges.append(exchange)
        assert isinstance(response.stream, httpx2.AsyncByteStream)
        return httpx2.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=_Recorded(response.stream, exchange),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
