"""Helpers for test suites that drive the sandbox in-process."""

from __future__ import annotations

import httpx2

from attachkit_sandbox.app import create_app
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.transport import SandboxTransport
from attachkit_sandbox.vendors.altegio.api import ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN
from attachkit_sandbox.vendors.envi.auth import ENVI_CLIENT_ID, ENVI_PASSWORD, ENVI_USERNAME

IN_PROCESS_BASE_URL = "http://sandbox.test"
ALTEGIO_AUTH_HEADERS = {
    "Authorization": f"Bearer {ALTEGIO_PARTNER_TOKEN}, User {ALTEGIO_USER_TOKEN}"
}


class FakeClock:
    """Epoch seconds that move only when told to; pass as SandboxConfig(clock=...)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def sandbox_client(config: SandboxConfig | None = None) -> httpx2.Client:
    """An httpx2 client wired to a fresh sandbox app, with no socket involved."""
    transport = SandboxTransport(create_app(config))
    return httpx2.Client(transport=transport, base_url=IN_PROCESS_BASE_URL)


def envi_password_grant(client: httpx2.Client, **fields: str) -> httpx2.Response:
    """POST the sandbox user's password grant; keyword arguments override form fields."""
    form = {
        "grant_type": "password",
        "client_id": ENVI_CLIENT_ID,
        "username": ENVI_USERNAME,
        "password": ENVI_PASSWORD,
        **fields,
    }
    return client.post("/envi/oauth2/token", data=form)


def envi_auth_headers(client: httpx2.Client, **fields: str) -> dict[str, str]:
    """Log in and return the headers every /odata call needs."""
    response = envi_password_grant(client, **fields)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}", "api-version": "1.0"}
