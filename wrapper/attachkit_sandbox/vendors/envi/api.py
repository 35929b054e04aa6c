"""Envi's file API: the OData FileAttachments list, one file's metadata, one file's content."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable, Mapping

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from attachkit_sandbox.httputil import file_response, mime_for
from attachkit_sandbox.vendors.envi.auth import EnviAuth, EnviSession, envi_error
from attachkit_sandbox.vendors.envi.data import ENVI_ORGANIZATION_NO, EnviData, EnviFile, envi_data
from attachkit_sandbox.vendors.envi.odata import FieldType, ODataError, Record
from attachkit_sandbox.vendors.envi.pages import iso, page_body, service_root
from attachkit_sandbox.vendors.envi.sets import ENTITY_SETS, EntitySet
from attachkit_sandbox.vendors.envi.settings import EnviSettings

# Every record field, with the type `$filter`/`$orderby` compare it as.
FIELDS: Mapping[str, FieldType] = {
    "fileId": FieldType.GUID,
    "entityId": FieldType.GUID,
    "entityNo": FieldType.STRING,
    "entityTypeValue": FieldType.STRING,
    "fileName": FieldType.STRING,
    "fileStatus": FieldType.STRING,
    "fileSize": FieldType.INTEGER,
    "fileType": FieldType.STRING,
    "dateCreated": FieldType.DATETIME,
    "createdBy": FieldType.GUID,
    "createdByName": FieldType.STRING,
    "lastUpdated": FieldType.DATETIME,
    "lastUpdatedBy": FieldType.GUID,
    "lastUpdatedByName": FieldType.STRING,
}

Handler = Callable[[Request, EnviSession], Awaitable[Response]]


def envi_record(file: EnviFile) -> dict[str, object]:
    """One file as the API shows it, keys in the vendor's documented order."""
    return {
        "fileId": str(file.file_id),
        "entityId": str(file.entity.entity_id),
        "entityNo": file.entity.entity_no,
        "entityTypeValue": file.entity.type_value,
        "fileName": file.name,
        "fileStatus": file.status,
        "fileSize": file.size,
        "fileType": file.file_type,
        "dateCreated": iso(file.created),
        "createdBy": str(file.created_by.user_id),
        "createdByName": file.created_by.name,
        "lastUpdated": iso(file.updated),
        "lastUpdatedBy": str(file.updated_by.user_id),
        "lastUpdatedByName": file.updated_by.name,
    }


