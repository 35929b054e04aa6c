"""Altegio clients: list, download, save, upload and delete a client's files, paced to the
limit."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Unpack

import anyio

from .. import errors
from ..attachment import Attachment
from ..options import AsyncClientOptions, ClientOptions
from ..pagination import AsyncPaginator, Paginator
from ..vendorkit import AsyncClientBase, ClientSetup, Pacer, SyncClientBase, arguments
from .auth import AltegioAuth
from .flows import MAX_CLIENTS_PAGE, AltegioFlows, ClientRef, ClientsPage, upload_body
from .upload import Uploadable, prepare_upload, upload_failure
from .vendor import ACCEPT, ALTEGIO

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RATE_LIMITS",
    "MAX_CLIENTS_PAGE",
    "AltegioClient",
    "AsyncAltegioClient",
]

DEFAULT_BASE_URL = "https://api.alteg.io/api"
# The vendor allows 5 requests a second and 200 a minute per IP; the small margin keeps
# clock differences between us and the server from tripping the limit.
# x-attachkit-assumption: downloads from the web app count against the same per-IP limit
# (it is documented for the API only), so they are paced with the API calls.
DEFAULT_RATE_LIMITS: tuple[tuple[int, float], ...] = ((5, 1.05), (200, 60.5))
_HEADERS = {"Accept": ACCEPT, "Content-Type": "application/json"}

RateLimits = Sequence[tuple[int, float]] | Pacer | None
"""(count, seconds) limits for a new pacer, a `Pacer` to share between clients that use
the same IP address (the vendor limits per IP), or None for no pacing."""


# --- what the sync and async clients share ----------------------------------------------


def _pacer(rate_limits: RateLimits, clock: object) -> Pacer | None:
    if isinstance(rate_limits, Pacer):
        return rate_limits  # it reads its own clock
    if clock is not None and not callable(clock):
        raise TypeError(f"clock must be a callable returning seconds, got {type(clock).__name__}")
    if not rate_limits:
        return None
    return Pacer(rate_limits) if clock is None else Pacer(rate_limits, clock)


def _setup(
    *,
    partner_token: object,
    user_token: object,
    login: tuple[object, object] | None,
    base_url: object,
    web_base_url: object,
    rate_limits: RateLimits,
    clock: object,
) -> ClientSetup[AltegioFlows]:
    url = arguments.base_url(base_url, "altegio")
    web = None if web_base_url is None else arguments.base_url(web_base_url, "altegio web")
    if user_token is None and login is None:
        raise TypeError("pass user_token=, or use from_login()")
    pacer = _pacer(rate_limits, clock)
    auth = AltegioAuth(
        url,
        partner_token=arguments.text(partner_token, "partner_token"),
        user_token=None if user_token is None else arguments.text(user_token, "user_token"),
        login=None if login is None else arguments.text(login[0], "login"),
        password=None if login is None else arguments.text(login[1], "password"),
    )
    return ClientSetup(
        vendor=ALTEGIO,
        base_url=url,
        auth=auth,
        flows=partial(AltegioFlows, web_base_url=web),
        headers=_HEADERS,
        pacer=pacer,
    )


def _clients(location_id: object, page_size: object) -> ClientsPage:
    location = arguments.integer(location_id, "location_id")
    return ClientsPage(location, 1, arguments.page_size(page_size, maximum=MAX_CLIENTS_PAGE))


def _client(location_id: object, client_id: object) -> ClientRef:
    return ClientRef(
        arguments.integer(location_id, "location_id"), arguments.integer(client_id, "client_id")
    )


# --- the clients: signatures, `await` and return types ---------------------------------


class AltegioClient(SyncClientBase[AltegioFlows]):
    """Altegio client files, synchronously, paced to 5 requests/s and 200/min by default.

    Downloads use a file's `full_link`, or for a file without one `web_base_url` + its
    `link` path; they carry the tokens, so they go only to https hosts under alteg.io or
    yclients.com, or, with `web_base_url` set, only to that origin and path.
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
        setup = _setup(
            partner_token=partner_token, user_token=user_token, login=_login, base_url=base_url,
            web_base_url=web_base_url, rate_limits=rate_limits, clock=options.get("clock"),
        )  # fmt: skip
        super().__init__(setup, options)

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
            partner_token=partner_token, base_url=base_url, web_base_url=web_base_url,
            rate_limits=rate_limits, _login=(login, password), **options,
        )  # fmt: skip

    def list_files(
        self, location_id: int, client_id: int, *, max_retries: int | None = None
    ) -> Paginator[Attachment]:
        """The client's files (one page: the vendor does not paginate them)."""
        ref, retries = _client(location_id, client_id), arguments.max_retries(max_retries)
        return Paginator(lambda c: self._flows.page(c, retries), self._runner.run, ref)

    def list_clients(
        self, location_id: int, *, page_size: int = MAX_CLIENTS_PAGE, max_retries: int | None = None
    ) -> Paginator[int]:
        """The ids of every client of the location (the vendor's client search, in the order
        of their ids), fetched page by page as iterated; `page_size` is capped at 200.
        Altegio cannot tell which clients or files changed since a date, nor which clients
        have files."""
        cursor, retries = _clients(location_id, page_size), arguments.max_retries(max_retries)
        return Paginator(lambda c: self._flows.clients(c, retries), self._runner.run, cursor)

    def upload_file(
        self, location_id: int, client_id: int, file: Uploadable, *, name: str | None = None
    ) -> Attachment:
        """Uploads a file to the client's card and returns it as the vendor now lists it.

        `file` is a path (str or os.PathLike), bytes, or a seekable binary file object (sent
        from its current position); it is streamed, never read whole. `name` is the name to
        store it under (default: the path's or the file object's own name). Checked before
        anything is sent, as Altegio's own MCP server checks (TypeError, ValueError, OSError):
        a nonempty file smaller than 12 MiB, a name of 1-255 characters that is no path and
        has no control characters (nor a `"`), ending in jpeg, jpg, png, gif, doc, docx,
        pdf, xls, xlsx or txt. The answer lists all the client's files; the new one is the
        row with the highest id under that name (UnexpectedResponseError if there is none).

        Never retried: a connection or server error says whether the file may have been
        stored."""
        ref = _client(location_id, client_id)
        body = upload_body(prepare_upload(file, name))
        try:
            return self._runner.run(self._flows.upload(ref, body))
        except (errors.APIConnectionError, errors.ServerError) as exc:
            raise upload_failure(exc, body.sent) from exc

    def delete_file(
        self, location_id: int, client_id: int, file_id: int, *, max_retries: int | None = None
    ) -> None:
        """Deletes one file (the vendor answers 202 Accepted)."""
        ref, file = _client(location_id, client_id), arguments.integer(file_id, "file_id")
        retries = arguments.max_retries(max_retries)
        self._runner.run(self._flows.delete(ref.location_id, ref.client_id, file, retries))


