"""The test vendor's sandbox plug-in: its server, its demo token and what the sandbox's
quick start would print for it. The tests' sandbox serves it beside the built-in vendors."""

from attachkit_sandbox import Credential, QuickStart, VendorPlugin

from .data import FILES, TOKEN
from .server import PREFIX, AcmeServer

__all__ = ["FILES", "PLUGIN", "TOKEN"]


def _credentials(now: float) -> dict[str, Credential]:
    return {"token": Credential(TOKEN, secret=True)}


def _quick_start(root: str, now: float) -> QuickStart:
    return QuickStart(
        variables={"ATTACHKIT_ACME_URL": root + PREFIX, "ATTACHKIT_ACME_TOKEN": TOKEN},
        commands=("{run} acme list e1",),
    )


PLUGIN = VendorPlugin(
    name="acme",
    prefixes={"acme": PREFIX},
    start=AcmeServer,
    credentials=_credentials,
    quick_start=_quick_start,
    secrets=lambda: (TOKEN,),
)
