"""Altegio clients: list, download, save and delete a client's files, paced to the limit."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, Unpack

import anyio
import httpx

from attachkit_altegio_client.api.client_files import delete_client_file, list_client_files
from attachkit_altegio_client.models import ClientFile, ClientFilesResponse, DeleteResponse

from .. import errors
from ..attachment import Attachment
from ..base import AsyncClientBase, ContentSource, SyncClientBase, streamed
from ..decoding import json_body, parse_model, unexpected
from ..options import AsyncClientOptions, ClientOptions, check_base_url
from ..pacing import Pacer
from ..pagination import AsyncPaginator, Page, Paginator
from ..runner import Call, Flow
from .auth import AltegioAuth
from .convert import attachment_from_altegio
from .vendor import ACCEPT, ALTEGIO, envelope_message

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_RATE_LIMITS", "AltegioClient", "AsyncAltegioClient"]

DEFAULT_BASE_URL = "https://api.alteg.io/api"
# The vendor allows 5 requests a second and 200 a minute per IP; the small margin keeps
# clock differences between us and the server from tripping the limit.
DEFAULT_RATE_LIMITS: tuple[tuple[int, float], ...] = ((5, 1.05), (200, 60.5))
_HEADERS = {"Accept": ACCEPT, "Content-Type": "application/json"}


def _ids(**values: object) -> dict[str, int]:
    checked: dict[str, int] = {}
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        checked[name] = value
    return checked


def _success(response: httpx.Response, data: Any) -> None:
    """A 2xx with `success: false` is an error all the same (checked on the decoded JSON,
    before parsing: such answers carry `data: null` where the model wants a list)."""
    if not isinstance(data, dict):
        raise unexpected("altegio", response, f"expected a JSON object, got {type(data).__name__}")
    success = data.get("success")
    if success is True:
        return
    if success is not False:
        raise unexpected("altegio", response, "`success` is missing or not a boolean")
    message = envelope_message(data)
    request = response.request
    text = f"altegio: HTTP {response.status_code} with success=false for "
    text += f"{request.method} {request.url.path}"
    raise errors.APIStatusError(
        f"{text}: {message}" if message else text,
        vendor="altegio",
        status_code=response.status_code,
        vendor_message=message,
        method=request.method,
        url=str(request.url),
        body=response.text[:2000],
    )


class _AltegioFlows:
    def __init__(self, http: httpx.Client | httpx.AsyncClient, web_base_url: str | None) -> None:
        self._http = http
        self._web_base_url = web_base_url

    def page(self, cursor: object, max_retries: int | None) -> Flow[Page[Attachment]]:
        assert isinstance(cursor, tuple)
        location_id, client_id = cursor
        kwargs = list_client_files._get_kwargs(location_id, client_id)
        request = self._http.build_request("GET", kwargs["url"])
        response = yield Call(request, max_retries=max_retries)
        data = json_body("altegio", response)
        _success(response, data)
        body = parse_model("altegio", response, ClientFilesResponse.from_dict, data)
        try:
            items = [attachment_from_altegio(file) for file in body.data]
        except (TypeError, ValueError) as exc:
            raise unexpected("altegio", response, str(exc)) from exc
        count = getattr(body.meta, "count", None)
        total = count if isinstance(count, int) and not isinstance(count, bool) else len(items)
        return Page(items=items, total_count=total, next_cursor=None)

    def delete(self, ids: dict[str, int], max_retries: int | None) -> Flow[None]:
        kwargs = delete_client_file._get_kwargs(**ids)
        request = self._http.build_request("DELETE", kwargs["url"])
        response = yield Call(request, max_retries=max_retries)
        data = json_body("altegio", response)
        _success(response, data)
        parse_model("altegio", response, DeleteResponse.from_dict, data)

    def content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        raw = attachment.raw
        if not isinstance(raw, ClientFile):
            raise TypeError("not an Altegio attachment from list_files")
        link = raw.link
        if self._web_base_url is None:
            raise errors.AttachkitError(
                "altegio: downloads need web_base_url: file links are paths on the web "
                "application, whose host the vendor does not document"
            )
        if not isinstance(link, str) or not link.startswith("/") or link.startswith("//"):
            # Only a path on the configured web host: the tokens must not go elsewhere.
            raise errors.UnexpectedResponseError(
                f"altegio: file {attachment.id} has no usable link: {link!r}", vendor="altegio"
            )
        url = self._web_base_url + link
        return ContentSource(flow=streamed(self._http.build_request("GET", url), max_retries))


RateLimits = Sequence[tuple[int, float]] | Pacer | None
"""(count, seconds) limits for a new pacer, a `Pacer` to share between clients that use
the same IP address (the vendor limits per IP), or None for no pacing."""


def _pacer(rate_limits: RateLimits) -> Pacer | None:
    if isinstance(rate_limits, Pacer):
        return rate_limits
    return Pacer(rate_limits) if rate_limits else None


def _web_base(web_base_url: str | None) -> str | None:
    return None if web_base_url is None else check_base_url(web_base_url, "altegio web")


class AltegioClient(SyncClientBase):
    """Altegio client files, synchronously, paced to 5 requests/s and 200/min by default.

    `web_base_url` is the host the files' `link` paths live on (needed for downloads).
    `rate_limits` are (count, seconds) pairs or a `Pacer` shared with other clients on the
    same IP address; None turns client-side pacing off. The login is paced too.
    """

    def __init__(
        self,
        *,
        partner_token: str,
        user_token: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        web_base_url: str | None = None,
        rate_limits: RateLimits = DEFAULT_RATE_LIMITS,
        _login: tuple[str, str] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        base_url = check_base_url(base_url, "altegio")
        if user_token is None and _login is None:
            raise TypeError("pass user_token=, or use AltegioClient.from_login()")
        login, password = _login or (None, None)
        pacer = _pacer(rate_limits)
        auth = AltegioAuth(
            base_url,
            partner_token=partner_token,
            user_token=user_token,
            login=login,
            password=password,
            pacer=pacer,
            sleep=options.get("sleep") or time.sleep,
        )
        super().__init__(
            vendor=ALTEGIO,
            base_url=base_url,
            auth=auth,
            options=options,
            headers=_HEADERS,
            pacer=pacer,
        )
        self._flows = _AltegioFlows(self._http, _web_base(web_base_url))

    @classmethod
    def from_login(
        cls,
        partner_token: str,
        login: str,
        password: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        web_base_url: str | None = None,
        rate_limits: RateLimits = DEFAULT_RATE_LIMITS,
        **options: Unpack[ClientOptions],
    ) -> AltegioClient:
        """Gets the user token from `POST /v1/auth` on first use."""
        return cls(
            partner_token=partner_token,
            base_url=base_url,
            web_base_url=web_base_url,
            rate_limits=rate_limits,
            _login=(login, password),
            **options,
        )

    def list_files(
        self, location_id: int, client_id: int, *, max_retries: int | None = None
    ) -> Paginator[Attachment]:
        """The client's files (one page: the vendor does not paginate them)."""
        ids = _ids(location_id=location_id, client_id=client_id)
        cursor = (ids["location_id"], ids["client_id"])
        return Paginator(lambda c: self._flows.page(c, max_retries), self._runner.run, cursor)

    def delete_file(
        self, location_id: int, client_id: int, file_id: int, *, max_retries: int | None = None
    ) -> None:
        """Deletes one file (the vendor answers 202 Accepted)."""
        ids = _ids(location_id=location_id, client_id=client_id, file_id=file_id)
        self._runner.run(self._flows.delete(ids, max_retries))

    def _content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        return self._flows.content(attachment, max_retries)


