"""Envi's OAuth2 token endpoint, bearer-token checks and the per-user call quota."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import parse_qs

import httpx2
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from attachkit_sandbox.config import SandboxConfig
from attachkit_sandbox.httputil import opaque_token
from attachkit_sandbox.vendors.envi.data import ENVI_ORGANIZATION_NO, ENVI_OTHER_ORGANIZATION_NO
from attachkit_sandbox.vendors.envi.settings import EnviSettings

# The public client id the vendor documents; it is the same for every customer.
ENVI_CLIENT_ID = "099153c2625149bc8ecb3e85e03f0022"
# Public sandbox credentials: they unlock nothing outside this server.
ENVI_USERNAME = "demo@sandbox.example"
ENVI_PASSWORD = "sandbox-password"  # noqa: S105
# Same password; these users exercise the documented locked-account and 403 paths.
ENVI_LOCKED_USERNAME = "locked@sandbox.example"
ENVI_NO_ACCESS_USERNAME = "noaccess@sandbox.example"

_USERS = {ENVI_USERNAME, ENVI_LOCKED_USERNAME, ENVI_NO_ACCESS_USERNAME}
_ORGANIZATIONS = {ENVI_ORGANIZATION_NO, ENVI_OTHER_ORGANIZATION_NO}

# Token errors as (error, error_description). The vendor lists the cases by a label with an
# explanation ("400 (invalid cred.) | Provided password or login is incorrect or was
# mistyped.") and shows the body only as {"error": "string", "error_description": "string"}.
# x-attachkit-assumption: error is an OAuth-style code for the label and error_description the
# docs' explanation; a wrong login is "invalid_credentials", never invalid_grant, which the
# docs keep for an invalid grant type.
INVALID_CLIENT = ("invalid_client", "Provided client ID is invalid.")
INVALID_GRANT = ("invalid_grant", "Grant Type is invalid.")
INVALID_CREDENTIALS = (
    "invalid_credentials",
    "Provided password or login is incorrect or was mistyped.",
)
LOCKED = (
    "locked",
    "This account has been locked. Check your email or contact your administrator to unlock it.",
)
# x-attachkit-assumption: a used or expired refresh token is invalid_grant (undocumented).
INVALID_REFRESH_TOKEN = ("invalid_grant", "The refresh token is invalid or has expired.")

# The docs name the periods a quota is counted in: "per second, minute, hour, or week".
_PERIOD_NAMES = {1.0: "Second", 60.0: "Minute", 3600.0: "Hour", 604800.0: "Week"}


def quota_message(quota: tuple[int, float] | None) -> str:
    """The vendor's 429 text for a quota of (requests, period seconds); without a quota, the
    docs' own example, "... Maximum admitted 1000 per Hour."."""
    limit, period = quota if quota is not None else (1000, 3600.0)
    # A period the docs do not name is said in seconds (our wording).
    name = _PERIOD_NAMES.get(float(period), f"{period:g} Seconds")
    return f"API calls quota exceeded! Maximum admitted {limit} per {name}."


@dataclass(frozen=True)
class EnviSession:
    """Who an access token belongs to."""

    username: str
    organization_no: str
    expires_at: float

    @property
    def has_file_access(self) -> bool:
        return self.username != ENVI_NO_ACCESS_USERNAME


@dataclass(frozen=True)
class _RefreshGrant:
    username: str
    organization_no: str
    expires_at: float | None


@dataclass
class _QuotaWindow:
    started: float
    count: int


def envi_error(status: int, code: str, message: str, **extra: object) -> JSONResponse:
    """The `{"error": {"code", "message"}}` body used for every non-token Envi error.

    x-attachkit-assumption: 401, 403, 404 and 500 bodies have this OData error shape (the
    vendor documents it only for UnsupportedApiVersion).
    """
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"error": {"code": code, "message": message, **extra}}, status, headers)


def _oauth_error(error: tuple[str, str]) -> JSONResponse:
    code, description = error
    return JSONResponse(
        {"error": code, "error_description": description},
        400,
        headers={"Cache-Control": "no-store", "Pragma": "no-cache"},
    )


