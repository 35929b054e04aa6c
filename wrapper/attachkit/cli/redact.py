"""Keeping passwords and tokens out of everything the command prints: the library's own
redaction, with the secrets found on the command line and in the environment."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._core.redaction import Redactor
from ..descriptor import VendorDescriptor

__all__ = ["command_redactor", "secrets_in"]


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


def command_redactor(secrets: Iterable[str]) -> Redactor:
    """What every line the command writes passes: the secrets it was given, and those of
    the live client (the tokens issued to it during the run included). Secrets shorter
    than `attachkit.masking.MIN_SECRET_LENGTH` are not looked for."""
    return Redactor.of_live_clients(secrets)
