"""Call the sandbox in-process from a synchronous httpx2 client: no socket, no port.

httpx2's own ASGITransport is async-only and cannot express a connection cut mid-body; this
one runs the app on a private event loop thread, and when the app stops before finishing
its response (the `drop` fault) it raises httpx2.RemoteProtocolError as a real socket would.
"""

from __future__ import annotations

import asyncio
import threading

import httpx2
from starlette.types import ASGIApp, Message

__all__ = ["SandboxTransport"]


class SandboxTransport(httpx2.BaseTransport):
    def __init__(self, app: ASGIApp, client: tuple[str, int] = ("127.0.0.1", 50000)) -> None:
        self.app = app
        self.client = client
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=loop.run_forever, name="sandbox-transport", daemon=True
                )
                self._thread.start()
                self._loop = loop
            return self._loop

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        body = request.read()
        future = asyncio.run_coroutine_threadsafe(self._call(request, body), self._running_loop())
        return future.result()

    async def _call(self, request: httpx2.Request, body: bytes) -> httpx2.Response:
        url = request.url
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?")[0],
            "query_string": url.query,
            "root_path": "",
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "client": self.client,
            "server": (url.host, url.port or (443 if url.scheme == "https" else 80)),
        }
        request_sent = False
        start: Message = {}
        chunks: list[bytes] = []
        complete = asyncio.Event()
        finished = False

        async def receive() -> Message:
            nonlocal request_sent
            if not request_sent:
                request_sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            # Like a real client, stay connected until the response is complete: apps that
            # watch for a disconnect while streaming would otherwise stop early.
            await complete.wait()
            return {"type": "http.disconnect"}

        async def send(message: Message) -> None:
            nonlocal start, finished
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    finished = True
                    complete.set()

        try:
            await self.app(scope, receive, send)
        finally:
            complete.set()
        if not start:
            raise httpx2.RemoteProtocolError("Server disconnected without sending a response.")
        if not finished:
            raise httpx2.RemoteProtocolError("peer closed connection without sending complete body")
        return httpx2.Response(
            start["status"], headers=start.get("headers", []), content=b"".join(chunks)
        )

    def close(self) -> None:
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is not None and thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            thread.join()
            loop.close()
