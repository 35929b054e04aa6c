"""Envi in the sandbox: its OAuth2 token endpoint, the FileAttachments endpoints and the
module lists, over a fixed data set."""

from attachkit_sandbox.plugin import Credential, QuickStart, VendorPlugin
from attachkit_sandbox.vendors.envi.auth import (
    ENVI_CLIENT_ID,
    ENVI_PASSWORD,
    ENVI_USERNAME,
    envi_auth_headers,
    envi_password_grant,
)
from attachkit_sandbox.vendors.envi.data import (
    ENVI_BIG_ENTITY_ID,
    ENVI_HOSTILE_NAMES_ID,
    ENVI_LARGE_ENTITY_ID,
    ENVI_OCR_INVOICE_ID,
    ENVI_PO_ID,
    ENVI_RECEIVED_INVOICE_ID,
    envi_bulk_entity_ids,
    envi_data,
)
from attachkit_sandbox.vendors.envi.server import PREFIX, EnviServer
from attachkit_sandbox.vendors.envi.settings import EnviSettings, add_arguments, settings_from

__all__ = [
    "ENVI_BIG_ENTITY_ID",
    "ENVI_CLIENT_ID",
    "ENVI_HOSTILE_NAMES_ID",
    "ENVI_LARGE_ENTITY_ID",
    "ENVI_OCR_INVOICE_ID",
    "ENVI_PASSWORD",
    "ENVI_PO_ID",
    "ENVI_RECEIVED_INVOICE_ID",
    "ENVI_USERNAME",
    "PLUGIN",
    "EnviSettings",
    "envi_auth_headers",
    "envi_bulk_entity_ids",
    "envi_data",
    "envi_password_grant",
]


def _credentials(now: float) -> dict[str, Credential]:
    return {
        "username": Credential(ENVI_USERNAME),
        "password": Credential(ENVI_PASSWORD, secret=True),
    }


def _quick_start(root: str, now: float) -> QuickStart:
    return QuickStart(
        variables={
            "ATTACHKIT_ENVI_URL": root + PREFIX,
            "ATTACHKIT_ENVI_USERNAME": ENVI_USERNAME,
            "ATTACHKIT_ENVI_PASSWORD": ENVI_PASSWORD,
        },
        commands=(
            f"{{run}} envi list {ENVI_PO_ID}",
            f"{{run}} envi export {ENVI_PO_ID} {ENVI_RECEIVED_INVOICE_ID} -o sandbox-export/",
        ),
    )


PLUGIN = VendorPlugin(
    name="envi",
    prefixes={"envi": PREFIX},
    start=EnviServer,
    credentials=_credentials,
    quick_start=_quick_start,
    secrets=lambda: (ENVI_PASSWORD,),
    settings=EnviSettings,
    add_arguments=add_arguments,
    settings_from=settings_from,
)
