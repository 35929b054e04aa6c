"""An httpx2 transport that plays a script of answers and keeps every request it got.

For what a cassette cannot hold: malformed bodies, dropped connections, timeouts, and
exact control over the order of answers. Works for sync and async clients.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator

import httpx2

Answer = httpx2.Response | Exception | Callable[[httpx2.Request], httpx2.Response]


class Script(httpx2.MockTransport):
    """Answers requests in order; the last answer repeats. An exception is raised (as
    a transport error would be), a callable is called with the request."""

    def __init__(self, *answers: Answer) -> None:
        assert answers, "a script needs at least one answer"
        self.requests: list[httpx2.Request] = []
        self.closed = False
        self._answers = list(answers)
        super().__init__(self._answer)

    def _answer(self, request: httpx2.Request) -> httpx2.Response:
        # A copy: auth flows change a request's headers in place before sending it again.
        self.requests.append(
            httpx2.Request(
                request.method,
                request.url,
                headers=request.headers.copy(),
                content=request.read(),
                extensions=dict(request.extensions),
            )
        )
        answer = self._answers.pop(0) if len(self._answers) > 1 else self._answers[0]
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, httpx2.Response):
            # A fresh copy each time: a response object can be sent only once.
            return httpx2.Response(
                answer.status_code, headers=answer.headers, content=answer.content
            )
        return answer(request)

    @property
    def only(self) -> httpx2.Request:
        assert len(self.requests) == 1, self.requests
        return self.requests[0]

    def close(self) -> None:
        self.closed = True

    async def aclose(self) -> None:
        self.closed = True


class BrokenStream(httpx2.SyncByteStream, httpx2.AsyncByteStream):
    """A body that sends `first` and then loses the connection."""

    def __init__(self, first: bytes) -> None:
        self.first = first

    def __iter__(self) -> Iterator[bytes]:
        yield self.first
        raise httpx2.ReadError("connection lost mid-body")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.first
        raise httpx2.ReadError("connection lost mid-body")


def json_response(
    status: int, body: object, headers: dict[str, str] | None = None
) -> httpx2.Response:
    return httpx2.Response(status, json=body, headers=headers)


class Sleeps:
    """A `sleep=` that records how long it was asked to wait and returns at once, moving
    `clock` (a `FakeClock`) on by as much when given one."""

    def __init__(self, clock: Callable[[float], None] | None = None) -> None:
        self.waits: list[float] = []
        self._advance = clock

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        if self._advance is not None:
            self._advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self(seconds)
