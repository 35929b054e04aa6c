"""Envi's OAuth2 password grant as an `httpx2.Auth` flow.

The token is fetched on first use and refreshed shortly before it expires (Envi's tokens
can live under a minute). A refresh returns a new refresh token, which replaces the old
one. One refresh runs at a time however many requests are waiting, a 401 triggers one
refresh-and-retry, and a failed refresh falls back to the password grant.

A token answer is checked before anything in it is used: tokens must be able to go in a
header (visible ASCII, at most `MAX_TOKEN_LENGTH` characters), and `expires_in` must be a
positive whole number of seconds (zero or less is refused with UnexpectedResponseError: such
a token would be stale before its first use); a lifetime over `MAX_TOKEN_LIFETIME` is taken
as that long (the token is refreshed sooner than needed, and a 401 refreshes it anyway).
Token answers are secret: their bodies are never kept in an error, and the password, the
tokens and the Authorization header are redacted from every error (`known_secrets`).
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, Callable, Generator, Iterable

import httpx2

from attachkit_envi_client.api.auth import request_token
from attachkit_envi_client.models import GrantType, TokenError, TokenRequest, TokenResponse
from attachkit_envi_client.types import Unset

from .. import errors
from .._core.credentials import (
    endpoint_url,
    provided_token,
    provided_token_async,
    sendable_text,
    token_problem,
)
from .._core.redaction import SecretHistory
from .._core.status import vendor_words
from ..logs import vendor_logger
from ..vendorkit import (
    CredentialsAuth,
    CredentialsFlow,
    arguments,
    parse_model,
    status_error,
    unexpected,
)
from .vendor import ACCEPT, ENVI

__all__ = [
    "MAX_TOKEN_LIFETIME",
    "PUBLIC_CLIENT_ID",
    "TOKEN_PATH",
    "EnviPasswordAuth",
    "EnviTokenAuth",
]

_LOG = vendor_logger("envi")

PUBLIC_CLIENT_ID = "099153c2625149bc8ecb3e85e03f0022"
MAX_TOKEN_LIFETIME = 366 * 24 * 3600
"""Seconds of a token's `expires_in` taken at most (a year)."""
TOKEN_PATH: str = request_token._get_kwargs(
    body=TokenRequest(GrantType.PASSWORD, PUBLIC_CLIENT_ID)
)["url"]
"""The token endpoint, under the base URL."""


def _grant_error(response: httpx2.Response, vendor_message: str) -> errors.APIStatusError:
    """Envi answers a refused grant with 400; for the caller that is an auth failure."""
    words = vendor_words(vendor_message)
    return status_error(
        ENVI,
        response,
        vendor_message=words,
        message=f"envi: token request refused: {words}",
        error_class=errors.AuthenticationError,
        secret_answer=True,
    )


def _token_problem(token: TokenResponse) -> str | None:
    """What makes a 200 token response unusable (the generated parser does not check types).
    The problem never quotes a value: they are secrets."""
    problem = token_problem(token.access_token)
    if problem is not None:
        return f"access_token {problem}"
    if isinstance(token.expires_in, bool) or not isinstance(token.expires_in, int):
        return "expires_in is not an integer"
    if token.expires_in <= 0:
        return "expires_in is not a positive number of seconds"
    if not isinstance(token.refresh_token, Unset):
        problem = token_problem(token.refresh_token)
        if problem is not None:
            return f"refresh_token {problem}"
    return None


class EnviTokenAuth(httpx2.Auth):
    """Bearer auth from a fixed token or a callable that returns the current one.

    The callable is asked before every request, so it can refresh on its own schedule; for
    an async client it may be an `async def` (`asynchronous=True`).
    """

    def __init__(self, token: str | Callable[[], object], *, asynchronous: bool = False) -> None:
        self._token = token = arguments.token_source(token, "token", asynchronous=asynchronous)
        self._secrets = SecretHistory() if callable(token) else SecretHistory(token)

    def __repr__(self) -> str:
        return "EnviTokenAuth(token=***)"

    def known_secrets(self) -> Iterable[str]:
        """The token, or the last few the provider returned, for redaction."""
        return self._secrets

    def auth_flow(
        self, request: httpx2.Request
    ) -> Generator[httpx2.Request, httpx2.Response, None]:
        if callable(self._token):
            token = provided_token(self._token, "the token provider's token")
            self._secrets.add(token)
        else:
            token = self._token
        request.headers["Authorization"] = f"Bearer {token}"
        yield request

    async def async_auth_flow(
        self, request: httpx2.Request
    ) -> AsyncGenerator[httpx2.Request, httpx2.Response]:
        if callable(self._token):
            token = await provided_token_async(self._token, "the token provider's token")
            self._secrets.add(token)
        else:
            token = self._token
        request.headers["Authorization"] = f"Bearer {token}"
        yield request


