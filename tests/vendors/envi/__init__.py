"""Envi's kit for the shared tests."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette

from attachkit.envi import AsyncEnviClient, EnviClient
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID, ENVI_USERNAME, EnviSettings
from tests.export.helpers import BASE, Recorder, no_sleep
from tests.support.kit import VendorKit
from tests.vendors.envi.hostile import HOSTILE

ENTITY = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"


def _client(is_async: bool, transport: Any, **options: Any) -> Any:
    url = options.pop("base_url", "https://envi.example")
    kind = AsyncEnviClient if is_async else EnviClient
    return kind(url, token="t", transport=transport, **options)


KIT = VendorKit(
    client=_client,
    list_one=lambda client, **options: client.list_files(ENTITY, **options),
    entity={"entity_id": ENTITY},
    bad_entities=[({"entity_id": True}, TypeError), ({"entity_id": "PO-1"}, ValueError)],
    sample=lambda client: client.list_files(ENVI_PO_ID),
    hostile=HOSTILE,
    environment=lambda base, now: {
        "ATTACHKIT_ENVI_URL": f"{base}/envi",
        "ATTACHKIT_ENVI_USERNAME": ENVI_USERNAME,
        "ATTACHKIT_ENVI_PASSWORD": ENVI_PASSWORD,
    },
)


# --- the in-process sandbox for Envi's export and command tests -------------------------------


def envi_app(**settings: Any) -> Starlette:
    return create_app(
        SandboxConfig(vendor_settings=(EnviSettings(token_lifetime=3600),), **settings)
    )


def sandbox_envi_client(recorder: Recorder, **options: Any) -> AsyncEnviClient:
    return AsyncEnviClient.from_password(
        f"{BASE}/envi",
        username=ENVI_USERNAME,
        password=options.pop("password", ENVI_PASSWORD),
        transport=recorder,
        sleep=options.pop("sleep", no_sleep),
        **options,
    )
