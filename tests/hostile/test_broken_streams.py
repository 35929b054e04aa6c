"""Answers broken on the wire, from a raw socket server on 127.0.0.1: bodies shorter than
their length, bad chunking, garbage status lines, connections closed mid-header. httpx2's
own parsers meet them here (a mock transport never gets that far): still only attachkit
errors, and no file left behind by a failed save."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import anyio
import pytest

from attachkit import errors
from attachkit.envi import AsyncEnviClient, EnviClient
from tests.hostile.paths import async_no_wait, no_wait
from tests.vendors.envi.hostile import FILE_ID, envi_attachment

# The one place the network is on: loopback, for the server these tests start.
pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

OK = b"HTTP/1.1 200 OK\r\n"
BROKEN = {
    "short-body": OK + b"Content-Length: 100\r\n\r\n%PDF-1.7",
    "bad-chunk-size": OK + b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n",
    "chunk-cut-short": OK + b"Transfer-Encoding: chunked\r\n\r\n10\r\nabc",
    "garbage-status": b"HTTP/1.1 2OO OK\r\n\r\n",
    "not-http": b"hello, world\r\n\r\n",
    "nothing": b"",
    "headers-cut-short": OK + b"Content-Type: application/json\r\nX-Thing: y",
    "bad-gzip": OK + b"Content-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello",
    "error-cut-short": b"HTTP/1.1 503 Busy\r\nContent-Length: 50\r\n\r\nshort",
    "negative-length": OK + b"Content-Length: -1\r\n\r\nabc",
    "two-lengths": OK + b"Content-Length: 3\r\nContent-Length: 5\r\n\r\nabcde",
    "odd-charset-error": (
        b"HTTP/1.1 500 Oops\r\nContent-Type: text/plain; charset=rot13\r\n"
        b"Content-Length: 4\r\nConnection: close\r\n\r\n\xff\xfeab"
    ),
    "nul-in-header": OK + b"Content-Type: text/pl\x00ain\r\nContent-Length: 2\r\n\r\nab",
}


class _Handler(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(5)
        received = b""
        while b"\r\n\r\n" not in received and len(received) < 65536:
            chunk = sock.recv(4096)
            if not chunk:
                return
            received += chunk
        answer: bytes = self.server.answer  # type: ignore[attr-defined]
        sock.sendall(answer)
        sock.shutdown(socket.SHUT_WR)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


@contextmanager
def raw_server(answer: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 that answers every request with `answer` and hangs up."""
    with _Server(("127.0.0.1", 0), _Handler) as server:
        server.answer = answer  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
        thread.start()
        try:
            host, port = server.server_address[:2]
            yield f"http://{host!s}:{port}"
        finally:
            server.shutdown()
            thread.join(timeout=5)


def _left(directory: Path) -> list[str]:
    return sorted(entry.name for entry in directory.iterdir()) if directory.exists() else []


@pytest.mark.parametrize("answer", BROKEN.values(), ids=BROKEN.keys())
def test_broken_answers_are_attachkit_errors(answer: bytes, tmp_path: Path) -> None:
    with (
        raw_server(answer) as url,
        EnviClient(url, token="t0ken", max_retries=1, timeout=5, sleep=no_wait) as envi,
    ):
        for call in (
            lambda: envi.get_file(FILE_ID),
            lambda: envi.download(envi_attachment()),
            lambda: envi.save(envi_attachment(), tmp_path / "saved"),
        ):
            with pytest.raises(errors.AttachkitError):
                call()
    assert _left(tmp_path / "saved") == []


@pytest.mark.parametrize("answer", BROKEN.values(), ids=BROKEN.keys())
def test_broken_answers_are_attachkit_errors_async(answer: bytes, tmp_path: Path) -> None:
    async def main(url: str) -> None:
        async with AsyncEnviClient(
            url, token="t0ken", max_retries=1, timeout=5, sleep=async_no_wait
        ) as envi:
            with pytest.raises(errors.AttachkitError):
                await envi.get_file(FILE_ID)
            with pytest.raises(errors.AttachkitError):
                await envi.save(envi_attachment(), tmp_path / "saved")

    with raw_server(answer) as url:
        anyio.run(main, url)
    assert _left(tmp_path / "saved") == []
