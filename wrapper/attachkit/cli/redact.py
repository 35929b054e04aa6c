"""Keeping passwords and tokens out of everything the command prints."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

__all__ = ["SECRET_ENV", "SECRET_FLAGS", "Redactor", "secrets_in"]

SECRET_FLAGS = ("--password", "--token", "--partner-token", "--user-token")
SECRET_ENV = (
    "ATTACHKIT_ENVI_PASSWORD",
    "ATTACHKIT_AMILI_TOKEN",
    "ATTACHKIT_ALTEGIO_PARTNER_TOKEN",
    "ATTACHKIT_ALTEGIO_USER_TOKEN",
    "ATTACHKIT_ALTEGIO_PASSWORD",
)
MASK = "***"


def secrets_in(argv: Sequence[str], environ: Mapping[str, str]) -> list[str]:
    """The secret values on the command line (`--password X`, `--password=X`) and in the
    environment, found before parsing so that even a parse error cannot show them."""
    found = [environ[name] for name in SECRET_ENV if environ.get(name)]
    for index, arg in enumerate(argv):
        flag, equals, value = arg.partition("=")
        if flag in SECRET_FLAGS:
            if equals:
                found.append(value)
            elif index + 1 < len(argv):
                found.append(argv[index + 1])
    return [secret for secret in found if secret]


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