class EnviAuth:
    """Issued tokens and quota counters; `reset()` forgets them all."""

    def __init__(self, config: SandboxConfig, settings: EnviSettings) -> None:
        self.config = config
        self.settings = settings
        self.reset()

    def reset(self) -> None:
        self._issued = 0
        self._sessions: dict[str, EnviSession] = {}
        self._refresh: dict[str, _RefreshGrant] = {}
        self._quota: dict[str, _QuotaWindow] = {}

    async def token_endpoint(self, request: Request) -> Response:
        form = {
            k: v[0] for k, v in parse_qs((await request.body()).decode(errors="replace")).items()
        }
        if form.get("grant_type") not in ("password", "refresh_token"):
            return _oauth_error(INVALID_GRANT)
        if form.get("client_id") != ENVI_CLIENT_ID:
            return _oauth_error(INVALID_CLIENT)
        grant_type = form["grant_type"]
        if grant_type == "refresh_token":
            return self._refresh_grant(form.get("refresh_token", ""))
        return self._password_grant(form)

    def _password_grant(self, form: dict[str, str]) -> Response:
        username, password = form.get("username", ""), form.get("password", "")
        if username not in _USERS or password != ENVI_PASSWORD:
            return _oauth_error(INVALID_CREDENTIALS)
        if username == ENVI_LOCKED_USERNAME:
            return _oauth_error(LOCKED)
        organization_no = form.get("organizationNo") or ENVI_ORGANIZATION_NO
        if organization_no not in _ORGANIZATIONS:
            # x-attachkit-assumption: an organization the user does not belong to is refused
            # as "invalid_organization" (the docs list no such case).
            return _oauth_error(
                (
                    "invalid_organization",
                    f"The user has no access to the organization '{organization_no}'.",
                )
            )
        return self._issue(username, organization_no)

    def _refresh_grant(self, refresh_token: str) -> Response:
        # Rotation: a refresh token works once.
        grant = self._refresh.pop(refresh_token, None)
        now = self.config.clock()
        if grant is None or (grant.expires_at is not None and now >= grant.expires_at):
            return _oauth_error(INVALID_REFRESH_TOKEN)
        return self._issue(grant.username, grant.organization_no)

    def _issue(self, username: str, organization_no: str) -> Response:
        self._issued += 1
        now = self.config.clock()
        access, refresh = (
            opaque_token("envi-access", self._issued),
            opaque_token("envi-refresh", self._issued),
        )
        lifetime = self.settings.token_lifetime
        self._sessions[access] = EnviSession(username, organization_no, now + lifetime)
        refresh_lifetime = self.settings.refresh_lifetime
        self._refresh[refresh] = _RefreshGrant(
            username, organization_no, None if refresh_lifetime is None else now + refresh_lifetime
        )
        body = {
            "access_token": access,
            "token_type": "bearer",
            "expires_in": lifetime,
            "refresh_token": refresh,
        }
        return JSONResponse(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})

    def authenticate(self, request: Request) -> EnviSession | Response:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        session = self._sessions.get(token.strip()) if scheme.lower() == "bearer" else None
        if session is None:
            return envi_error(
                401, "Unauthorized", "Authorization has been denied for this request."
            )
        if self.config.clock() >= session.expires_at:
            return envi_error(401, "Unauthorized", "The access token has expired.")
        return session

    def check_quota(self, session: EnviSession) -> Response | None:
        """Count one call; a 429 once the user's calls in the current period exceed the quota."""
        if self.settings.quota is None:
            return None
        limit, period = self.settings.quota
        now = self.config.clock()
        window = self._quota.get(session.username)
        if window is None or now >= window.started + period:
            window = self._quota[session.username] = _QuotaWindow(now, 0)
        if window.count >= limit:
            retry_after = max(1, math.ceil(window.started + period - now))
            # x-attachkit-assumption: the quota text is the body, as text/plain.
            return PlainTextResponse(
                quota_message(self.settings.quota),
                429,
                headers={"Retry-After": str(retry_after)},
            )
        window.count += 1
        return None


def envi_password_grant(client: httpx2.Client, **fields: str) -> httpx2.Response:
    """POSTs the sandbox user's password grant (for tests that drive the sandbox
    in-process); keyword arguments override form fields."""
    form = {
        "grant_type": "password",
        "client_id": ENVI_CLIENT_ID,
        "username": ENVI_USERNAME,
        "password": ENVI_PASSWORD,
        **fields,
    }
    return client.post("/envi/oauth2/token", data=form)


def envi_auth_headers(client: httpx2.Client, **fields: str) -> dict[str, str]:
    """Logs in and returns the headers every /odata call needs."""
    response = envi_password_grant(client, **fields)
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}", "api-version": "1.0"}
