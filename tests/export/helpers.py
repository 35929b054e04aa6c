"""In-process sandbox clients for the export and command-line tests, and what they saw."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import httpx2
from starlette.applications import Starlette

from attachkit._core.pacing import Pacer
from attachkit._core.saving import TEMP_PREFIX
from attachkit.altegio import AsyncAltegioClient
from attachkit.amili import AsyncAmiliClient
from attachkit.envi import AsyncEnviClient
from attachkit_sandbox import SandboxConfig, create_app
from attachkit_sandbox.vendors.altegio import ALTEGIO_PARTNER_TOKEN, ALTEGIO_USER_TOKEN
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME, EnviSettings

BASE = "http://sandbox.test"


class Recorder(httpx2.AsyncBaseTransport):
    """Sends to the sandbox app in-process and notes every request and answer.

    Each request yields to the event loop a few times first, so that concurrent requests
    really overlap and `max_in_flight` shows how many the caller allowed at once."""

    def __init__(self, app: Starlette) -> None:
        self._inner = httpx2.ASGITransport(app=app)
        self.paths: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.in_flight = 0
        self.max_in_flight = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.paths.append(request.url.path)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(3):
                await anyio.lowlevel.checkpoint()
            response = await self._inner.handle_async_request(request)
        finally:
            self.in_flight -= 1
        self.statuses[response.status_code] += 1
        return response

    def content_requests(self) -> list[str]:
        """Ids of the Envi files whose content was requested, in order."""
        return [path.split("/")[-2] for path in self.paths if path.endswith("/content")]

    def reset(self) -> None:
        self.paths.clear()
        self.statuses.clear()
        self.max_in_flight = 0


async def no_sleep(seconds: float) -> None:
    """Retries back off without waiting (the tests make no timing claims)."""
    await anyio.lowlevel.checkpoint()


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


def sandbox_amili_client(recorder: Recorder, token: str) -> AsyncAmiliClient:
    return AsyncAmiliClient(f"{BASE}/amili", token=token, transport=recorder, sleep=no_sleep)


def sandbox_altegio_client(recorder: Recorder, pacer: Pacer | None) -> AsyncAltegioClient:
    return AsyncAltegioClient(
        partner_token=ALTEGIO_PARTNER_TOKEN,
        user_token=ALTEGIO_USER_TOKEN,
        base_url=f"{BASE}/altegio",
        web_base_url=f"{BASE}/altegio-web",
        rate_limits=pacer,
        transport=recorder,
    )


def saved_files(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every finished file under `root/<vendor>/`."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
        and not path.name.startswith(TEMP_PREFIX)
        and path.relative_to(root).parts[0] in ("envi", "amili", "altegio")
    }


def temp_files(root: Path) -> list[Path]:
    return [path for path in root.rglob(f"{TEMP_PREFIX}*.part")]
