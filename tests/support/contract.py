"""Contract check: every answer a test saw validates against our own specs.

Cassette tests check what they recorded or replayed (`contract_errors`); sandbox tests that
talk to the app in-process check each exchange as it happens (`ContractTransport`). Both
keep the sandbox, the specs and the vendors' documented shapes from drifting apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any
from urllib.parse import urlsplit

import httpx2
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.protocols import Request

from tests.specs.spec_examples import load_spec
from tests.support.targets import OWNERS, PLACEHOLDERS, UNSPECIFIED
from tests.support.vendors import specs

_STRUCTURED = ("json", "x-www-form-urlencoded", "multipart/", "xml")


@cache
def _spec(vendor: str) -> OpenAPI:
    # openapi-core does not read application/problem+json (a problem-details error body) as
    # JSON by itself.
    config = Config(extra_media_type_deserializers={"application/problem+json": json_loads})
    return OpenAPI.from_file_path(str(specs()[vendor]), config=config)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, list) else value)
    return None


class _Request:
    """openapi-core's request protocol over one request, moved to the spec's server URL."""

    def __init__(
        self,
        method: str,
        relative: str,
        query: list[tuple[str, str]],
        headers: Mapping[str, str],
        body: bytes | None,
        spec_server: str,
    ) -> None:
        from werkzeug.datastructures import Headers, ImmutableMultiDict  # openapi-core dep

        scheme, _, rest = spec_server.partition("://")
        host, _, base_path = rest.partition("/")
        self.host_url = f"{scheme}://{host}"
        self.path = (f"/{base_path}" if base_path else "") + relative
        self.full_url_pattern = spec_server + relative
        self.method = method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(query), header=Headers(dict(headers))
        )
        self.body = body
        self.content_type = _header(headers, "content-type") or ""


class _Response:
    def __init__(self, status: int, headers: Mapping[str, str], body: bytes | str) -> None:
        from werkzeug.datastructures import Headers

        self.status_code = status
        self.data: Any = body
        self.headers = Headers(dict(headers))
        self.content_type = _header(headers, "content-type") or ""
        if isinstance(self.data, bytes) and not any(
            kind in self.content_type for kind in _STRUCTURED
        ):
            # A file body (`type: string, format: binary`): openapi-core checks the string
            # type, so hand it the bytes as text (latin-1 maps every byte).
            self.data = self.data.decode("latin-1")


def _problems(vendor: str, what: str, request: Request, response: _Response) -> list[str]:
    try:
        _spec(vendor).validate_response(request, response)
    except Exception as exc:  # every validation failure is reported
        causes = []
        cause: BaseException | None = exc
        while cause is not None:
            causes.append(repr(cause))
            causes.extend(str(error.message) for error in getattr(cause, "schema_errors", ()))
            cause = cause.__cause__
        return [f"{what} -> {response.status_code}: " + " / ".join(causes)]
    return []


@cache
def _spec_server(vendor: str, fallback: str) -> str:
    servers = load_spec(vendor).get("servers") or [{"url": fallback}]
    url: str = servers[0]["url"]
    return url


def owner_of(host: str) -> str | None:
    """The target a placeholder host belongs to: `<target>.attachkit.test`, or a cassette's
    own origin for it, `<target>-<anything>.attachkit.test` (an https one, say)."""
    label, _, domain = host.partition(".")
    if domain != "attachkit.test":
        return None
    owners = [name for name in PLACEHOLDERS if label == name or label.startswith(name + "-")]
    return max(owners, key=len, default=None)


def contract_errors(request: Any, response: dict[str, Any]) -> list[str]:
    """Problems of one recorded exchange (vcrpy's request and response) against the spec
    of its vendor ([] if none). An exchange with an origin no vendor owns is a problem
    itself: no spec would check it. Targets no spec describes are not checked."""
    parts = urlsplit(request.uri)
    server = f"{parts.scheme}://{parts.netloc}"
    target = owner_of(parts.hostname or "")
    if target is None:
        return [f"{request.method} {request.uri}: no vendor's spec covers its origin"]
    if PLACEHOLDERS[target] in UNSPECIFIED:
        return []
    vendor = OWNERS[target].name
    body = request.body
    wrapped = _Request(
        request.method,
        request.uri.split("?", 1)[0][len(server) :] or "/",
        list(request.query),
        {k: v for k, v in request.headers.items()},
        body if isinstance(body, bytes) or body is None else body.encode(),
        _spec_server(vendor, server),
    )
    headers = {k: v[0] if isinstance(v, list) else v for k, v in response["headers"].items()}
    result = _Response(int(response["status"]["code"]), headers, response["body"]["string"])
    return _problems(vendor, f"{request.method} {request.uri}", wrapped, result)


def specified_prefixes() -> dict[str, str]:
    """The path prefix of each target a spec describes -> its vendor (what
    `ContractTransport` takes for the tests' sandbox)."""
    from tests.support.targets import PREFIXES

    return {
        PREFIXES[name]: OWNERS[name].name
        for name, origin in PLACEHOLDERS.items()
        if origin not in UNSPECIFIED
    }


class ContractTransport(httpx2.BaseTransport):
    """Passes each request to `inner` and checks its answer against the spec of the vendor
    whose path prefix (`prefixes`: prefix -> vendor) the request's path starts with; paths
    under no prefix (the sandbox's own routes, undocumented hosts) are not checked.
    `problems` keeps what did not match, for the test to assert on."""

    def __init__(self, inner: httpx2.BaseTransport, prefixes: Mapping[str, str]) -> None:
        self.inner = inner
        self.prefixes = prefixes
        self.problems: list[str] = []
        self.checked = 0

    def _vendor(self, path: str) -> tuple[str, str] | None:
        for prefix, vendor in self.prefixes.items():
            if path == prefix or path.startswith(prefix + "/"):
                return prefix, vendor
        return None

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        owner = self._vendor(request.url.path)
        if owner is None:
            return response
        prefix, vendor = owner
        body = response.read()
        wrapped = _Request(
            request.method,
            request.url.path[len(prefix) :] or "/",
            list(request.url.params.multi_items()),
            dict(request.headers),
            request.read() or None,
            _spec_server(vendor, prefix),
        )
        result = _Response(response.status_code, dict(response.headers), body)
        self.checked += 1
        self.problems += _problems(vendor, f"{request.method} {request.url}", wrapped, result)
        return response

    def close(self) -> None:
        self.inner.close()
