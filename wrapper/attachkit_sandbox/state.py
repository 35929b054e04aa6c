"""Everything a sandbox run changes, in one place so it can be reset in-process."""

from __future__ import annotations

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.faults import FaultCounters
from attachkit_sandbox.vendors.altegio.api import AltegioApi
from attachkit_sandbox.vendors.envi.auth import EnviAuth


class SandboxState:
    """Tokens, quotas, rate windows, fault counters and Altegio deletions.

    The data sets themselves are read-only and shared, so a reset never rebuilds them.
    """

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.envi_auth = EnviAuth(config)
        self.altegio = AltegioApi(config)
        self.fault_counters = FaultCounters()

    def reset(self) -> None:
        self.envi_auth.reset()
        self.altegio.reset()
        self.fault_counters.reset()
