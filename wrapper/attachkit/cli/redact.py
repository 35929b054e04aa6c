"""Keeping passwords and tokens out of everything the command prints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..descriptor import VendorDescriptor

__all__ = ["Redactor", "secrets_in"]

MASK = "***"


def secrets_in(
    argv: Sequence[str], environ: Mapping[str, str], vendors: Iterable[VendorDescriptor[Any]]
) -> list[str]:
    """The secret values on the command line (`--password X`, `--password=X`) and in the
    environment, found before parsing so that even a parse error cannot show them. What is
    secret is every vendor's secret settings, whichever vendor the command is for."""
    secret = [setting for vendor in vendors for setting in vendor.secret_settings]
    flags = {setting.flag for setting in secret}
    found = [environ[s.variable] for s in secret if environ.get(s.variable)]
    for index, arg in enumerate(argv):
        flag, equals, value = arg.partition("=")
        if flag in flags:
            if equals:
                found.append(value)
            elif index + 1 < len(argv):
                found.append(argv[index + 1])
    return [value for value in found if value]


# Masking a two-letter "secret" would garble every line; no real token or password is
# that short, and the vendors' messages do not echo credentials in the first place.
MIN_LENGTH = 4


class Redactor:
    def __init__(self, secrets: Iterable[str] = ()) -> None:
        # Longest first, so a secret containing another is masked whole.
        kept = {secret for secret in secrets if len(secret) >= MIN_LENGTH}
        self._secrets = sorted(kept, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text
