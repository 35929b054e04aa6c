"""Envi inside one sandbox app: its routes under its prefix, its tokens and quota counters,
the shape of its errors, and the links its echoing tenant adds a token to."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from starlette.routing import BaseRoute, Mount

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import Canned, canned_json, status_phrase
from attachkit_sandbox.plugin import VendorServer
from attachkit_sandbox.vendors.envi.api import EnviApi
from attachkit_sandbox.vendors.envi.auth import EnviAuth, quota_message
from attachkit_sandbox.vendors.envi.settings import EnviSettings

__all__ = ["PREFIX", "EnviServer"]

PREFIX = "/envi"


class EnviServer(VendorServer):
    def __init__(self, config: SandboxConfig) -> None:
        self.settings = config.settings(EnviSettings)
        self.auth = EnviAuth(config, self.settings)
        self.api = EnviApi(self.settings, self.auth)

    def routes(self) -> Sequence[BaseRoute]:
        return [Mount(PREFIX, app=self.api.app())]

    def reset(self) -> None:
        self.auth.reset()

    def error(self, path: str, status: int) -> Canned:
        phrase = status_phrase(status)
        if path.startswith("/oauth2"):
            return canned_json(
                status, {"error": "temporarily_unavailable", "error_description": phrase}
            )
        if status == 429:
            text = quota_message(self.settings.quota).encode()
            return Canned(status, [(b"content-type", b"text/plain; charset=utf-8")], text)
        body = {"error": {"code": phrase.replace(" ", ""), "message": phrase}}
        headers = {"www-authenticate": "Bearer"} if status == 401 else None
        return canned_json(status, body, headers=headers)

    def echo_links(self, node: dict[str, object], credentials: Sequence[str]) -> None:
        # The next page's link carries the bearer token, so the client sends it back.
        link = node.get("@odata.nextLink")
        bearer = next(iter(credentials), "")
        if isinstance(link, str) and bearer and "access_token=" not in link:
            node["@odata.nextLink"] = f"{link}&access_token={quote(bearer, safe='')}"
