"""Settings of one sandbox instance."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

Clock = Callable[[], float]


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

    # The vendor's docs show `expires_in: 59`, so the default is that short on purpose.
    envi_token_lifetime: int = 59
    # Refresh tokens: the vendor does not document a lifetime; None means they never expire.
    envi_refresh_lifetime: int | None = None
    # (max requests, period seconds) per user; None turns the quota off.
    envi_quota: tuple[int, float] | None = None
    # The api-versions Envi implements, and which of them are deprecated (a subset). The
    # vendor supports only 1.0 today; responses advertise both lists in headers.
    envi_api_versions: tuple[str, ...] = ("1.0",)
    envi_deprecated_versions: tuple[str, ...] = ()
    # Scheme and host written into Envi's next links, e.g. "http://internal.example" as
    # behind a TLS-terminating proxy; None uses the address the client called.
    envi_next_link_base: str | None = None
    # Size of the optional large Envi file; 0 leaves it out of the data set.
    large_file_mib: int = 0
    # Purchase orders added to the Envi data set for benchmarks, five files each.
    envi_scale_records: int = 0
    # (per second, per minute) per client IP, as the YCLIENTS docs state; None turns it off.
    altegio_rate: tuple[int, int] | None = (5, 200)
    # Altegio does not document Retry-After on 429; off unless asked for.
    altegio_retry_after: bool = False
    # Added to every request before it is answered.
    latency_ms: int = 0
    fault_rules: tuple[FaultRule, ...] = ()
    # A test tenant that echoes every secret it was sent or issued (headers, bodies, error
    # messages, next links and download links); see attachkit_sandbox.echo. Off: vendors
    # are not documented to do any of it.
    echo_secrets: bool = False
    # Epoch seconds. Token expiry, JWT `exp`, quotas and rate windows all read this clock,
    # so tests can inject a fake one instead of sleeping.
    clock: Clock = time.time
