"""Amili inside one sandbox app: its routes under its prefix, the route that mints demo
tokens, and the shape of its errors."""

from __future__ import annotations

import json
from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import Canned, canned_json, status_phrase
from attachkit_sandbox.plugin import VendorServer
from attachkit_sandbox.vendors.amili.api import AmiliApi
from attachkit_sandbox.vendors.amili.data import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.amili.jwt import mint_amili_token

__all__ = ["PREFIX", "AmiliServer"]

PREFIX = "/amili"


class AmiliServer(VendorServer):
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.api = AmiliApi(config)

    def routes(self) -> Sequence[BaseRoute]:
        return [
            Mount(PREFIX, app=self.api.app()),
            Route("/_sandbox/amili-token", self._mint, methods=["POST"]),
        ]

    def error(self, path: str, status: int) -> Canned:
        phrase = status_phrase(status)
        body = {"type": "about:blank", "title": phrase, "status": status, "detail": phrase}
        return canned_json(status, body, "application/problem+json")

    async def _mint(self, request: Request) -> Response:
        """A token for the clients asked for (the sandbox's own route: Amili issues tokens
        elsewhere)."""
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else {}
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return JSONResponse({"error": "The body must be a JSON object."}, 400)
        clients = body.get("clients", [AMILI_CLIENT_NO])
        lifetime = body.get("lifetime", 3600)
        valid_clients = isinstance(clients, list) and all(
            isinstance(c, int) and not isinstance(c, bool) for c in clients
        )
        if not valid_clients or not isinstance(lifetime, int) or isinstance(lifetime, bool):
            return JSONResponse(
                {"error": "'clients' must be a list of integers and 'lifetime' an integer."}, 400
            )
        token = mint_amili_token(clients, lifetime, now=self.config.clock())
        return JSONResponse({"token": token})
