"""Amili in the sandbox: the client files endpoint behind JWT bearer tokens."""

from attachkit_sandbox.plugin import Credential, QuickStart, VendorPlugin
from attachkit_sandbox.vendors.amili.data import AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO, amili_files
from attachkit_sandbox.vendors.amili.jwt import mint_amili_token
from attachkit_sandbox.vendors.amili.server import PREFIX, AmiliServer

__all__ = [
    "AMILI_CLIENT_NO",
    "AMILI_OTHER_CLIENT_NO",
    "AMILI_TOKEN_LIFETIME",
    "PLUGIN",
    "amili_files",
    "mint_amili_token",
]

AMILI_TOKEN_LIFETIME = 24 * 3600
"""Seconds a demo token stays valid (the vendor's tokens are JWTs with `exp`)."""


def _credentials(now: float) -> dict[str, Credential]:
    token = mint_amili_token([AMILI_CLIENT_NO], AMILI_TOKEN_LIFETIME, now)
    return {"token": Credential(token, secret=True)}


def _quick_start(root: str, now: float) -> QuickStart:
    clients = [AMILI_CLIENT_NO, AMILI_OTHER_CLIENT_NO]
    return QuickStart(
        variables={
            "ATTACHKIT_AMILI_URL": root + PREFIX,
            "ATTACHKIT_AMILI_TOKEN": mint_amili_token(clients, AMILI_TOKEN_LIFETIME, now),
        },
        notes=(f"(the Amili token is valid for {AMILI_TOKEN_LIFETIME // 3600} hours)",),
        commands=(f"{{run}} amili list {AMILI_CLIENT_NO}",),
    )


PLUGIN = VendorPlugin(
    name="amili",
    prefixes={"amili": PREFIX},
    start=AmiliServer,
    credentials=_credentials,
    quick_start=_quick_start,
    # Its tokens are minted JWTs (a scan finds them by their form), no fixed secret.
    secrets=lambda: (),
)