class AsyncAltegioClient(AsyncClientBase[AltegioFlows]):
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
        setup = _setup(
            partner_token=partner_token, user_token=user_token, login=_login, base_url=base_url,
            web_base_url=web_base_url, rate_limits=rate_limits, clock=options.get("clock"),
        )  # fmt: skip
        super().__init__(setup, options)

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
            partner_token=partner_token, base_url=base_url, web_base_url=web_base_url,
            rate_limits=rate_limits, _login=(login, password), **options,
        )  # fmt: skip

    def list_files(
        self, location_id: int, client_id: int, *, max_retries: int | None = None
    ) -> AsyncPaginator[Attachment]:
        """As `AltegioClient.list_files`; iterate with `async for`."""
        ref, retries = _client(location_id, client_id), arguments.max_retries(max_retries)
        return AsyncPaginator(lambda c: self._flows.page(c, retries), self._runner.run, ref)

    def list_clients(
        self, location_id: int, *, page_size: int = MAX_CLIENTS_PAGE, max_retries: int | None = None
    ) -> AsyncPaginator[int]:
        """As `AltegioClient.list_clients`; iterate with `async for`."""
        cursor, retries = _clients(location_id, page_size), arguments.max_retries(max_retries)
        return AsyncPaginator(lambda c: self._flows.clients(c, retries), self._runner.run, cursor)

    async def upload_file(
        self, location_id: int, client_id: int, file: Uploadable, *, name: str | None = None
    ) -> Attachment:
        """As `AltegioClient.upload_file`; the file is checked and read in worker threads, so
        the event loop never waits on the disk."""
        ref = _client(location_id, client_id)
        upload = await anyio.to_thread.run_sync(prepare_upload, file, name)
        body = upload_body(upload)
        try:
            return await self._runner.run(self._flows.upload(ref, body))
        except (errors.APIConnectionError, errors.ServerError) as exc:
            raise upload_failure(exc, body.sent) from exc

    async def delete_file(
        self, location_id: int, client_id: int, file_id: int, *, max_retries: int | None = None
    ) -> None:
        """Deletes one file (the vendor answers 202 Accepted)."""
        ref, file = _client(location_id, client_id), arguments.integer(file_id, "file_id")
        retries = arguments.max_retries(max_retries)
        await self._runner.run(self._flows.delete(ref.location_id, ref.client_id, file, retries))
