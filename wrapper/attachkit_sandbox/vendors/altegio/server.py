"""Altegio inside one sandbox app: the API and the web application (downloads) under their
prefixes, the shape of its errors, and the download links its echoing tenant adds both
tokens to."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from starlette.routing import BaseRoute, Mount

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import Canned, canned_json, status_phrase
from attachkit_sandbox.plugin import VendorServer
from attachkit_sandbox.vendors.altegio.api import ALTEGIO_WEB_PREFIX, AltegioApi

__all__ = ["PREFIX", "AltegioServer"]

PREFIX = "/altegio"


class AltegioServer(VendorServer):
    def __init__(self, config: SandboxConfig) -> None:
        self.api = AltegioApi(config)

    def routes(self) -> Sequence[BaseRoute]:
        return [
            Mount(PREFIX, app=self.api.api_app()),
            Mount(ALTEGIO_WEB_PREFIX, app=self.api.web_app()),
        ]

    def reset(self) -> None:
        self.api.reset()

    def error(self, path: str, status: int) -> Canned:
        meta: object = [] if status == 404 else {"message": status_phrase(status)}
        return canned_json(status, {"success": False, "data": None, "meta": meta})

    def echo_links(self, node: dict[str, object], credentials: Sequence[str]) -> None:
        # The download link carries both tokens, so the download's URL holds them.
        full = node.get("full_link")
        if isinstance(full, str) and len(credentials) >= 2 and "?" not in full:
            partner, user = credentials[:2]
            node["full_link"] = (
                f"{full}?partner_token={quote(partner, safe='')}&user_token={quote(user, safe='')}"
            )
