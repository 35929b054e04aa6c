"""Altegio's settings in the sandbox, and its flags of `python -m attachkit_sandbox`."""

from __future__ import annotations

import argparse
from dataclasses import dataclass

__all__ = ["AltegioSettings", "add_arguments", "settings_from"]


@dataclass(frozen=True)
class AltegioSettings:
    """How the sandbox's Altegio behaves
    (`SandboxConfig(vendor_settings=(AltegioSettings(...),))`)."""

    # (per second, per minute) per client IP, as the YCLIENTS docs state; None turns it off
    # (as SandboxConfig(rate_limits=False) does).
    rate: tuple[int, int] | None = (5, 200)
    # Altegio does not document Retry-After on 429; off unless asked for.
    retry_after: bool = False


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Altegio")
    group.add_argument("--no-altegio-rate-limit", action="store_true")
    group.add_argument("--altegio-retry-after", action="store_true")


def settings_from(args: argparse.Namespace) -> AltegioSettings:
    rate = None if args.no_altegio_rate_limit else AltegioSettings.rate
    return AltegioSettings(rate=rate, retry_after=args.altegio_retry_after)
