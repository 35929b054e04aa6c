"""Building the vendor client from flags and environment variables.

A flag wins over its environment variable. Secrets are best kept in the environment:
flags are visible to other users of the machine in the process list.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Unpack

from ..altegio import DEFAULT_BASE_URL as ALTEGIO_DEFAULT_URL
from ..altegio import AsyncAltegioClient
from ..amili import AsyncAmiliClient
from ..envi import AsyncEnviClient
from ..export import ExportClient
from ..options import AsyncClientOptions
from .exits import ConfigError

__all__ = ["ENVIRONMENT", "make_client"]

# (vendor, argparse dest) -> environment variable
ENVIRONMENT: Mapping[tuple[str, str], str] = {
    ("envi", "url"): "ATTACHKIT_ENVI_URL",
    ("envi", "username"): "ATTACHKIT_ENVI_USERNAME",
    ("envi", "password"): "ATTACHKIT_ENVI_PASSWORD",
    ("envi", "organization"): "ATTACHKIT_ENVI_ORGANIZATION",
    ("amili", "url"): "ATTACHKIT_AMILI_URL",
    ("amili", "token"): "ATTACHKIT_AMILI_TOKEN",
    ("altegio", "url"): "ATTACHKIT_ALTEGIO_URL",
    ("altegio", "web_url"): "ATTACHKIT_ALTEGIO_WEB_URL",
    ("altegio", "partner_token"): "ATTACHKIT_ALTEGIO_PARTNER_TOKEN",
    ("altegio", "user_token"): "ATTACHKIT_ALTEGIO_USER_TOKEN",
    ("altegio", "login"): "ATTACHKIT_ALTEGIO_LOGIN",
    ("altegio", "password"): "ATTACHKIT_ALTEGIO_PASSWORD",
}


class _Settings:
    def __init__(self, vendor: str, args: argparse.Namespace, environ: Mapping[str, str]):
        self.vendor = vendor
        self.args = args
        self.environ = environ

    def get(self, dest: str) -> str | None:
        value = getattr(self.args, dest, None)
        if value:
            return str(value)
        return self.environ.get(ENVIRONMENT[(self.vendor, dest)]) or None

    def require(self, dest: str) -> str:
        value = self.get(dest)
        if value is None:
            flag = "--" + dest.replace("_", "-")
            variable = ENVIRONMENT[(self.vendor, dest)]
            raise ConfigError(f"{self.vendor}: set {variable} or pass {flag}")
        return value


def make_client(
    vendor: str,
    args: argparse.Namespace,
    environ: Mapping[str, str],
    *,
    needs_downloads: bool,
    **options: Unpack[AsyncClientOptions],
) -> ExportClient:
    settings = _Settings(vendor, args, environ)
    try:
        if vendor == "envi":
            return AsyncEnviClient.from_password(
                settings.require("url"),
                username=settings.require("username"),
                password=settings.require("password"),
                organization_no=settings.get("organization"),
                **options,
            )
        if vendor == "amili":
            return AsyncAmiliClient(
                settings.require("url"), token=settings.require("token"), **options
            )
        return _altegio(settings, needs_downloads, options)
    except ValueError as exc:  # a malformed URL
        raise ConfigError(str(exc)) from None


def _altegio(
    settings: _Settings, needs_downloads: bool, options: AsyncClientOptions
) -> AsyncAltegioClient:
    url = settings.get("url") or ALTEGIO_DEFAULT_URL
    web_url = settings.get("web_url")
    if needs_downloads and web_url is None:
        # The vendor does not document the host its download links live on.
        settings.require("web_url")
    partner_token = settings.require("partner_token")
    user_token = settings.get("user_token")
    if user_token is not None:
        return AsyncAltegioClient(
            partner_token=partner_token,
            user_token=user_token,
            base_url=url,
            web_base_url=web_url,
            **options,
        )
    login, password = settings.get("login"), settings.get("password")
    if login is None or password is None:
        raise ConfigError(
            "altegio: set ATTACHKIT_ALTEGIO_USER_TOKEN (or --user-token), or "
            "ATTACHKIT_ALTEGIO_LOGIN and ATTACHKIT_ALTEGIO_PASSWORD (or --login, --password)"
        )
    return AsyncAltegioClient.from_login(
        partner_token, login, password, base_url=url, web_base_url=web_url, **options
    )
