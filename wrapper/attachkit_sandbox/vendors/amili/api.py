"""Amili ARMrest: `GET /clients/{clientno}/files` behind a JWT bearer token.

The vendor documents no error body; ours is RFC 7807 problem JSON (an assumption). What
else this server decides where the docs are silent (when 400, 401, 403 and 404 answer, the
parameter types, empty parameters, which 10 files) is marked `x-attachkit-assumption` in
specs/amili.yaml.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping
from http import HTTPStatus

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.vendors.amili.data import AMILI_MAXIMUM_COUNT, AmiliFile, amili_files
from attachkit_sandbox.vendors.amili.jwt import InvalidToken, verify_amili_token

_INT64 = re.compile(r"-?[0-9]{1,19}")
_INT64_RANGE = range(-(2**63), 2**63)


def problem(status: int, detail: str) -> JSONResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status, headers, media_type="application/problem+json")


class BadParameter(ValueError):
    pass


def _int64(name: str, text: str) -> int:
    if not _INT64.fullmatch(text) or int(text) not in _INT64_RANGE:
        raise BadParameter(
            f"The value '{text}' is not valid for '{name}': expected a 64-bit integer."
        )
    return int(text)


def _text(name: str, text: str) -> str:
    return text


def _boolean(name: str, text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise BadParameter(f"The value '{text}' is not valid for '{name}': expected true or false.")
    return text.lower() == "true"


# query parameter -> (parser, the AmiliFile attribute it must equal; None filters nothing)
_FILTERS: Mapping[str, tuple[Callable[[str, str], object], str | None]] = {
    "logitemid": (_int64, "log_item_id"),
    "type": (_text, "type"),
    "name": (_text, "name"),
    "referenceno": (_int64, "reference_no"),
    "jobqueueid": (_int64, "job_queue_id"),
    "documentno": (_text, "document_no"),
    "serialize": (_text, "serialize"),
    # Asks the vendor to rebuild generated documents; the data here never changes.
    "regenerate": (_boolean, None),
}


def amili_record(file: AmiliFile) -> dict[str, object]:
    return {
        "clientNo": file.client_no,
        "name": file.name,
        "extension": file.extension,
        "logItemId": file.log_item_id,
        "arAccountNo": file.ar_account_no,
        "referenceNo": file.reference_no,
        "type": file.type,
        "serialize": file.serialize,
        "description": file.description,
        "externalMemo": file.external_memo,
        "content": base64.b64encode(file.content()).decode(),
    }


class AmiliApi:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config

    def app(self) -> Starlette:
        routes = [Route("/clients/{clientno}/files", self.list_files)]
        return Starlette(routes=routes, exception_handlers={HTTPException: _http_error})

    async def list_files(self, request: Request) -> Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return problem(401, "A bearer token is required.")
        try:
            claims = verify_amili_token(token.strip(), self.config.clock())
        except InvalidToken as error:
            return problem(401, str(error))
        clientno = request.path_params["clientno"]
        wanted: dict[str, object] = {}
        try:
            client_no = _int64("clientno", clientno)
            for name, value in request.query_params.items():
                if name not in _FILTERS or value == "":
                    continue  # the vendor's own example sends every parameter empty
                parse, attribute = _FILTERS[name]
                parsed = parse(name, value)
                if attribute is not None:
                    wanted[attribute] = parsed
        except BadParameter as error:
            return problem(400, str(error))
        allowed = claims["clients"]
        assert isinstance(allowed, list)
        if client_no not in allowed:
            return problem(403, f"The token does not grant access to client {client_no}.")
        files = amili_files().get(client_no)
        if files is None:
            return problem(404, f"Client {client_no} was not found.")
        matches = [
            f
            for f in files
            if all(getattr(f, attribute) == value for attribute, value in wanted.items())
        ]
        body = {
            "summary": {"totalCount": len(matches), "maximumCount": AMILI_MAXIMUM_COUNT},
            "files": [amili_record(f) for f in matches[:AMILI_MAXIMUM_COUNT]],
        }
        return JSONResponse(body)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = problem(exc.status_code, exc.detail)
    response.headers.update(exc.headers or {})
    return response
