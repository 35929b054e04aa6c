"""Settings of one sandbox instance: the shared ones here, each vendor's own in its settings
class (`vendor_settings`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["Clock", "FaultRule", "SandboxConfig"]

Clock = Callable[[], float]
S = TypeVar("S")


@dataclass(frozen=True)
class FaultRule:
    """A scripted fault: requests whose path starts with `path_prefix` get `directives`.

    `directives` uses the `X-Sandbox-Fault` header syntax, e.g. "status=503;times=2".
    Without a `key` directive, `times` counts per rule.
    """

    directives: str
    path_prefix: str = "/"
    method: str | None = None


@dataclass(frozen=True)
class SandboxConfig:
    """How the sandbox behaves; every field has a default that works out of the box."""

    # Added to every request before it is answered.
    latency_ms: int = 0
    fault_rules: tuple[FaultRule, ...] = ()
    # A test tenant that echoes every secret it was sent or issued (headers, bodies, error
    # messages, links); see attachkit_sandbox.echo. Off: vendors are not documented to do
    # any of it.
    echo_secrets: bool = False
    # The vendors' documented request rate limits. Off for runs whose requests come in
    # quick succession on purpose (tests, recordings), so that their order decides nothing.
    rate_limits: bool = True
    # Each vendor's own settings, one instance of its settings class each; a vendor not
    # given here has its defaults.
    vendor_settings: tuple[object, ...] = ()
    # Epoch seconds. Token expiry, JWT `exp`, quotas and rate windows all read this clock,
    # so tests can inject a fake one instead of sleeping.
    clock: Clock = time.time

    def settings(self, kind: type[S]) -> S:
        """The settings of class `kind` given in `vendor_settings`, or its defaults."""
        given = next((s for s in self.vendor_settings if isinstance(s, kind)), None)
        return given if given is not None else kind()
