"""Everything a sandbox run changes, in one place so it can be reset in-process: one server
per vendor plug-in, and the fault counters."""

from __future__ import annotations

from collections.abc import Sequence

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.faults import FaultCounters
from attachkit_sandbox.plugin import VendorPlugin, VendorServer

__all__ = ["SandboxState"]


class SandboxState:
    """The vendors' servers (tokens, quotas, rate windows, uploads, deletions) and the fault
    counters. The data sets themselves are read-only and shared, so a reset never rebuilds
    them."""

    def __init__(self, config: SandboxConfig, plugins: Sequence[VendorPlugin]) -> None:
        self.config = config
        self.plugins = tuple(plugins)
        self.prefixes = {
            name: prefix for plugin in self.plugins for name, prefix in plugin.prefixes.items()
        }
        self.servers = {plugin.name: plugin.start(config) for plugin in self.plugins}
        # Longest prefix first, so that one prefix inside another finds its own server.
        self._owners = sorted(
            (
                (prefix, self.servers[plugin.name])
                for plugin in self.plugins
                for prefix in plugin.prefixes.values()
            ),
            key=lambda owner: -len(owner[0]),
        )
        self.fault_counters = FaultCounters()

    def server(self, name: str) -> VendorServer:
        return self.servers[name]

    def owner(self, path: str) -> tuple[str, VendorServer] | None:
        """The server whose prefix `path` is under, with the path below that prefix."""
        for prefix, server in self._owners:
            if path == prefix or path.startswith(prefix + "/"):
                return path[len(prefix) :], server
        return None

    def reset(self) -> None:
        for server in self.servers.values():
            server.reset()
        self.fault_counters.reset()
