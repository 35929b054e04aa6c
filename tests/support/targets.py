"""Where cassette tests send requests: the sandbox, a live vendor, or (replay) placeholders.

Replay (the default) uses placeholder hosts only. `--record-mode` other than `none`
starts the sandbox on loopback, unless a vendor's live variables are set:

    ATTACHKIT_LIVE_ENVI_URL, ATTACHKIT_LIVE_ENVI_USERNAME, ATTACHKIT_LIVE_ENVI_PASSWORD
    ATTACHKIT_LIVE_AMILI_URL, ATTACHKIT_LIVE_AMILI_TOKEN
    ATTACHKIT_LIVE_ALTEGIO_URL, ATTACHKIT_LIVE_ALTEGIO_WEB_URL,
    ATTACHKIT_LIVE_ALTEGIO_PARTNER_TOKEN, ATTACHKIT_LIVE_ALTEGIO_LOGIN,
    ATTACHKIT_LIVE_ALTEGIO_PASSWORD, ATTACHKIT_LIVE_ALTEGIO_VIEWER_LOGIN,
    ATTACHKIT_LIVE_ALTEGIO_VIEWER_PASSWORD (a user without `client_files_upload_access`)
"""

from __future__ import annotations

import os

import attrs

from attachkit_sandbox.vendors.altegio import (
    ALTEGIO_LOGIN,
    ALTEGIO_PARTNER_TOKEN,
    ALTEGIO_PASSWORD,
    ALTEGIO_VIEWER_LOGIN,
    ALTEGIO_VIEWER_PASSWORD,
)
from attachkit_sandbox.vendors.amili import AMILI_CLIENT_NO, mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_USERNAME

PLACEHOLDERS = {
    "envi": "http://envi.attachkit.test",
    "amili": "http://amili.attachkit.test",
    "altegio": "http://altegio.attachkit.test",
    "altegio-web": "http://altegio-web.attachkit.test",
}


@attrs.frozen
class Target:
    """One vendor's base URL and credentials for this run."""

    vendor: str
    base_url: str
    credentials: dict[str, str]
    live: bool = False
    # A cassette's own placeholder origin (e.g. an https one), instead of the vendor's.
    placeholder_origin: str | None = None

    @property
    def placeholder(self) -> str:
        return self.placeholder_origin or PLACEHOLDERS[self.vendor]


def _live(vendor: str, names: tuple[str, ...]) -> dict[str, str] | None:
    prefix = f"ATTACHKIT_LIVE_{vendor.upper().replace('-', '_')}_"
    url = os.environ.get(prefix + "URL")
    if not url:
        return None
    values = {"url": url}
    for name in names:
        values[name] = os.environ[prefix + name.upper()]
    return values


def sandbox_credentials(vendor: str) -> dict[str, str]:
    if vendor == "envi":
        return {"username": ENVI_USERNAME, "password": ENVI_PASSWORD}
    if vendor == "amili":
        return {"token": mint_amili_token([AMILI_CLIENT_NO], lifetime_s=24 * 3600)}
    if vendor == "altegio":
        return {
            "partner_token": ALTEGIO_PARTNER_TOKEN,
            "login": ALTEGIO_LOGIN,
            "password": ALTEGIO_PASSWORD,
            "viewer_login": ALTEGIO_VIEWER_LOGIN,
            "viewer_password": ALTEGIO_VIEWER_PASSWORD,
        }
    return {}


SECRET_CREDENTIALS = frozenset({"password", "token", "partner_token", "viewer_password"})
"""The credentials that are secrets (the others are logins): masked wherever they appear."""

LIVE_NAMES = {
    "envi": ("username", "password"),
    "amili": ("token",),
    "altegio": ("partner_token", "login", "password", "viewer_login", "viewer_password"),
    "altegio-web": (),
}


def make_targets(recording: bool, sandbox_base: str | None) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    for vendor, placeholder in PLACEHOLDERS.items():
        live = _live(vendor, LIVE_NAMES[vendor]) if recording else None
        if live is not None:
            url = live.pop("url")
            targets[vendor] = Target(vendor, url.rstrip("/"), live, live=True)
        elif recording:
            assert sandbox_base is not None
            targets[vendor] = Target(
                vendor, f"{sandbox_base}/{vendor}", sandbox_credentials(vendor)
            )
        else:
            targets[vendor] = Target(vendor, placeholder, sandbox_credentials(vendor))
    return targets
