"""Helpers for test suites that drive the sandbox in-process."""

from __future__ import annotations

from collections.abc import Sequence

import anyio.lowlevel
import httpx2

from attachkit_sandbox.app import create_app
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.plugin import VendorPlugin
from attachkit_sandbox.transport import SandboxTransport

__all__ = ["IN_PROCESS_BASE_URL", "FakeClock", "sandbox_client"]

IN_PROCESS_BASE_URL = "http://sandbox.test"


class FakeClock:
    """Epoch seconds that move only when told to; pass as SandboxConfig(clock=...)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        """An async client's `sleep=` that moves this clock instead of waiting, then lets
        other tasks run: with the client's `clock=` reading it too, pacing and back-off
        take no real time and the pacer still sees each wait go by."""
        self.advance(max(seconds, 0.0))
        await anyio.lowlevel.checkpoint()


def sandbox_client(
    config: SandboxConfig | None = None, plugins: Sequence[VendorPlugin] | None = None
) -> httpx2.Client:
    """An httpx2 client wired to a fresh sandbox app, with no socket involved."""
    transport = SandboxTransport(create_app(config, plugins))
    return httpx2.Client(transport=transport, base_url=IN_PROCESS_BASE_URL)
