"""What a README example may use without defining it, made from the sandbox's settings
(the ATTACHKIT_* variables `python -m attachkit_sandbox` prints). A README block that
needs another name gets it here, with a value that works against the sandbox."""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx2

from attachkit.envi import EnviClient
from attachkit.envi.auth import PUBLIC_CLIENT_ID
from attachkit_sandbox.vendors.envi import ENVI_PO_ID, ENVI_RECEIVED_INVOICE_ID

__all__ = ["FILES", "namespace"]

# A self-signed CA certificate made for the README's TLS example (its key was not kept): the
# example loads it as a proxy's root; the sandbox speaks plain HTTP, so it verifies nothing.
PROXY_ROOT = b"""\
-----BEGIN CERTIFICATE-----
MIIBsjCCAVmgAwIBAgIUHB/6RZK8EPKR7UrZftyh9Gh2tzEwCgYIKoZIzj0EAwIw
LjEsMCoGA1UEAwwjYXR0YWNoa2l0IFJFQURNRSBleGFtcGxlIHByb3h5IHJvb3Qw
IBcNMjYxMjA2MjA1NzE1WhgPMjEyNjExMTIyMDU3MTVaMC4xLDAqBgNVBAMMI2F0
dGFjaGtpdCBSRUFETUUgZXhhbXBsZSBwcm94eSByb290MFkwEwYHKoZIzj0CAQYI
KoZIzj0DAQcDQgAEIVvQcIqmonu7Lq8ZqgORc3ASDPp4omgNcKgjLqyb87YCP9eW
cXf64on+HgEWSZnZKtZK/DeSYMtC/SUnsLkgdaNTMFEwHQYDVR0OBBYEFJrM7PK8
204U+KeCZfVffibyKvbsMB8GA1UdIwQYMBaAFJrM7PK8204U+KeCZfVffibyKvbs
MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDRwAwRAIgCCbxSHTWPyqN4i49
E3vXTC8ywgdsBbU6oU4/UV2wXHsCIF4UVjrieSN4mwz3YD1bQJOophYRXgVjCM1Z
+kshXnNQ
-----END CERTIFICATE-----
"""

FILES = {"scans/consent.pdf": b"%PDF-1.4\n% a consent form\n", "proxy-root.pem": PROXY_ROOT}
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
        async with httpx2.AsyncClient() as http:
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