class EnviPasswordAuth(CredentialsAuth):
    """Envi's resource-owner password grant with rotating refresh tokens."""

    def __init__(
        self,
        base_url: str,
        *,
        username: str,
        password: str,
        organization_no: str | None = None,
        client_id: str = PUBLIC_CLIENT_ID,
        clock: Callable[[], float] = time.monotonic,
        refresh_margin: float = 10.0,
    ) -> None:
        username = sendable_text(arguments.text(username, "username"), "username")
        password = sendable_text(arguments.text(password, "password"), "password")
        organization_no = arguments.optional_text(organization_no, "organization_no")
        if organization_no is not None:
            sendable_text(organization_no, "organization_no")
        sendable_text(arguments.text(client_id, "client_id"), "client_id")
        super().__init__(given_secrets=(password,))
        self._token_url = endpoint_url(base_url, TOKEN_PATH)
        self._username = username
        self._password = password
        self._organization_no = organization_no
        self._client_id = client_id
        self._clock = clock
        self._refresh_margin = refresh_margin
        self._access_token: str | None = None
        self._refresh_token: str | None = None
        self._expires_at = 0.0
        self._lifetime = 0
        self.refreshes = 0
        """How many times a refresh grant gave a new token."""

    def __repr__(self) -> str:
        return f"EnviPasswordAuth(username={self._username!r}, password=***)"

    # --- token state -------------------------------------------------------------------

    def expire(self) -> str | None:
        """Makes the next request renew the token, with the refresh token when one is held
        (returned: it is spent by that renewal), else by logging in."""
        self._expires_at = 0.0
        return self._refresh_token

    def refresh_request(self, refresh_token: str) -> httpx2.Request:
        """A refresh grant for `refresh_token` (sent by the caller, outside this auth)."""
        return self._refresh_request(refresh_token)

    def _fresh(self) -> bool:
        return self._access_token is not None and self._clock() < self._expires_at

    def _store(self, token: TokenResponse) -> None:
        """Keeps a checked token (see `_token_problem`)."""
        self._access_token = token.access_token
        self._secrets.add(token.access_token)
        if isinstance(token.refresh_token, str):
            self._refresh_token = token.refresh_token
            self._secrets.add(token.refresh_token)
        lifetime = min(token.expires_in, MAX_TOKEN_LIFETIME)
        self._lifetime = lifetime
        # Refresh early: by the margin, or a tenth of the lifetime for very short tokens.
        margin = min(self._refresh_margin, lifetime / 10)
        self._expires_at = self._clock() + lifetime - margin

    def _token_request(self, body: TokenRequest) -> httpx2.Request:
        kwargs = request_token._get_kwargs(body=body)
        return httpx2.Request(
            kwargs["method"].upper(),
            self._token_url,
            data=kwargs["data"],
            headers={**kwargs["headers"], "Accept": ACCEPT},
        )

    def _password_request(self) -> httpx2.Request:
        body = TokenRequest(
            grant_type=GrantType.PASSWORD,
            client_id=self._client_id,
            username=self._username,
            password=self._password,
        )
        if self._organization_no is not None:
            body.organization_no = self._organization_no
        return self._token_request(body)

    def _refresh_request(self, refresh_token: str) -> httpx2.Request:
        return self._token_request(
            TokenRequest(
                grant_type=GrantType.REFRESH_TOKEN,
                client_id=self._client_id,
                refresh_token=refresh_token,
            )
        )

    def _parse(self, response: httpx2.Response) -> TokenResponse:
        if response.status_code == 200:
            token = parse_model("envi", response, TokenResponse.from_dict, quote=False)
            problem = _token_problem(token)
            if problem is not None:
                raise unexpected("envi", response, problem)
            return token
        if response.status_code == 400:
            try:
                refusal = parse_model("envi", response, TokenError.from_dict, quote=False)
            except errors.UnexpectedResponseError:
                refusal = None
            if refusal is not None and isinstance(refusal.error, str):
                description = refusal.error_description
                message = description if isinstance(description, str) and description else None
                raise _grant_error(response, message or refusal.error)
            # Not the documented token error (an OData error, an HTML page...): a plain 400
            # with whatever message a JSON body holds.
        raise status_error(ENVI, response, secret_answer=True)

    def _credentials_flow(self, rejected: str | None) -> CredentialsFlow:
        """A fresh token: refreshed (rotating the refresh token), else a new login."""
        if self._fresh() and self._access_token != rejected:
            return
        why = "the server refused it" if rejected is not None else "it expires soon"
        refresh_token = self._refresh_token
        if refresh_token is not None:
            self._refresh_token = None  # single use, whatever the outcome
            response = yield self._refresh_request(refresh_token)
            if response.status_code == 200:
                self._store(self._parse(response))
                self.refreshes += 1
                _LOG.info("token refreshed (%s); the new one lasts %d s", why, self._lifetime)
                return
            # A rejected refresh token (revoked, expired, already used): log in again.
            _LOG.info("refresh token refused (HTTP %d): logging in again", response.status_code)
        response = yield self._password_request()
        self._store(self._parse(response))
        _LOG.info("token granted by password login; it lasts %d s", self._lifetime)

    # --- CredentialsAuth ---------------------------------------------------------------

    def _authorize(self, request: httpx2.Request) -> str:
        assert self._access_token is not None
        request.headers["Authorization"] = f"Bearer {self._access_token}"
        return self._access_token
