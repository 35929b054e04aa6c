"""Fixtures for the sandbox tests: in-process clients and a clock the tests move by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx2
import pytest

from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.testing import IN_PROCESS_BASE_URL, FakeClock
from attachkit_sandbox.transport import SandboxTransport
from tests.support.contract import ContractTransport, specified_prefixes

ClientFactory = Callable[..., httpx2.Client]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


SPECIFIED = specified_prefixes()


@pytest.fixture
def make_client(request: pytest.FixtureRequest, clock: FakeClock) -> Iterator[ClientFactory]:
    """Build a client on a fresh sandbox; keyword arguments go to SandboxConfig. Every answer
    on a vendor's path must match that vendor's spec, unless the test is marked `off_spec`
    (it injects faults on purpose)."""
    clients: list[httpx2.Client] = []
    checked: list[ContractTransport] = []

    def make(**settings: object) -> httpx2.Client:
        app = create_app(SandboxConfig(clock=clock, **settings))  # type: ignore[arg-type]
        transport: httpx2.BaseTransport = SandboxTransport(app)
        if not request.node.get_closest_marker("off_spec"):
            transport = ContractTransport(transport, SPECIFIED)
            checked.append(transport)
        client = httpx2.Client(transport=transport, base_url=IN_PROCESS_BASE_URL)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
    problems = [problem for transport in checked for problem in transport.problems]
    assert problems == [], "answers that do not match the specs:\n" + "\n".join(problems)


@pytest.fixture
def client(make_client: ClientFactory) -> httpx2.Client:
    return make_client()