class EnviApi:
    def __init__(self, settings: EnviSettings, auth: EnviAuth) -> None:
        self.auth = auth
        self.data: EnviData = envi_data(settings.large_file_mib, settings.scale_records)
        self.versions = ApiVersions(settings.api_versions, settings.deprecated_versions)
        self.next_link_base = settings.next_link_base

    def app(self) -> Starlette:
        routes = [
            Route("/oauth2/token", self.auth.token_endpoint, methods=["POST"]),
            Route("/odata/FileAttachments({entity_id})", self._guarded(self.list_files)),
            Route("/odata/FileAttachments/{file_id}/metadata", self._guarded(self.metadata)),
            Route("/odata/FileAttachments/{file_id}/content", self._guarded(self.content)),
            *(
                Route(f"/odata/{entity_set.name}", self._guarded(self._lister(entity_set)))
                for entity_set in ENTITY_SETS
            ),
        ]
        return Starlette(routes=routes, exception_handlers={HTTPException: _http_error})

    def _guarded(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """Checks every /odata call makes before its handler: token, privileges, quota, version.
        Every answer past the token check advertises the versions."""

        async def endpoint(request: Request) -> Response:
            session = self.auth.authenticate(request)
            if isinstance(session, Response):
                return session
            response = await self._checked(handler, request, session)
            response.headers.update(self.versions.headers())
            return response

        return endpoint

    async def _checked(self, handler: Handler, request: Request, session: EnviSession) -> Response:
        if not session.has_file_access:
            return envi_error(403, "Forbidden", "User doesn't have appropriate privileges.")
        over_quota = self.auth.check_quota(session)
        if over_quota is not None:
            return over_quota
        version_error = self.versions.check(request)
        if version_error is not None:
            return version_error
        try:
            return await handler(request, session)
        except ODataError as error:
            # x-attachkit-assumption: every 400 has the OData error shape the docs show for
            # UnsupportedApiVersion.
            return envi_error(400, "BadRequest", str(error))
        except HTTPException as error:
            return await _http_error(request, error)

    def _visible(self, session: EnviSession, files: list[EnviFile]) -> list[EnviFile]:
        # The whole data set belongs to one organization; others see an empty system.
        return files if session.organization_no == ENVI_ORGANIZATION_NO else []

    async def list_files(self, request: Request, session: EnviSession) -> Response:
        entity_id = _parse_guid(request.path_params["entity_id"], "entityId")
        params = request.query_params
        files = self._visible(session, self.data.listing(entity_id))
        if "entityTypePK" in params:
            type_pk = _integer(params["entityTypePK"], "entityTypePK")
            files = [f for f in files if f.entity.type_pk == type_pk]
        records: list[Record] = [envi_record(f) for f in files]
        body = page_body(request, records, FIELDS, "FileAttachments", self.next_link_base)
        return JSONResponse(body)

    def _lister(self, entity_set: EntitySet) -> Handler:
        made: list[Record] = []  # the data set is read-only: its records are made once

        async def list_records(request: Request, session: EnviSession) -> Response:
            if not made:
                made.extend(entity_set.records(self.data))
            # The whole data set belongs to one organization; others see an empty system.
            seen = session.organization_no == ENVI_ORGANIZATION_NO
            records = made if seen else []
            body = page_body(
                request,
                records,
                entity_set.fields,
                entity_set.name,
                self.next_link_base,
                entity_set.operators,
            )
            return JSONResponse(body)

        return list_records

    def _find(self, request: Request, session: EnviSession) -> EnviFile:
        file_id = _parse_guid(request.path_params["file_id"], "fileId")
        file = self.data.files.get(file_id)
        if file is None or not self._visible(session, [file]):
            raise HTTPException(404, f"The file '{file_id}' was not found.")
        return file

    async def metadata(self, request: Request, session: EnviSession) -> Response:
        file = self._find(request, session)
        context = f"{service_root(request)}/odata/$metadata#FileAttachments/$entity"
        return JSONResponse({"@odata.context": context, **envi_record(file)})

    async def content(self, request: Request, session: EnviSession) -> Response:
        file = self._find(request, session)
        if not file.has_content:
            # x-attachkit-assumption: no content for these statuses is a 404 OData error
            # (the vendor only says "no content is returned").
            return envi_error(
                404,
                "FileContentUnavailable",
                f"The file has no content: its status is {file.status}.",
            )
        # x-attachkit-assumption: the body is sent as the file's own type (undocumented).
        return file_response(file.chunks(), file.size, mime_for(file.file_type), file.name)


class ApiVersions:
    """The versions this Envi implements; deprecated ones still work but are advertised apart."""

    def __init__(self, implemented: tuple[str, ...], deprecated: tuple[str, ...]) -> None:
        if not implemented or not set(deprecated) <= set(implemented):
            raise ValueError("EnviSettings: deprecated_versions must be among api_versions")
        self.implemented = implemented
        self.deprecated = deprecated

    def headers(self) -> dict[str, str]:
        supported = [version for version in self.implemented if version not in self.deprecated]
        # x-attachkit-assumption: "multi-value" headers are comma-separated, and a deprecated
        # version is listed in api-deprecated-versions only; an empty list is left out.
        headers = {"api-supported-versions": ", ".join(supported)} if supported else {}
        if self.deprecated:
            headers["api-deprecated-versions"] = ", ".join(self.deprecated)
        return headers

    def check(self, request: Request) -> Response | None:
        """The documented 400 for a version not implemented, word for word as the docs show
        it for '1.1'. The docs call it a header on most pages and a query parameter on the
        list page, so both are read; a request without one gets the default, 1.0."""
        asked = (request.headers.get("api-version"), request.query_params.get("api-version"))
        for version in asked:
            if version is not None and version not in self.implemented:
                return envi_error(
                    400,
                    "UnsupportedApiVersion",
                    "The HTTP resource that matches the request URI does not support the API "
                    f"version '{version}'.",
                    innerError={
                        "message": "No route providing a controller name with API version "
                        f"'{version}' was found to match request URI."
                    },
                )
        return None


def _parse_guid(text: str, name: str) -> uuid.UUID:
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ODataError(f"The value '{text}' of '{name}' is not a valid GUID.") from None


def _integer(text: str, name: str) -> int:
    if not re.fullmatch(r"-?[0-9]+", text):
        raise ODataError(f"The value '{text}' of '{name}' is not a valid integer.")
    return int(text)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = exc.detail
    if exc.status_code == 404 and message == "Not Found":
        # Starlette's routing miss; word it the way ASP.NET Web API does.
        message = f"No HTTP resource was found that matches the request URI '{request.url}'."
    codes = {404: "NotFound", 405: "MethodNotAllowed"}
    response = envi_error(exc.status_code, codes.get(exc.status_code, "Error"), message)
    response.headers.update(exc.headers or {})
    return response
