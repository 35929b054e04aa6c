"""Altegio's two-token auth: a partner token plus a user token in one header.

`Authorization: Bearer <partner_token>, User <user_token>`. With a login and password
instead of a user token, the user token is fetched from `POST /v1/auth` on first use (one
login at a time) and fetched again once after a 401. A login counts against the vendor's
rate limit like any call: the client's pacer holds back every request it sends, a flow's
own ones included (see `attachkit._core.runner`).

Tokens, given or issued, must be able to go in a header (visible ASCII, at most
`MAX_TOKEN_LENGTH` characters); a login answer whose user token cannot is refused with
UnexpectedResponseError. Login answers are secret: their bodies are never kept in an error,
and the tokens and password are redacted from every error (`known_secrets`).
"""

from __future__ import annotations

import httpx2

from attachkit_altegio_client.api.auth import authorize_user
from attachkit_altegio_client.models import AuthRequest, AuthResponse

from .. import errors
from .._core.credentials import endpoint_url, sendable_text, token_problem
from ..logs import vendor_logger
from ..vendorkit import (
    CredentialsAuth,
    CredentialsFlow,
    arguments,
    json_body,
    parse_model,
    status_error,
    unexpected,
)
from .vendor import ACCEPT, ALTEGIO, envelope_message

__all__ = ["LOGIN_PATH", "AltegioAuth"]

_LOG = vendor_logger("altegio")

LOGIN_PATH: str = authorize_user._get_kwargs(body=AuthRequest(login="", password=""))["url"]
"""The login endpoint, under the base URL."""


def _refused(response: httpx2.Response, vendor_message: str | None) -> errors.APIStatusError:
    """The error for a login the vendor refused, with its reason (or the status)."""
    reason = vendor_message or f"HTTP {response.status_code}"
    return status_error(
        ALTEGIO,
        response,
        vendor_message=vendor_message,
        message=f"altegio: login refused: {reason}",
        error_class=errors.AuthenticationError,
        secret_answer=True,
    )


class AltegioAuth(CredentialsAuth):
    def __init__(
        self,
        base_url: str,
        *,
        partner_token: str,
        user_token: str | None = None,
        login: str | None = None,
        password: str | None = None,
    ) -> None:
        self._partner_token = arguments.header_token(partner_token, "partner_token")
        if user_token is None:
            self._login = sendable_text(arguments.text(login, "login"), "login")
            self._password = sendable_text(arguments.text(password, "password"), "password")
            self._user_token: str | None = None
        else:
            self._user_token = arguments.header_token(user_token, "user_token")
            self._login = self._password = ""
        given = (self._partner_token, self._user_token or "", self._password)
        super().__init__(given_secrets=given)
        self._auth_url = endpoint_url(base_url, LOGIN_PATH)

    def __repr__(self) -> str:
        return "AltegioAuth(partner_token=***, user_token=***)"

    def _retries_after_401(self) -> bool:
        return bool(self._login)

    def _login_request(self) -> httpx2.Request:
        kwargs = authorize_user._get_kwargs(
            body=AuthRequest(login=self._login, password=self._password)
        )
        return httpx2.Request(
            "POST",
            self._auth_url,
            json=kwargs["json"],
            headers={"Authorization": f"Bearer {self._partner_token}", "Accept": ACCEPT},
        )

    def _credentials_flow(self, rejected: str | None) -> CredentialsFlow:
        """A user token: logs in when there is none, or once after a 401 refused it."""
        if self._user_token is not None and self._user_token != rejected:
            return
        if not self._retries_after_401():
            return
        response = yield self._login_request()
        if response.status_code != 201 and not response.is_success:
            error = status_error(ALTEGIO, response, secret_answer=True)
            if error.status_code != 429 and error.status_code < 500:
                # Not the vendor's trouble but the credentials'.
                raise _refused(response, error.vendor_message)
            raise error
        data = json_body("altegio", response)
        if isinstance(data, dict) and data.get("success") is False:
            # A refusal on a success status, as Altegio's own MCP server mocks one: 200,
            # `data: {}` and the reason in `meta.message` ("Invalid credentials").
            raise _refused(response, envelope_message(data))
        body = parse_model("altegio", response, AuthResponse.from_dict, data, quote=False)
        token = body.data.user_token
        if body.success is not True or not isinstance(token, str) or not token:
            raise unexpected("altegio", response, "login answer has no user_token")
        problem = token_problem(token)
        if problem is not None:
            raise unexpected("altegio", response, f"the login answer's user_token {problem}")
        self._secrets.add(token)
        again = "again after the API refused the user token" if rejected is not None else "in"
        _LOG.info("logged %s with the login and password: user token issued", again)
        self._user_token = token

    def _authorize(self, request: httpx2.Request) -> str | None:
        token = self._user_token
        if token is None:
            request.headers["Authorization"] = f"Bearer {self._partner_token}"
        else:
            request.headers["Authorization"] = f"Bearer {self._partner_token}, User {token}"
        return token
