"""Altegio's kit for the shared tests."""

from __future__ import annotations

from typing import Any

from attachkit._core.pacing import Pacer
from attachkit.altegio import AltegioClient, AsyncAltegioClient
from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_CLIENT_ID,
    ALTEGIO_LOCATION_ID,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_USER_TOKEN,
)
from tests.export.helpers import BASE, Recorder
from tests.support.kit import VendorKit
from tests.vendors.altegio.hostile import HOSTILE


def _client(is_async: bool, transport: Any, **options: Any) -> Any:
    url = options.pop("base_url", "https://altegio.example")
    kind = AsyncAltegioClient if is_async else AltegioClient
    return kind(partner_token="p", user_token="u", base_url=url, transport=transport, **options)


KIT = VendorKit(
    client=_client,
    list_one=lambda client, **options: client.list_files(456, 123456, **options),
    entity={"location_id": 456, "client_id": 123456},
    bad_entities=[({"location_id": True}, TypeError), ({"client_id": "1"}, TypeError)],
    sample=lambda client: client.list_files(ALTEGIO_LOCATION_ID, ALTEGIO_CLIENT_ID),
    hostile=HOSTILE,
    # The user token itself: the command's tests log in only where they say so.
    environment=lambda base, now: {
        "ATTACHKIT_ALTEGIO_URL": f"{base}/altegio",
        "ATTACHKIT_ALTEGIO_WEB_URL": f"{base}/altegio-web",
        "ATTACHKIT_ALTEGIO_PARTNER_TOKEN": ALTEGIO_PARTNER_TOKEN,
        "ATTACHKIT_ALTEGIO_USER_TOKEN": ALTEGIO_USER_TOKEN,
    },
)


# --- the in-process sandbox for Altegio's export and check tests -------------------------------


def sandbox_altegio_client(recorder: Recorder, pacer: Pacer | None) -> AsyncAltegioClient:
    return AsyncAltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=ALTEGIO_USER_TOKEN,
        base_url=f"{BASE}/altegio",
        web_base_url=f"{BASE}/altegio-web",
        rate_limits=pacer,
        transport=recorder,
    )
