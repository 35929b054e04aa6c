"""Routes under /_sandbox/ that control the sandbox; no vendor has them."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from attachkit_sandbox.state import SandboxState
from attachkit_sandbox.vendors.amili.data import AMILI_CLIENT_NO
from attachkit_sandbox.vendors.amili.jwt import mint_amili_token


def admin_routes(state: SandboxState) -> list[BaseRoute]:
    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"status": "reset"})

    async def amili_token(request: Request) -> Response:
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
        token = mint_amili_token(clients, lifetime, now=state.config.clock())
        return JSONResponse({"token": token})

    return [
        Route("/_sandbox/health", health),
        Route("/_sandbox/reset", reset, methods=["POST"]),
        Route("/_sandbox/amili-token", amili_token, methods=["POST"]),
    ]
