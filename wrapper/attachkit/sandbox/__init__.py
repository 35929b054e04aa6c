"""A deterministic local stand-in for the Envi, Amili and Altegio file APIs.

It behaves as the vendors document, so the demo, cassette recording and users without
credentials all have something to talk to. Run it with `python -m attachkit.sandbox` or
embed it with `SandboxServer`; `create_app` gives the bare ASGI app.
"""

from attachkit.sandbox import _requires  # noqa: F401 - first: a clear error without the extra
from attachkit.sandbox.altegio import (
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_PHONE,
    ALTEGIO_USER_TOKEN,
    ALTEGIO_VIEWER_LOGIN,
    ALTEGIO_VIEWER_PASSWORD,
    ALTEGIO_VIEWER_TOKEN,
)
from attachkit.sandbox.app import VENDOR_PREFIXES, create_app, sandbox_state
from attachkit.sandbox.config import FaultRule, SandboxConfig
from attachkit.sandbox.data import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_EXPIRED_LOCATION_ID,
    ALTEGIO_LAPSED_LOCATION_ID,
    ALTEGIO_LOCATION_ID,
    AMILI_CLIENT_NO,
    AMILI_OTHER_CLIENT_NO,
    ENVI_BIG_ENTITY_ID,
    ENVI_HOSTILE_NAMES_ID,
    ENVI_LARGE_ENTITY_ID,
    ENVI_OCR_INVOICE_ID,
    ENVI_PO_ID,
    ENVI_RECEIVED_INVOICE_ID,
    altegio_bulk_client_ids,
    envi_bulk_entity_ids,
)
from attachkit.sandbox.envi_auth import ENVI_CLIENT_ID, ENVI_PASSWORD, ENVI_USERNAME
from attachkit.sandbox.faults import FAULT_HEADER
from attachkit.sandbox.jwt import mint_amili_token
from attachkit.sandbox.server import SandboxServer
from attachkit.sandbox.state import SandboxState

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
    "AMILI_CLIENT_NO",
    "AMILI_OTHER_CLIENT_NO",
    "ENVI_BIG_ENTITY_ID",
    "ENVI_CLIENT_ID",
    "ENVI_HOSTILE_NAMES_ID",
    "ENVI_LARGE_ENTITY_ID",
    "ENVI_OCR_INVOICE_ID",
    "ENVI_PASSWORD",
    "ENVI_PO_ID",
    "ENVI_RECEIVED_INVOICE_ID",
    "ENVI_USERNAME",
    "FAULT_HEADER",
    "VENDOR_PREFIXES",
    "FaultRule",
    "SandboxConfig",
    "SandboxServer",
    "SandboxState",
    "altegio_bulk_client_ids",
    "create_app",
    "envi_bulk_entity_ids",
    "mint_amili_token",
    "sandbox_state",
]
