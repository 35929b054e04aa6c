"""Every committed cassette is clean: placeholder hosts, no credentials, no personal data.

The scrubbers in tests/support/scrub.py clean what is recorded; this scan checks the
result by structure (headers, parsed form and JSON bodies) and by the sandbox's own secret
values, so a scrubber that misses something fails here. The checker is also run on a
deliberately dirty cassette, so a checker that stopped looking would fail too.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml

from attachkit_sandbox.vendors.altegio import ALTEGIO_PARTNER_TOKEN, ALTEGIO_VIEWER_TOKEN
from attachkit_sandbox.vendors.amili import mint_amili_token
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD
from tests.specs.spec_examples import load_spec
from tests.support.leaks import Leaks, strings_in
from tests.support.scrub import REDACTED
from tests.support.targets import PLACEHOLDERS
from tests.support.vendors import SANDBOX_PLUGINS, specs

TESTS = Path(__file__).resolve().parent
CASSETTES = sorted(TESTS.glob("**/cassettes/**/*.yaml"))

SECRET_FIELDS = frozenset({"access_token", "refresh_token", "user_token", "token", "password"})
SECRET_VALUES = {
    f"{plugin.name} secret #{number}": secret
    for plugin in SANDBOX_PLUGINS
    for number, secret in enumerate(plugin.secrets(), start=1)
}
"""Every secret a sandbox vendor accepts or issues, named by its vendor and place."""
# Each as it is, URL- or JSON-encoded, base64-encoded or in pieces (tests/support/leaks.py).
_SECRET_FINDER = Leaks(list(SECRET_VALUES.values()))
ALLOWED_ORIGINS = frozenset(PLACEHOLDERS.values())
# A cassette may name an origin of its own under the reserved placeholder domain (the
# https base of the next-link cassettes).
PLACEHOLDER_DOMAIN = ".attachkit.test"
JWT = re.compile(r"eyJ[\w-]*\.eyJ[\w-]*")


def _vendor_domains() -> set[str]:
    """The domains (last two labels) of every server URL the specs name, in their `servers`
    or in what those say (a legacy host)."""
    found = set()
    for vendor in specs():
        for server in load_spec(vendor).get("servers") or []:
            text = f"{server.get('url', '')} {server.get('description', '')}"
            for host in re.findall(r"https?://([\w.-]+)", text):
                found.add(".".join(host.split(".")[-2:]))
    return found


# Where the sandbox or a vendor really lives: none of it may survive scrubbing.
REAL_HOSTS = re.compile(
    "|".join(
        [r"127\.0\.0\.1", "localhost", r"\[::1\]", *map(re.escape, sorted(_vendor_domains()))]
    ),
    re.IGNORECASE,
)
AUTHORIZATION_PART = re.compile(rf"[A-Za-z]+ {re.escape(REDACTED)}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# 7 to 15 digits (E.164), optionally grouped, not part of a longer word (hex ids, tokens).
PHONE = re.compile(r"(?<![\w+])\+?\d(?:[\s().-]?\d){6,14}(?!\w)")


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _headers(message: Mapping[str, Any]) -> dict[str, list[str]]:
    """Header name (lower case) -> values; vcrpy stores a list per header."""
    found: dict[str, list[str]] = {}
    for name, values in (message.get("headers") or {}).items():
        listed = values if isinstance(values, list) else [values]
        found.setdefault(name.lower(), []).extend(_text(v) for v in listed)
    return found


def _body(message: Mapping[str, Any]) -> str:
    body = message.get("body")
    if isinstance(body, dict):
        body = body.get("string")
    return "" if body is None else _text(body)


def _fields(body: str, content_type: str) -> Iterator[tuple[str | None, object]]:
    """(field name, value) of every scalar of a form or JSON body; (None, body) otherwise.

    Only a value directly under a key carries its name: `{"password": ["... is required."]}`
    (a validation message) is not a password, as the scrubber also reads it."""
    if "x-www-form-urlencoded" in content_type:
        yield from parse_qsl(body, keep_blank_values=True)
        return
    try:
        data = json.loads(body) if body.strip()[:1] in ("{", "[") else None
    except ValueError:
        data = None
    if data is None:
        yield None, body
        return
    stack: list[tuple[str | None, object]] = [(None, data)]
    while stack:
        name, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.items())
        elif isinstance(value, list):
            stack.extend((None, item) for item in value)
        else:
            yield name, value


def _message_problems(where: str, message: Mapping[str, Any]) -> Iterator[str]:
    headers = _headers(message)
    for authorization in headers.get("authorization", []):
        parts = [part.strip() for part in authorization.split(",")]
        if not all(AUTHORIZATION_PART.fullmatch(part) for part in parts):
            yield f"authorization: {where} sends credentials: {authorization!r}"
    for cookie in ("cookie", "set-cookie"):
        if cookie in headers:
            yield f"cookie: {where} has a {cookie} header"
    content_type = ";".join(headers.get("content-type", []))
    for name, value in _fields(_body(message), content_type):
        if name in SECRET_FIELDS and value not in (REDACTED, None):
            yield f"secret-field: {where} body field {name!r} is {value!r}"


def _request_body_problems(where: str, request: Mapping[str, Any]) -> Iterator[str]:
    content_type = ";".join(_headers(request).get("content-type", []))
    for name, value in _fields(_body(request), content_type):
        if not isinstance(value, str):
            continue  # numbers in JSON bodies are ids and amounts
        for kind, pattern in (("an e-mail address", EMAIL), ("a phone number", PHONE)):
            match = pattern.search(value)
            if match:
                yield f"personal-data: {where} body field {name!r} holds {kind} {match[0]!r}"


def cassette_problems(cassette: Mapping[str, Any]) -> list[str]:
    """Everything wrong with one loaded cassette ([] when it is clean)."""
    problems: list[str] = []
    for index, interaction in enumerate(cassette.get("interactions") or []):
        request, response = interaction["request"], interaction["response"]
        where = f"interaction {index}"
        parts = urlsplit(request["uri"])
        origin = f"{parts.scheme}://{parts.netloc}"
        own = parts.scheme == "https" and (parts.hostname or "").endswith(PLACEHOLDER_DOMAIN)
        if origin not in ALLOWED_ORIGINS and not own:
            problems.append(f"host: {where} goes to {origin}, not a placeholder host")
        problems += _message_problems(f"{where} request", request)
        problems += _message_problems(f"{where} response", response)
        problems += _request_body_problems(f"{where} request", request)
    names = list(SECRET_VALUES)
    for text in strings_in(cassette):
        problems += [
            f"secret-value: {names[index]} appears in the cassette ({how})"
            for index, how in _SECRET_FINDER.find(text)
        ]
        problems += [f"secret-value: a JWT appears: {m[0][:24]}..." for m in JWT.finditer(text)]
        problems += [f"host: a real host appears: {m[0]!r}" for m in REAL_HOSTS.finditer(text)]
    return problems


def load_cassette(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path} is not a cassette"
    return loaded


def test_there_are_cassettes_to_scan() -> None:
    assert CASSETTES, "no cassettes found under tests/**/cassettes/"


@pytest.mark.parametrize("path", CASSETTES, ids=[str(p.relative_to(TESTS)) for p in CASSETTES])
def test_cassette_is_clean(path: Path) -> None:
    assert cassette_problems(load_cassette(path)) == []


# --- the checker itself ---------------------------------------------------------------------


def _interaction(
    uri: str,
    request_headers: dict[str, list[str]] | None = None,
    request_body: str | None = None,
    response_headers: dict[str, list[str]] | None = None,
    response_body: str | bytes = "",
) -> dict[str, Any]:
    return {
        "request": {
            "method": "POST",
            "uri": uri,
            "headers": request_headers or {},
            "body": request_body,
        },
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": response_headers or {},
            "body": {"string": response_body},
        },
    }


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


FORM = {"Content-Type": ["application/x-www-form-urlencoded"]}
JSON = {"Content-Type": ["application/json"]}
ENVI = PLACEHOLDERS["envi"]
ALTEGIO = PLACEHOLDERS["altegio"]

CLEAN = {
    "interactions": [
        _interaction(
            f"{ENVI}/oauth2/token",
            FORM,
            "grant_type=password&client_id=099153c2625149bc8ecb3e85e03f0022"
            "&username=%3CREDACTED%3E&password=%3CREDACTED%3E&organizationNo=1000",
            JSON,
            '{"access_token":"<REDACTED>","token_type":"bearer","expires_in":59}',
        ),
        _interaction(
            f"{ALTEGIO}/v1/company/456/clients/files/123456",
            {"Authorization": ["Bearer <REDACTED>, User <REDACTED>"]},
            None,
            JSON,
            '{"success":true,"data":[{"id":123,"size":"9 B"}],"meta":{"count":1}}',
        ),
        _interaction(f"{ENVI}/odata/FileAttachments/x/content", response_body=b"%PDF-1.4\xff"),
    ]
}

DIRTY = {
    "interactions": [
        _interaction(
            "http://127.0.0.1:51234/envi/oauth2/token",
            {**FORM, "Cookie": ["session=1"]},
            f"grant_type=password&password={ENVI_PASSWORD}&phone=%2B47+912+34+567",
            {
                **JSON,
                "Set-Cookie": ["session=1"],
                "X-Debug": [_b64(f"user:{ALTEGIO_VIEWER_TOKEN}")],
            },
            '{"access_token":"abc","data":{"user_token":"def"}}',
        ),
        _interaction(
            "https://api.alteg.io/api/v1/auth",
            {**JSON, "Authorization": [f"Bearer {ALTEGIO_PARTNER_TOKEN}"]},
            '{"login":"someone@example.com","password":"<REDACTED>"}',
            JSON,
            json.dumps({"echo": mint_amili_token([2218], lifetime_s=60, now=1_000_000_000)}),
        ),
    ]
}

EXPECTED_IN_DIRTY = [
    "host: interaction 0 goes to http://127.0.0.1:51234",
    "host: interaction 1 goes to https://api.alteg.io",
    "host: a real host appears: '127.0.0.1'",
    "host: a real host appears: 'alteg.io'",
    "cookie: interaction 0 request has a cookie header",
    "cookie: interaction 0 response has a set-cookie header",
    "authorization: interaction 1 request sends credentials",
    "secret-field: interaction 0 request body field 'password'",
    "secret-field: interaction 0 response body field 'access_token'",
    "secret-field: interaction 0 response body field 'user_token'",
    "secret-value: envi secret #1 appears",
    "secret-value: altegio secret #2 appears",
    "secret-value: altegio secret #1 appears",
    "secret-value: a JWT appears",
    "secret-value: altegio secret #5 appears in the cassette (base64-encoded)",
    "personal-data: interaction 0 request body field 'phone' holds a phone number",
    "personal-data: interaction 1 request body field 'login' holds an e-mail address",
]


def test_checker_passes_a_clean_cassette() -> None:
    assert cassette_problems(CLEAN) == []


@pytest.mark.parametrize("expected", EXPECTED_IN_DIRTY)
def test_checker_reports_each_problem_of_a_dirty_cassette(tmp_path: Path, expected: str) -> None:
    path = tmp_path / "dirty.yaml"
    path.write_text(yaml.safe_dump(DIRTY, allow_unicode=True), encoding="utf-8")
    problems = cassette_problems(load_cassette(path))
    assert any(problem.startswith(expected) for problem in problems), problems
