"""What a README example may use without defining it, made from the sandbox's settings
(the ATTACHKIT_* variables `python -m attachkit.sandbox` prints). A README block that
needs another name gets it here, with a value that works against the sandbox."""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx

from attachkit.envi import EnviClient
from attachkit.envi.auth import PUBLIC_CLIENT_ID
from attachkit.sandbox import ENVI_PO_ID, ENVI_RECEIVED_INVOICE_ID

__all__ = ["FILES", "namespace"]

FILES = {"scans/consent.pdf": b"%PDF-1.4\n% a consent form\n"}
"""Files the README's examples read, made in their working directory."""


def namespace(env: Mapping[str, str] = os.environ) -> dict[str, object]:
    base_url = env["ATTACHKIT_ENVI_URL"]

    async def token_provider() -> str:
        """An Envi access token, as an application's own token store would give it."""
        form = {
            "grant_type": "password",
            "client_id": PUBLIC_CLIENT_ID,
            "username": env["ATTACHKIT_ENVI_USERNAME"],
            "password": env["ATTACHKIT_ENVI_PASSWORD"],
        }
        async with httpx.AsyncClient() as http:
            answer = await http.post(f"{base_url}/oauth2/token", data=form)
        token: str = answer.raise_for_status().json()["access_token"]
        return token

    def get_jwt() -> str:
        return env["ATTACHKIT_AMILI_TOKEN"]

    return {
        "base_url": base_url,
        "po_id": str(ENVI_PO_ID),
        "po_ids": [str(ENVI_PO_ID), str(ENVI_RECEIVED_INVOICE_ID)],
        "token_provider": token_provider,
        "get_jwt": get_jwt,
        "partner_token": env["ATTACHKIT_ALTEGIO_PARTNER_TOKEN"],
        "envi": EnviClient.from_password(
            base_url,
            username=env["ATTACHKIT_ENVI_USERNAME"],
            password=env["ATTACHKIT_ENVI_PASSWORD"],
        ),
    }
