"""The network block (pytest-recording's `--block-network`, on for every test) stops httpx2:
a connection to any host other than the loopback address a test allows is refused before
it is made, through httpx2's own transports and through the clients, sync and async.

The host is 0.0.0.0, which is not loopback by name: were the block to fail, the connection
would still stay on this machine (and be refused by the closed port instead, a different
error), so no test can send anything out.

The block raises RuntimeError from `connect`, which the standard library's
`socket.create_connection` does not expect, so it leaves that socket for the garbage
collector: each test collects it before it ends, and that one warning is expected here.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import httpx2
import pytest

from attachkit.envi import AsyncEnviClient, EnviClient

OUTSIDE = "http://0.0.0.0:9"
BLOCKED = r"Network is disabled for host '0\.0\.0\.0'"
ENTITY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
pytestmark = [
    pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"]),
    pytest.mark.anyio,
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]


@pytest.fixture(autouse=True)
def _collect_the_blocked_socket() -> Iterator[None]:
    yield
    gc.collect()


def test_httpx2_cannot_connect_outside() -> None:
    with httpx2.Client() as http, pytest.raises(RuntimeError, match=BLOCKED):
        http.get(OUTSIDE)


def _blocked_async() -> pytest.RaisesGroup[RuntimeError]:
    """anyio tries the addresses in a task group, which wraps the refusal in a group."""
    return pytest.RaisesGroup(pytest.RaisesExc(RuntimeError, match=BLOCKED), flatten_subgroups=True)


async def test_async_httpx2_cannot_connect_outside() -> None:
    async with httpx2.AsyncClient() as http:
        with _blocked_async():
            await http.get(OUTSIDE)


def test_a_client_cannot_connect_outside() -> None:
    with (
        EnviClient(OUTSIDE, token="t", max_retries=0) as envi,
        pytest.raises(RuntimeError, match=BLOCKED),
    ):
        list(envi.list_files(ENTITY))


async def test_an_async_client_cannot_connect_outside() -> None:
    async with AsyncEnviClient(OUTSIDE, token="t", max_retries=0) as envi:
        with _blocked_async():
            [att async for att in envi.list_files(ENTITY)]
