"""Altegio in the sandbox: the user-token login, client files (list, upload, delete), the
client search and the web application's downloads, paced per client address."""

from attachkit_sandbox.plugin import Credential, QuickStart, VendorPlugin
from attachkit_sandbox.vendors.altegio.api import (
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_PHONE,
    ALTEGIO_USER_TOKEN,
    ALTEGIO_VIEWER_LOGIN,
    ALTEGIO_VIEWER_PASSWORD,
    ALTEGIO_VIEWER_TOKEN,
    ALTEGIO_WEB_PREFIX,
)
from attachkit_sandbox.vendors.altegio.data import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LAPSED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_SMALL_LOCATION_ID,
    altegio_bulk_client_ids,
    altegio_locations,
)
from attachkit_sandbox.vendors.altegio.server import PREFIX, AltegioServer
from attachkit_sandbox.vendors.altegio.settings import (
    AltegioSettings,
    add_arguments,
    settings_from,
)

__all__ = [
    "ALTEGIO_AUTH_HEADERS",
    "ALTEGIO_CLIENT_ID",
    "ALTEGIO_EXPIRED_LOCATION_ID",
    "ALTEGIO_LAPSED_LOCATION_ID",
    "ALTEGIO_LOCATION_ID",
    "ALTEGIO_LOGIN",
    "ALTEGIO_PARTNER_TOKEN",
    "ALTEGIO_PASSWORD",
    "ALTEGIO_PHONE",
    "ALTEGIO_SMALL_LOCATION_ID",
    "ALTEGIO_USER_TOKEN",
    "ALTEGIO_VIEWER_LOGIN",
    "ALTEGIO_VIEWER_PASSWORD",
    "ALTEGIO_VIEWER_TOKEN",
    "PLUGIN",
    "AltegioSettings",
    "altegio_bulk_client_ids",
    "altegio_locations",
]

ALTEGIO_AUTH_HEADERS = {
    "Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}, User {ALTEGIO_USER_TOKEN}"
}
"""Both tokens of the sandbox's user, as every data call sends them."""


def _credentials(now: float) -> dict[str, Credential]:
    return {
        "partner_token": Credential(ALTEGIO_PARTNER_TOKEN, secret=True),
        "login": Credential(ALTEGIO_LOGIN),
        "password": Credential(ALTEGIO_PASSWORD, secret=True),
        "viewer_login": Credential(ALTEGIO_VIEWER_LOGIN),
        "viewer_password": Credential(ALTEGIO_VIEWER_PASSWORD, secret=True),
    }


def _quick_start(root: str, now: float) -> QuickStart:
    location = ALTEGIO_LOCATION_ID
    return QuickStart(
        variables={
            "ATTACHKIT_ALTEGIO_URL": root + PREFIX,
            "ATTACHKIT_ALTEGIO_WEB_URL": root + ALTEGIO_WEB_PREFIX,
            "ATTACHKIT_ALTEGIO_PARTNER_TOKEN": ALTEGIO_PARTNER_TOKEN,
            "ATTACHKIT_ALTEGIO_LOGIN": ALTEGIO_LOGIN,
            "ATTACHKIT_ALTEGIO_PASSWORD": ALTEGIO_PASSWORD,
        },
        commands=(
            f"{{run}} altegio list --location {location} {ALTEGIO_CLIENT_ID}",
            f"{{run}} altegio download --location {location} {ALTEGIO_CLIENT_ID} -o sandbox-out/",
        ),
    )


PLUGIN = VendorPlugin(
    name="altegio",
    prefixes={"altegio": PREFIX, "altegio-web": ALTEGIO_WEB_PREFIX},
    unspecified=frozenset({"altegio-web"}),
    start=AltegioServer,
    credentials=_credentials,
    quick_start=_quick_start,
    secrets=lambda: (
        ALTEGIO_PARTNER_TOKEN,
        ALTEGIO_PASSWORD,
        ALTEGIO_USER_TOKEN,
        ALTEGIO_VIEWER_PASSWORD,
        ALTEGIO_VIEWER_TOKEN,
    ),
    settings=AltegioSettings,
    add_arguments=add_arguments,
    settings_from=settings_from,
)
