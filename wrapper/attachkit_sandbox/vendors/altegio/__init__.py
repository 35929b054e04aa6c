"""Altegio in the sandbox: the user-token login, client files (list, upload, delete), the
client search and the web application's downloads, paced per client address."""

from attachkit_sandbox.vendors.altegio.api import (
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_PHONE,
    ALTEGIO_USER_TOKEN,
    ALTEGIO_VIEWER_LOGIN,
    ALTEGIO_VIEWER_PASSWORD,
    ALTEGIO_VIEWER_TOKEN,
)
from attachkit_sandbox.vendors.altegio.data import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LAPSED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
    altegio_bulk_client_ids,
)

__all__ = [
    "ALTEGIO_CLIENT_ID",
    "ALTEGIO_EXPIRED_LOCATION_ID",
    "ALTEGIO_LAPSED_LOCATION_ID",
    "ALTEGIO_LOCATION_ID",
    "ALTEGIO_LOGIN",
    "ALTEGIO_PARTNER_TOKEN",
    "ALTEGIO_PASSWORD",
    "ALTEGIO_PHONE",
    "ALTEGIO_USER_TOKEN",
    "ALTEGIO_VIEWER_LOGIN",
    "ALTEGIO_VIEWER_PASSWORD",
    "ALTEGIO_VIEWER_TOKEN",
    "altegio_bulk_client_ids",
]
