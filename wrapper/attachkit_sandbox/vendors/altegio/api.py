"""Altegio: user-token login, client files (list, upload, delete) and the web app's
download link.

Where Altegio documents nothing, what the sandbox does is marked `x-attachkit-assumption`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from attachkit.conformance.formdata import parse_form
from attachkit_sandbox.blobs import BytesBlob
from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import client_ip, file_response, mime_for, opaque_token
from attachkit_sandbox.ratelimit import SlidingWindowLimiter
from attachkit_sandbox.vendors.altegio.clients import search_clients
from attachkit_sandbox.vendors.altegio.data import AltegioFile, AltegioLocation, altegio_locations
from attachkit_sandbox.vendors.altegio.settings import AltegioSettings

# Public sandbox credentials: they unlock nothing outside this server. No twelve characters
# of one are a piece of a flag's name: the command masks such pieces of a secret it knows,
# and "--partner-token" would show as "-***" in its help and messages.
ALTEGIO_PARTNER_TOKEN = "sandbox-partner-0001"  # noqa: S105
ALTEGIO_LOGIN = "owner@sandbox.example"
ALTEGIO_PHONE = "79000000000"
ALTEGIO_PASSWORD = "sandbox-password"  # noqa: S105
ALTEGIO_USER_ID = 1000001
# Fixed: the vendor documents no expiry; a user token only changes with the password.
ALTEGIO_USER_TOKEN = opaque_token("altegio-user", ALTEGIO_USER_ID)[:32]
# A second user who may see client files but lacks `client_files_upload_access`.
ALTEGIO_VIEWER_LOGIN = "viewer@sandbox.example"
ALTEGIO_VIEWER_PASSWORD = "sandbox-viewer-password"  # noqa: S105
ALTEGIO_VIEWER_ID = 1000002
ALTEGIO_VIEWER_TOKEN = opaque_token("altegio-user", ALTEGIO_VIEWER_ID)[:32]
# Where the web application (download links) is mounted; see attachkit_sandbox.app.
ALTEGIO_WEB_PREFIX = "/altegio-web"
# As Altegio's own MCP server checks: files strictly below 12 MiB, ten extensions.
UPLOAD_LIMIT = 12 * 1024 * 1024
UPLOAD_EXTENSIONS = ("jpeg", "jpg", "png", "gif", "doc", "docx", "pdf", "xls", "xlsx", "txt")
_FORM_OVERHEAD = 64 * 1024
_FIRST_UPLOAD_ID = 500001
# Uploads get dates from a fixed start, one minute apart: recordings stay byte-identical.
_UPLOAD_START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone(timedelta(hours=-5)))

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class AltegioUser:
    user_id: int
    name: str
    login: str
    phone: str
    password: str
    token: str
    can_upload: bool


ALTEGIO_USERS = (
    AltegioUser(
        ALTEGIO_USER_ID,
        "Sandbox Owner",
        ALTEGIO_LOGIN,
        ALTEGIO_PHONE,
        ALTEGIO_PASSWORD,
        ALTEGIO_USER_TOKEN,
        can_upload=True,
    ),
    AltegioUser(
        ALTEGIO_VIEWER_ID,
        "Sandbox Viewer",
        ALTEGIO_VIEWER_LOGIN,
        "79000000001",
        ALTEGIO_VIEWER_PASSWORD,
        ALTEGIO_VIEWER_TOKEN,
        can_upload=False,
    ),
)


def envelope(data: object, meta: object, status: int = 200) -> JSONResponse:
    return JSONResponse({"success": True, "data": data, "meta": meta}, status)


def failure(status: int, message: str, errors: dict[str, list[str]] | None = None) -> JSONResponse:
    meta: dict[str, object] = {"message": message}
    if errors is not None:
        meta["errors"] = errors
    return JSONResponse({"success": False, "data": None, "meta": meta}, status)


def not_found() -> JSONResponse:
    # x-attachkit-assumption: a 404 is literally {"success": false, "data": null, "meta": []}
    # (the docs say only that `meta` is an empty object or an empty array).
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


def altegio_record(file: AltegioFile, web_origin: str | None = None) -> dict[str, object]:
    """A file as the API lists it; with `web_origin` (scheme and host of the web app), files
    that have one also carry `full_link`, after `link`."""
    record: dict[str, object] = {
        "id": file.file_id,
        "client_id": file.client_id,
        "name": file.name,
        "description": file.description,
        "date_create": file.created.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "extension": file.extension,
        "mime": file.mime,
        "link": file.link,
    }
    if web_origin is not None and file.full_link:
        record["full_link"] = f"{web_origin}{ALTEGIO_WEB_PREFIX}{file.link}"
    record.update(
        {
            file.user_field: file.user_name,
            "user_avatar": file.user_avatar,
            "size": human_size(file.size),
            "can_edit": file.can_edit,
        }
    )
    return record


def web_origin(request: Request) -> str:
    """The scheme and host the request came in on: the web app is on the same host."""
    return f"{request.url.scheme}://{request.url.netloc}"


def _credentials(request: Request) -> dict[str, str]:
    """`Bearer <partner>, User <user>` -> {"bearer": ..., "user": ...}."""
    found: dict[str, str] = {}
    for part in request.headers.get("authorization", "").split(","):
        scheme, _, value = part.strip().partition(" ")
        found[scheme.lower()] = value.strip()
    return found


def _user(request: Request) -> AltegioUser:
    user = request.state.altegio_user
    assert isinstance(user, AltegioUser)
    return user


def _licence_refused(location: AltegioLocation) -> JSONResponse:
    """An expired licence, refused in either of the forms attachkit reads as one."""
    if location.licence_status == 403:
        # The YCLIENTS blueprint's words, with the 403 of four of its five examples.
        message = f"Необходимо продлить лицензию в филиале с id: {location.location_id}"  # noqa: RUF001
        return failure(403, message)
    # x-attachkit-assumption: the file endpoints may also answer 402, in English (402 is
    # documented only on the client search, in Russian; the English wording is ours).
    return failure(402, "The license for this location has expired.")


def _refused_upload(message: str) -> JSONResponse:
    # x-attachkit-assumption: a refused file (size, emptiness, type) gets 422 with
    # `meta.errors.file`; Altegio documents neither the status nor the body.
    return failure(422, "The given data was invalid.", {"file": [message]})


class AltegioApi:
    """Both Altegio hosts; they share one rate limit, one set of deleted files and the
    uploads made since the last reset."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.settings = config.settings(AltegioSettings)
        self.locations = altegio_locations()
        limits = self.settings.rate if config.rate_limits else None
        windows = [] if limits is None else [(limits[0], 1.0), (limits[1], 60.0)]
        # x-attachkit-assumption: downloads from the web app count against the API's per-IP
        # limit (the limit is documented for the API only).
        self.limiter = SlidingWindowLimiter(windows, config.clock)
        self.deleted: set[tuple[int, int]] = set()
        # (location, client) -> files uploaded since the last reset, oldest first
        self.uploaded: dict[tuple[int, int], list[AltegioFile]] = {}
        # The download link names a location and a file, not a client.
        self._by_link = {
            (file.location_id, file.file_id): file
            for location in self.locations.values()
            for files in location.clients.values()
            for file in files
        }
        self._users = {user.token: user for user in ALTEGIO_USERS}

    def reset(self) -> None:
        self.limiter.reset()
        self.deleted.clear()
        self.uploaded.clear()

    def api_app(self) -> Starlette:
        routes = [
            Route("/v1/auth", self._limited(self.auth), methods=["POST"]),
            Route(
                "/v1/company/{location_id:int}/clients/files/{client_id:int}",
                self._limited(self._authorized(self.list_files)),
                methods=["GET"],
            ),
            Route(
                "/v1/company/{location_id:int}/clients/files/{client_id:int}",
                self._limited(self._authorized(self.upload_file)),
                methods=["POST"],
            ),
            Route(
                "/v1/company/{location_id:int}/clients/files/{client_id:int}/{file_id:int}",
                self._limited(self._authorized(self.delete_file)),
                methods=["DELETE"],
            ),
            Route(
                "/v1/company/{location_id:int}/clients/search",
                self._limited(self._authorized(self.search_clients)),
                methods=["POST"],
            ),
        ]
        return Starlette(routes=routes, exception_handlers={HTTPException: self._http_error})

    def web_app(self) -> Starlette:
        # x-attachkit-assumption: the web app's download takes the API's Authorization header
        # with both tokens and answers errors in the API's envelope (neither is documented).
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
            # x-attachkit-assumption: over the limit the API answers 429 in its error
            # envelope (the limit is documented, the answer is not).
            response = failure(429, "Too many requests.")
            if self.settings.retry_after:
                # Not documented by Altegio; only sent when the config asks for it.
                response.headers["Retry-After"] = str(max(1, math.ceil(wait)))
            return response

        return limited

    def _authorized(self, endpoint: Endpoint) -> Endpoint:
        async def authorized(request: Request) -> Response:
            credentials = _credentials(request)
            user = self._users.get(credentials.get("user", ""))
            if credentials.get("bearer") != ALTEGIO_PARTNER_TOKEN or user is None:
                return failure(401, "Authentication needed.")
            request.state.altegio_user = user
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
        # x-attachkit-assumption: a login without a login or password gets 422 with
        # `meta.errors` by field (no 422 is documented for /v1/auth).
        missing = {
            name: [f"The {name} field is required."]
            for name in ("login", "password")
            if not isinstance(fields.get(name), str) or not fields[name]
        }
        if missing:
            return failure(422, "The given data was invalid.", missing)
        login = str(fields["login"]).strip().lower().removeprefix("+")
        user = next((u for u in ALTEGIO_USERS if login in (u.login, u.phone)), None)
        if user is None or fields["password"] != user.password:
            return failure(401, "Incorrect login or password")
        answer = {
            "id": user.user_id,
            "user_token": user.token,
            "name": user.name,
            "phone": user.phone,
            "login": user.login,
            "email": user.login,
            "avatar": "/images/no-master.png",
            "is_approved": True,
            "is_email_confirmed": True,
        }
        return envelope(answer, [], 201)

    def _location(self, location_id: int) -> AltegioLocation | Response:
        location = self.locations.get(location_id)
        if location is None:
            return failure(403, "Access denied.")
        if location.licence_expired:
            return _licence_refused(location)
        return location

    def _files(self, location: AltegioLocation, client_id: int) -> list[AltegioFile] | None:
        files = location.clients.get(client_id)
        if files is None:
            return None
        uploaded = self.uploaded.get((location.location_id, client_id), [])
        return [f for f in (*files, *uploaded) if (f.location_id, f.file_id) not in self.deleted]

    def _listing(self, request: Request, files: list[AltegioFile]) -> JSONResponse:
        origin = web_origin(request)
        return envelope([altegio_record(f, origin) for f in files], {"count": len(files)})

    async def list_files(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        files = self._files(location, request.path_params["client_id"])
        if files is None:
            return not_found()
        return self._listing(request, files)

    async def search_clients(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        response: Response = await search_clients(request, location, failure)
        return response

    async def upload_file(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        if not _user(request).can_upload:
            # x-attachkit-assumption: a user without client_files_upload_access gets 403
            # "Access denied." like any refusal (the refusal is not documented).
            return failure(403, "Access denied.")
        client_id = request.path_params["client_id"]
        if self._files(location, client_id) is None:
            return not_found()
        body, too_large = await self._read_capped(request)
        if too_large:
            return _refused_upload("The file must be smaller than 12 MiB.")
        parts = parse_form(request.headers.get("content-type", ""), body) or []
        part = next((p for p in parts if p.name == "file" and p.filename), None)
        if part is None or part.filename is None:
            return _refused_upload("The file field is required.")
        extension = part.filename.rpartition(".")[2].lower() if "." in part.filename else ""
        if not part.data:
            return _refused_upload("The file must not be empty.")
        if len(part.data) >= UPLOAD_LIMIT:
            return _refused_upload("The file must be smaller than 12 MiB.")
        if extension not in UPLOAD_EXTENSIONS:
            allowed = ", ".join(UPLOAD_EXTENSIONS)
            return _refused_upload(f"The file must be a file of type: {allowed}.")
        file = self._store(location.location_id, client_id, part.filename, part.data, request)
        files = self._files(location, client_id) or [file]
        # x-attachkit-assumption: a stored upload is answered 200 with the client's whole
        # list as the list endpoint gives it (the MCP server: "the complete file list").
        return self._listing(request, files)

    async def _read_capped(self, request: Request) -> tuple[bytes, bool]:
        """The body, unless it is larger than any acceptable upload; the rest of a body too
        large is read and dropped, so the client gets the answer rather than a reset."""
        limit = UPLOAD_LIMIT + _FORM_OVERHEAD
        chunks: list[bytes] = []
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size <= limit:
                chunks.append(chunk)
        return (b"" if size > limit else b"".join(chunks)), size > limit

    def _store(
        self, location_id: int, client_id: int, name: str, data: bytes, request: Request
    ) -> AltegioFile:
        count = sum(len(files) for files in self.uploaded.values())
        extension = name.rpartition(".")[2].lower()
        file = AltegioFile(
            file_id=_FIRST_UPLOAD_ID + count,
            location_id=location_id,
            client_id=client_id,
            name=name,
            description="",
            mime=mime_for(extension),
            created=_UPLOAD_START + timedelta(minutes=count),
            user_name=_user(request).name,
            user_field="user_name",
            can_edit=True,
            blob=BytesBlob(data),
        )
        self.uploaded.setdefault((location_id, client_id), []).append(file)
        return file

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

    def _by_location_and_id(self, location_id: int, file_id: int) -> AltegioFile | None:
        file = self._by_link.get((location_id, file_id))
        if file is not None:
            return file
        for (location, _client), files in self.uploaded.items():
            if location == location_id:
                file = next((f for f in files if f.file_id == file_id), None)
                if file is not None:
                    return file
        return None

    async def download(self, request: Request) -> Response:
        location = self._location(request.path_params["location_id"])
        if isinstance(location, Response):
            return location
        key = (location.location_id, request.path_params["file_id"])
        file = self._by_location_and_id(*key)
        if file is None or key in self.deleted:
            return not_found()
        return file_response(file.blob.iter_chunks(), file.size, file.mime, file.name)

    async def _http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        response = not_found() if exc.status_code == 404 else failure(exc.status_code, exc.detail)
        response.headers.update(exc.headers or {})
        return response
