"""Fixtures for the sandbox tests: in-process clients and a clock the tests move by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx2
import pytest

from attachkit.sandbox import SandboxConfig
from attachkit.sandbox.testing import FakeClock, envi_auth_headers, sandbox_client

ClientFactory = Callable[..., httpx2.Client]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_client(clock: FakeClock) -> Iterator[ClientFactory]:
    """Build a client on a fresh sandbox; keyword arguments go to SandboxConfig."""
    clients: list[httpx2.Client] = []

    def make(**settings: object) -> httpx2.Client:
        client = sandbox_client(SandboxConfig(clock=clock, **settings))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> httpx2.Client:
    return make_client()


@pytest.fixture
def envi_auth(client: httpx2.Client) -> dict[str, str]:
    return envi_auth_headers(client)