class AsyncAltegioClient(AsyncClientBase):
    """Altegio client files with `async`/`await`; the same methods as `AltegioClient`."""

    def __init__(
        self,
        *,
        partner_token: str,
        user_token: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        web_base_url: str | None = None,
        rate_limits: RateLimits = DEFAULT_RATE_LIMITS,
        _login: tuple[str, str] | None = None,
        **options: Unpack[AsyncClientOptions],
    ) -> None:
        base_url = check_base_url(base_url, "altegio")
        if user_token is None and _login is None:
            raise TypeError("pass user_token=, or use AsyncAltegioClient.from_login()")
        login, password = _login or (None, None)
        pacer = _pacer(rate_limits)
        auth = AltegioAuth(
            base_url,
            partner_token=partner_token,
            user_token=user_token,
            login=login,
            password=password,
            pacer=pacer,
            async_sleep=options.get("sleep") or anyio.sleep,
        )
        super().__init__(
            vendor=ALTEGIO,
            base_url=base_url,
            auth=auth,
            options=options,
            headers=_HEADERS,
            pacer=pacer,
        )
        self._flows = _AltegioFlows(self._http, _web_base(web_base_url))

    @classmethod
    def from_login(
        cls,
        partner_token: str,
        login: str,
        password: str,
        *,
        base_url: str = DEFAULT_BASE_URL,
        web_base_url: str | None = None,
        rate_limits: RateLimits = DEFAULT_RATE_LIMITS,
        **options: Unpack[AsyncClientOptions],
    ) -> AsyncAltegioClient:
        """Gets the user token from `POST /v1/auth` on first use."""
        return cls(
            partner_token=partner_token,
            base_url=base_url,
            web_base_url=web_base_url,
            rate_limits=rate_limits,
            _login=(login, password),
            **options,
        )

    def list_files(
        self, location_id: int, client_id: int, *, max_retries: int | None = None
    ) -> AsyncPaginator[Attachment]:
        """As `AltegioClient.list_files`; iterate with `async for`."""
        ids = _ids(location_id=location_id, client_id=client_id)
        cursor = (ids["location_id"], ids["client_id"])
        return AsyncPaginator(lambda c: self._flows.page(c, max_retries), self._runner.run, cursor)

    async def delete_file(
        self, location_id: int, client_id: int, file_id: int, *, max_retries: int | None = None
    ) -> None:
        """Deletes one file (the vendor answers 202 Accepted)."""
        ids = _ids(location_id=location_id, client_id=client_id, file_id=file_id)
        await self._runner.run(self._flows.delete(ids, max_retries))

    def _content(self, attachment: Attachment, max_retries: int | None) -> ContentSource:
        return self._flows.content(attachment, max_retries)
