"""Contract check: every recorded response validates against our own specs.

The cassettes come from the sandbox (or a live vendor), so this keeps the sandbox, the
specs and the vendors' documented shapes from drifting apart.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.protocols import Request, Response

from tests.specs.spec_examples import load_spec
from tests.support.targets import PLACEHOLDERS

SPECS = Path(__file__).resolve().parents[2] / "specs"
# Paths on these hosts are not in any spec (Altegio's web app is undocumented).
_UNSPECIFIED = {PLACEHOLDERS["altegio-web"]}
_STRUCTURED = ("json", "x-www-form-urlencoded", "multipart/", "xml")


@cache
def _spec(vendor: str) -> OpenAPI:
    # openapi-core does not read application/problem+json (Amili's errors) as JSON by itself.
    config = Config(extra_media_type_deserializers={"application/problem+json": json_loads})
    return OpenAPI.from_file_path(str(SPECS / f"{vendor}.yaml"), config=config)


def _header(headers: dict[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


class _Request:
    """openapi-core's request protocol over a vcrpy request."""

    def __init__(self, request: Any, recorded_origin: str, spec_server: str) -> None:
        from werkzeug.datastructures import Headers, ImmutableMultiDict  # openapi-core dep

        # Cassettes hold a placeholder origin; the spec knows the vendor's server URL.
        relative = request.uri.split("?", 1)[0][len(recorded_origin) :] or "/"
        scheme, _, rest = spec_server.partition("://")
        host, _, base_path = rest.partition("/")
        self.host_url = f"{scheme}://{host}"
        self.path = (f"/{base_path}" if base_path else "") + relative
        self.full_url_pattern = spec_server + relative
        self.method = request.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(request.query),
            header=Headers({k: v for k, v in request.headers.items()}),
        )
        body = request.body
        self.body = body if isinstance(body, bytes) or body is None else body.encode()
        self.content_type = _header(request.headers, "content-type") or ""


class _Response:
    def __init__(self, response: dict[str, Any]) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = int(response["status"]["code"])
        self.data = response["body"]["string"]
        self.headers = Headers(
            {k: v[0] if isinstance(v, list) else v for k, v in response["headers"].items()}
        )
        self.content_type = _header(response["headers"], "content-type") or ""
        if isinstance(self.data, bytes) and not any(
            kind in self.content_type for kind in _STRUCTURED
        ):
            # A file body (`type: string, format: binary`): openapi-core checks the string
            # type, so hand it the bytes as text (latin-1 maps every byte).
            self.data = self.data.decode("latin-1")


def contract_errors(request: Any, response: dict[str, Any]) -> list[str]:
    """Problems of one recorded exchange against the spec of its vendor ([] if none)."""
    for vendor in ("envi", "amili", "altegio"):
        server = PLACEHOLDERS[vendor]
        if request.uri.startswith(server + "/") and not request.uri.startswith(tuple(_UNSPECIFIED)):
            break
    else:
        return []
    spec = _spec(vendor)
    servers = load_spec(vendor).get("servers") or [{"url": server}]
    wrapped: Request = _Request(request, server, servers[0]["url"])
    result: Response = _Response(response)
    try:
        spec.validate_response(wrapped, result)
    except Exception as exc:  # every validation failure is reported
        causes = []
        cause: BaseException | None = exc
        while cause is not None:
            causes.append(repr(cause))
            causes.extend(str(error.message) for error in getattr(cause, "schema_errors", ()))
            cause = cause.__cause__
        return [f"{request.method} {request.uri} -> {result.status_code}: " + " / ".join(causes)]
    return []
