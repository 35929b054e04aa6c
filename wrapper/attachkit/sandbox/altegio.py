"""Altegio: user-token login, client files (list, delete) and the web app's download link."""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from attachkit.sandbox.config import SandboxConfig
from attachkit.sandbox.data.altegio import AltegioFile, AltegioLocation, altegio_locations
from attachkit.sandbox.httputil import client_ip, file_response, opaque_token
from attachkit.sandbox.ratelimit import SlidingWindowLimiter

# Public sandbox credentials: they unlock nothing outside this server.
ALTEGIO_PARTNER_TOKEN = "sandbox-partner-token-0001"  # noqa: S105
ALTEGIO_LOGIN = "owner@sandbox.example"
ALTEGIO_PHONE = "79000000000"
ALTEGIO_PASSWORD = "sandbox-password"  # noqa: S105
ALTEGIO_USER_ID = 1000001
# Fixed: the vendor documents no expiry; a user token only changes with the password.
ALTEGIO_USER_TOKEN = opaque_token("altegio-user", ALTEGIO_USER_ID)[:32]

Endpoint = Callable[[Request], Awaitable[Response]]


def envelope(data: object, meta: object, status: int = 200) -> JSONResponse:
    return JSONResponse({"success": True, "data": data, "meta": meta}, status)


def failure(status: int, message: str, errors: dict[str, list[str]] | None = None) -> JSONResponse:
    meta: dict[str, object] = {"message": message}
    if errors is not None:
        meta["errors"] = errors
    return JSONResponse({"success": False, "data": None, "meta": meta}, status)


def not_found() -> JSONResponse:
    # Altegio's 404s carry an empty array as `meta`, with no message.
    return JSONResponse({"success": False, "data": None, "meta": []}, 404)


