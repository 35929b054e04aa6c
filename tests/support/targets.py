"""Where cassette tests send requests: the sandbox, a live vendor, or (replay) placeholders.

There is one target per base URL a vendor's sandbox plug-in serves (its prefixes: a vendor
with a web application has two). Replay (the default) uses placeholder hosts only,
`http://<target>.attachkit.test`. `--record-mode` other than `none` starts the sandbox on
loopback, unless a target's live variables are set: `ATTACHKIT_LIVE_<TARGET>_URL` and one
`ATTACHKIT_LIVE_<TARGET>_<NAME>` per credential its plug-in names (README.md lists them).
"""

from __future__ import annotations

import os
import time

import attrs

from tests.support.vendors import SANDBOX_PLUGINS

PLACEHOLDERS = {
    name: f"http://{name}.attachkit.test" for plugin in SANDBOX_PLUGINS for name in plugin.prefixes
}
"""Each target's placeholder origin in the cassettes."""
PREFIXES = {name: prefix for plugin in SANDBOX_PLUGINS for name, prefix in plugin.prefixes.items()}
OWNERS = {name: plugin for plugin in SANDBOX_PLUGINS for name in plugin.prefixes}
"""The plug-in, and so the vendor, each target belongs to."""
UNSPECIFIED = frozenset(
    PLACEHOLDERS[name] for plugin in SANDBOX_PLUGINS for name in plugin.unspecified
)
"""Placeholder origins of targets no spec describes (a vendor's web application)."""
SECRET_CREDENTIALS = frozenset(
    name
    for plugin in SANDBOX_PLUGINS
    for name, credential in plugin.credentials(0).items()
    if credential.secret
)
"""The credentials that are secrets (the others are logins): masked wherever they appear."""


@attrs.frozen
class Target:
    """One base URL of a vendor and the credentials for it in this run."""

    vendor: str
    base_url: str
    credentials: dict[str, str]
    live: bool = False
    # A cassette's own placeholder origin (e.g. an https one), instead of the vendor's.
    placeholder_origin: str | None = None

    @property
    def placeholder(self) -> str:
        return self.placeholder_origin or PLACEHOLDERS[self.vendor]


def _live(name: str, names: tuple[str, ...]) -> dict[str, str] | None:
    prefix = f"ATTACHKIT_LIVE_{name.upper().replace('-', '_')}_"
    url = os.environ.get(prefix + "URL")
    if not url:
        return None
    values = {"url": url}
    for credential in names:
        values[credential] = os.environ[prefix + credential.upper()]
    return values


def sandbox_credentials(name: str) -> dict[str, str]:
    """The sandbox's demo credentials for target `name` (its vendor's own target only)."""
    plugin = OWNERS[name]
    if name != plugin.name:
        return {}
    return {key: credential.value for key, credential in plugin.credentials(time.time()).items()}


def make_targets(recording: bool, sandbox_base: str | None) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    for name, placeholder in PLACEHOLDERS.items():
        own = OWNERS[name].name == name
        live_names = tuple(OWNERS[name].credentials(0)) if own else ()
        live = _live(name, live_names) if recording else None
        if live is not None:
            url = live.pop("url")
            targets[name] = Target(name, url.rstrip("/"), live, live=True)
        elif recording:
            assert sandbox_base is not None
            targets[name] = Target(name, sandbox_base + PREFIXES[name], sandbox_credentials(name))
        else:
            targets[name] = Target(name, placeholder, sandbox_credentials(name))
    return targets
