"""The test vendor inside one sandbox app: its two routes, as its spec says."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router

from attachkit_sandbox import SandboxConfig, VendorServer
from attachkit_sandbox.httputil import Canned, canned_json, file_response, status_phrase

from .data import FILES, TOKEN, file_id

__all__ = ["PREFIX", "AcmeServer"]

PREFIX = "/acme"
PAGE_SIZE = 2


def _refused(status: int, message: str) -> Response:
    return JSONResponse({"error": message}, status)


class AcmeServer(VendorServer):
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config

    def routes(self) -> Sequence[BaseRoute]:
        router = Router(
            [
                Route("/entities/{entity}/files", self._files),
                Route("/files/{file_id}/content", self._content),
            ]
        )
        return [Mount(PREFIX, app=router)]

    def error(self, path: str, status: int) -> Canned:
        return canned_json(status, {"error": status_phrase(status)})

    @staticmethod
    def _authorized(request: Request) -> bool:
        return request.headers.get("authorization") == f"Token {TOKEN}"

    async def _files(self, request: Request) -> Response:
        if not self._authorized(request):
            return _refused(401, "bad token")
        entity = request.path_params["entity"]
        files = FILES.get(entity)
        if files is None:
            return _refused(404, "no such entity")
        page = int(request.query_params.get("page", "1"))
        start = (page - 1) * PAGE_SIZE
        rows = [
            {"id": file_id(entity, start + offset), "name": name, "size": len(data)}
            for offset, (name, data) in enumerate(files[start : start + PAGE_SIZE])
        ]
        following = page + 1 if start + PAGE_SIZE < len(files) else None
        return JSONResponse({"files": rows, "total": len(files), "next_page": following})

    async def _content(self, request: Request) -> Response:
        if not self._authorized(request):
            return _refused(401, "bad token")
        entity, _, index = request.path_params["file_id"].rpartition("-")
        files = FILES.get(entity, [])
        if not index.isdigit() or int(index) >= len(files):
            return _refused(404, "no such file")
        name, data = files[int(index)]
        # As the spec says: every file is sent as application/octet-stream.
        return file_response(iter([data]), len(data), "application/octet-stream", name)