def human_size(size: int) -> str:
    """The vendor's size string: "9 B", "96.65 KB", "1.2 MB"."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.2f}".rstrip("0").rstrip(".") + f" {unit}"


def altegio_record(file: AltegioFile) -> dict[str, object]:
    return {
        "id": file.file_id,
        "client_id": file.client_id,
        "name": file.name,
        "description": file.description,
        "date_create": file.created.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "extension": file.extension,
        "mime": file.mime,
        "link": file.link,
        file.user_field: file.user_name,
        "user_avatar": file.user_avatar,
        "size": human_size(file.size),
        "can_edit": file.can_edit,
    }


def _credentials(request: Request) -> dict[str, str]:
    """`Bearer <partner>, User <user>` -> {"bearer": ..., "user": ...}."""
    found: dict[str, str] = {}
    for part in request.headers.get("authorization", "").split(","):
        scheme, _, value = part.strip().partition(" ")
        found[scheme.lower()] = value.strip()
    return found


class AltegioApi:
    """Both Altegio hosts; they share one rate limit and one set of deleted files."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.locations = altegio_locations()
        limits = config.altegio_rate
        windows = [] if limits is None else [(limits[0], 1.0), (limits[1], 60.0)]
        self.limiter = SlidingWindowLimiter(windows, config.clock)
        self.deleted: set[tuple[int, int]] = set()
        # The download link names a location and a file, not a client.
        self._by_link = {
            (file.location_id, file.file_id): file
            for location in self.locations.values()
            for files in location.clients.values()
            for file in files
        }

    def reset(self) -> None:
        self.limiter.reset()
        self.deleted.clear()

    def api_app(self) -> Starlette:
        routes = [
            Route("/v1/auth", self._limited(self.auth), methods=["POST"]),
            Route(
                "/v1/company/{location_id:int}/clients/files/{client_id:int}",
                self._limited(self._authorized(self.list_files)),
            ),
            Route(
                "/v1/company/{location_id:int}/clients/files/{client_id:int}/{file_id:int}",
                self._limited(self._authorized(self.delete_file)),
                methods=["DELETE"],
            ),
        ]
        return Starlette(routes=routes, exception_handlers={HTTPException: self._http_error})

    def web_app(self) -> Starlette:
        # The vendor documents neither the web host's auth nor its errors: we assume the same
        # Authorization header as API calls and the API's error envelope.
        routes = [
            Route(
                "/client_files/download/{location_id:int}/{file_id:int}/",
                self._limited(self._authorized(self.download)),
            )
        ]
        return Starlette(routes=routes, exception_handlers={HTTPException: self._http_error})

    def _limited(self, endpoint: Endpoint) -> Endpoint:
        async def limited(request: Request) -> Response:
            wait = self.limiter.hit(client_ip(request))
            if wait is None:
                return await endpoint(request)
            response = failure(429, "Too many requests.")
            if self.config.altegio_retry_after:
                # Not documented by Altegio; only sent when the config asks for it.
                response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            return response

        return limited

    def _authorized(self, endpoint: Endpoint) -> Endpoint:
        async def authorized(request: Request) -> Response:
            credentials = _credentials(request)
            if (
                credentials.get("bearer") != ALTEGIO_PARTNER_TOKEN
                or credentials.get("user") != ALTEGIO_USER_TOKEN
            ):
                return failure(401, "Authentication needed.")
            return await endpoint(request)

        return authorized

    async def auth(self, request: Request) -> Response:
        if _credentials(request).get("bearer") != ALTEGIO_PARTNER_TOKEN:
            return failure(401, "Partner authentication failed.")
        try:
            body = json.loads(await request.body())
        except ValueError:
            body = None
        fields = body if isinstance(body, dict) else {}
        missing = {
            name: [f"The {name} field is required."]
            for name in ("login", "password")
            if not isinstance(fields.get(name), str) or not fields[name]
        }
        if missing:
            return failure(422, "The given data was invalid.", missing)
        login = str(fields["login"]).strip().lower().removeprefix("+")
        if login not in (ALTEGIO_LOGIN, ALTEGIO_PHONE) or fields["password"] != ALTEGIO_PASSWORD:
            return failure(401, "Incorrect login or password")
        user = {
            "id": ALTEGIO_USER_ID,
            "user_token": ALTEGIO_USER_TOKEN,
            "name": "Sandbox Owner",
            "phone": ALTEGIO_PHONE,
            "login": ALTEGIO_LOGIN,
            "email": ALTEGIO_LOGIN,
            "avatar": "/images/no-master.png",
            "is_approved": True,
        }
        return envelope(user, [], 201)

    def _location(self, location_id: int) -> AltegioLocation | Response:
        location = self.locations.get(location_id)
        if location is None:
            return failure(403, "Access denied.")
        if location.licence_expired:
            return failure(402, "The license for this location has expired.")
        return location

    def _files(self, location: AltegioLocation, client_id: int) -> list[AltegioFile] | None:
        files = location.clients.get(client_id)
        if files is None:
            return None
        return [f for f in files if (f.location_id, f.file_id) not in self.deleted]

    async def list_files(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        files = self._files(location, request.path_params["client_id"])
        if files is None:
            return not_found()
        return envelope([altegio_record(f) for f in files], {"count": len(files)})

    async def delete_file(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        files = self._files(location, request.path_params["client_id"])
        file_id = request.path_params["file_id"]
        file = next((f for f in files or () if f.file_id == file_id), None)
        if file is None:
            return not_found()
        if not file.can_edit:
            return failure(403, "Access denied.")
        self.deleted.add((file.location_id, file.file_id))
        return JSONResponse({"success": True, "data": None, "meta": {"message": "Accepted"}}, 202)

    async def download(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        key = (location.location_id, request.path_params["file_id"])
        file = self._by_link.get(key)
        if file is None or key in self.deleted:
            return not_found()
        return file_response(file.blob.iter_chunks(), file.size, file.mime, file.name)

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = not_found() if exc.status_code == 404 else failure(exc.status_code, exc.detail)
        response.headers.update(exc.headers or {})
        return response
