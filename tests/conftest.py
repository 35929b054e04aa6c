"""Shared fixtures: vendor targets for cassette tests, scrubbing, and the contract check.

Cassette tests (marked `@pytest.mark.vcr`) replay with the network blocked by default.
`make cassettes` re-records them against the sandbox on loopback (see tests/support/
targets.py for recording against live vendors instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from attachkit_sandbox import SandboxConfig, SandboxServer
from tests.support.command import RequestLog, Served
from tests.support.contract import contract_errors
from tests.support.scrub import LIVE_RESPONSE_PERSONAL_FIELDS, RESPONSE_PERSONAL_FIELDS, scrubbing
from tests.support.targets import PLACEHOLDERS, SECRET_CREDENTIALS, Target, make_targets
from tests.support.vendors import SANDBOX_PLUGINS


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _recording(config: pytest.Config) -> bool:
    mode = config.getoption("--record-mode")
    return mode not in (None, "none")


@pytest.fixture(scope="session")
def sandbox_server(pytestconfig: pytest.Config) -> Iterator[SandboxServer | None]:
    """The sandbox on loopback while recording; None when replaying."""
    if not _recording(pytestconfig):
        yield None
        return
    # No rate limit while recording: test order must not decide what is recorded.
    with SandboxServer(SandboxConfig(rate_limits=False), plugins=SANDBOX_PLUGINS) as server:
        yield server


@pytest.fixture(scope="session")
def targets(pytestconfig: pytest.Config, sandbox_server: SandboxServer | None) -> dict[str, Target]:
    base = None if sandbox_server is None else sandbox_server.base_url
    return make_targets(_recording(pytestconfig), base)


@pytest.fixture
def vcr_config(targets: dict[str, Target]) -> dict[str, Any]:
    origins = {
        target.base_url: target.placeholder
        for target in targets.values()
        if target.base_url != target.placeholder
    }
    live = any(target.live for target in targets.values())
    personal = LIVE_RESPONSE_PERSONAL_FIELDS if live else RESPONSE_PERSONAL_FIELDS
    secrets = [
        value
        for target in targets.values()
        for name, value in target.credentials.items()
        if name in SECRET_CREDENTIALS
    ]
    return {
        **scrubbing(origins, personal, secrets),
        "match_on": ["method", "scheme", "host", "port", "path", "query"],
        "decode_compressed_response": True,
    }


@pytest.fixture(autouse=True)
def _fresh_sandbox(sandbox_server: SandboxServer | None) -> None:
    """Each test records against the data set as shipped (deletes do not leak)."""
    if sandbox_server is not None:
        sandbox_server.reset()


@pytest.fixture(autouse=True)
def _contract(request: pytest.FixtureRequest, vcr: Any) -> Iterator[None]:
    """After a cassette test, every exchange it recorded or replayed must match the specs,
    unless the test is marked `off_spec` (it injects faults on purpose)."""
    yield
    if vcr is None or request.node.get_closest_marker("off_spec"):
        return
    problems = [
        problem
        for recorded_request, response in vcr.data
        for problem in contract_errors(recorded_request, response)
    ]
    assert problems == [], "responses that do not match the specs:\n" + "\n".join(problems)


def _target_fixture(name: str) -> Any:
    def target(targets: dict[str, Target]) -> Target:
        return targets[name]

    target.__doc__ = f"The {name} target of this run (tests/support/targets.py)."
    return pytest.fixture(target, name=f"{name.replace('-', '_')}_target")


# One `<target>_target` fixture per base URL a vendor's plug-in serves.
for _name in PLACEHOLDERS:
    globals()[f"{_name.replace('-', '_')}_target"] = _target_fixture(_name)


@pytest.fixture(scope="module")
def _served_module() -> Iterator[Served]:
    requests: list[str] = []
    # No rate limit: tests run one command after another, each in a new process.
    server = SandboxServer(SandboxConfig(rate_limits=False), plugins=SANDBOX_PLUGINS)
    server.app.add_middleware(RequestLog, log=requests)
    with server:
        yield Served(server, requests)


@pytest.fixture
def served(_served_module: Served) -> Served:
    """The sandbox on loopback for commands run in a subprocess (tests.support.command),
    with its data as shipped and its request log empty."""
    _served_module.server.reset()
    _served_module.requests.clear()
    return _served_module
