"""Envi's settings in the sandbox, and its flags of `python -m attachkit_sandbox`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

__all__ = ["EnviSettings", "add_arguments", "settings_from"]


@dataclass(frozen=True)
class EnviSettings:
    """How the sandbox's Envi behaves (`SandboxConfig(vendor_settings=(EnviSettings(...),))`)."""

    # The vendor's docs show `expires_in: 59`, so the default is that short on purpose.
    token_lifetime: int = 59
    # Refresh tokens: the vendor does not document a lifetime; None means they never expire.
    refresh_lifetime: int | None = None
    # (max requests, period seconds) per user; None turns the quota off.
    quota: tuple[int, float] | None = None
    # The api-versions Envi implements, and which of them are deprecated (a subset). The
    # vendor supports only 1.0 today; responses advertise both lists in headers.
    api_versions: tuple[str, ...] = ("1.0",)
    deprecated_versions: tuple[str, ...] = ()
    # Scheme and host written into next links, e.g. "http://internal.example" as behind a
    # TLS-terminating proxy; None uses the address the client called.
    next_link_base: str | None = None
    # Size of the optional large file; 0 leaves it out of the data set.
    large_file_mib: int = 0
    # Purchase orders added to the data set for benchmarks, five files each.
    scale_records: int = 0


def _quota(text: str) -> tuple[int, float]:
    limit, _, period = text.partition("/")
    try:
        parsed = int(limit), float(period)
    except ValueError:
        raise argparse.ArgumentTypeError("expected N/PERIOD_S, e.g. 100/60") from None
    if parsed[0] < 0 or parsed[1] <= 0:
        raise argparse.ArgumentTypeError("N must be >= 0 and PERIOD_S > 0")
    return parsed


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = EnviSettings()
    group = parser.add_argument_group("Envi")
    group.add_argument(
        "--envi-token-lifetime", type=int, default=defaults.token_lifetime, metavar="S"
    )
    group.add_argument("--envi-quota", type=_quota, default=None, metavar="N/PERIOD_S")
    group.add_argument("--large-file-mib", type=int, default=0, metavar="N")
    group.add_argument(
        "--envi-scale-records",
        type=int,
        default=0,
        metavar="N",
        help="add N purchase orders of five files each (for benchmarks)",
    )


def settings_from(args: argparse.Namespace) -> EnviSettings:
    return EnviSettings(
        token_lifetime=args.envi_token_lifetime,
        quota=args.envi_quota,
        large_file_mib=args.large_file_mib,
        scale_records=args.envi_scale_records,
    )
