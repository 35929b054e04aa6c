"""What `check --record` writes: a cassette vcrpy replays as it was recorded, whatever text it
holds, with every secret masked by value (in bodies, headers and URIs) and by name, and text
bodies read in their own charset."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import httpx2
import pytest
import vcr  # type: ignore[import-untyped]
import yaml

from attachkit.conformance.cassette import write_cassette
from attachkit.conformance.exchanges import Exchange
from attachkit.conformance.scrub import REDACTED
from tests.support.leaks import leaks

pytestmark = pytest.mark.block_network

TOKEN = "tok-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
PASSWORD = "pass-W0rd-Z9y8x7"
HOSTILE = [
    "\U0001f4c4 scan \U0001f600.pdf",  # beyond U+FFFF
    "lone \ud800 surrogate \udfff.pdf",
    "bell \x07 tab \t escape \x1b nul \x00 del \x7f c1 \x85.pdf",
    "line\u2028separator\u2029paragraph\ufeffbom.pdf",
    "\u202eevil\u202c fdp.exe",
    "quote ' double \" backslash \\ colon: # hash - dash.pdf",
]


def _exchange(
    url: str,
    body: bytes,
    content_type: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    request_body: bytes = b"",
    request_type: str = "",
) -> Exchange:
    request_headers = {"Content-Type": request_type} if request_type else {}
    request = httpx2.Request(method, url, headers=request_headers, content=request_body)
    response_headers = httpx2.Headers(
        {"content-type": content_type, "content-length": str(len(body)), **(headers or {})}
    )
    return Exchange(request, 200, response_headers, bytearray(body), complete=True)


def _replay(path: Path, url: str, method: str = "GET") -> httpx2.Response:
    with vcr.use_cassette(str(path), record_mode="none"), httpx2.Client() as client:
        return client.request(method, url, content=b"")


def _names_body(*extra: object) -> bytes:
    # Lone surrogates can only travel as JSON escapes: ensure_ascii writes them so.
    return json.dumps({"value": [{"fileName": name} for name in HOSTILE], "extra": extra}).encode()


def test_hostile_text_is_written_as_vcrpy_reads_it_back(tmp_path: Path) -> None:
    text = "NUL \x00 bell \x07 \u2028 \U0001f600 \u00e9 end\n".encode()
    binary = b"\x89PNG\r\n\x1a\n\x00\xff\xfe" + bytes(range(256))
    exchanges = [
        _exchange("https://api.example/odata/files", _names_body(), "application/json"),
        _exchange("https://api.example/notes.txt", text, "text/plain; charset=utf-8"),
        _exchange("https://api.example/scan.png", binary, "image/png"),
    ]
    path = write_cassette(tmp_path / "x-check.yaml", "x", exchanges)
    path.read_text(encoding="ascii")  # plain ASCII: the same in any locale
    base = "http://x.attachkit.test"
    names = _replay(path, f"{base}/odata/files").json()["value"]
    assert [item["fileName"] for item in names] == HOSTILE
    assert _replay(path, f"{base}/notes.txt").content == text
    assert _replay(path, f"{base}/scan.png").content == binary


def test_json_rewritten_to_mask_a_secret_keeps_every_other_string(tmp_path: Path) -> None:
    body = _names_body(f"debug: token {TOKEN}")
    exchange = _exchange("https://api.example/odata/files", body, "application/json")
    path = write_cassette(tmp_path / "x-check.yaml", "x", [exchange], [TOKEN])
    replayed = _replay(path, "http://x.attachkit.test/odata/files").json()
    assert [item["fileName"] for item in replayed["value"]] == HOSTILE
    assert replayed["extra"] == [f"debug: token {REDACTED}"]


def test_a_latin1_answer_is_read_and_written_in_its_charset(tmp_path: Path) -> None:
    text = f"Mot de passe refus\u00e9 : {PASSWORD} \u00bb fin"
    latin1 = _exchange(
        "https://api.example/err", text.encode("latin-1"), "text/plain; charset=ISO-8859-1"
    )
    mislabelled = _exchange(
        "https://api.example/bad", b"caf\xe9 " + PASSWORD.encode(), "text/plain; charset=utf-8"
    )
    path = write_cassette(tmp_path / "x-check.yaml", "x", [latin1, mislabelled], [PASSWORD])
    replayed = _replay(path, "http://x.attachkit.test/err")
    assert replayed.content.decode("latin-1") == text.replace(PASSWORD, REDACTED)
    assert replayed.headers["content-length"] == str(len(replayed.content))
    bad = _replay(path, "http://x.attachkit.test/bad").content.decode("utf-8")
    assert bad == f"caf\ufffd {REDACTED}"


def test_secrets_are_masked_by_value_everywhere_they_are_echoed(tmp_path: Path) -> None:
    token_answer = _exchange(
        "https://api.example/oauth2/token",
        json.dumps({"access_token": TOKEN, "userName": "buyer@example.org"}).encode(),
        "application/json",
        method="POST",
        request_body=f"grant_type=password&username=buyer%40example.org&password={PASSWORD}".encode(),
        request_type="application/x-www-form-urlencoded",
    )
    echoes = _exchange(
        f"https://api.example/list?$top=2&access_token={TOKEN}&sig={TOKEN[:14]}",
        json.dumps(
            {
                "debugInfo": f"login buyer@example.org password {PASSWORD}",
                "@odata.nextLink": f"https://api.example/list?$skip=2&access_token={TOKEN}",
                TOKEN: "a key that is a secret",
                "error": f"The token in 'Bearer {TOKEN[:6]}\u2026' may not read file",
            }
        ).encode(),
        "application/json",
        headers={
            "X-Debug": f"{PASSWORD} {base64.b64encode(TOKEN.encode()).decode()}",
            "X-Basic": "Basic " + base64.b64encode(f"buyer:{PASSWORD}".encode()).decode(),
        },
    )
    path = write_cassette(tmp_path / "x-check.yaml", "x", [token_answer, echoes])
    text = path.read_text(encoding="ascii")
    strings = json.dumps(yaml.safe_load(text))
    for secret in (TOKEN, PASSWORD, "buyer@example.org"):
        assert leaks(text, secret) == [], secret
        assert leaks(strings, secret) == [], secret
    interactions = yaml.safe_load(text)["interactions"]
    body = json.loads(interactions[0]["response"]["body"]["string"])
    assert body == {"access_token": REDACTED, "userName": REDACTED}
    replayed = _replay(
        path, f"http://x.attachkit.test/list?$top=2&access_token={REDACTED}&sig={REDACTED}"
    )
    assert replayed.json()["error"] == f"The token in 'Bearer {REDACTED}\u2026' may not read file"
    # A link stays a valid URL: its placeholder is URL-encoded.
    assert replayed.json()["@odata.nextLink"].endswith("access_token=%3CREDACTED%3E")


def test_a_body_cut_short_loses_the_start_of_a_secret_at_its_end(tmp_path: Path) -> None:
    # The check stops reading a download after its first bytes; the cut fell in a token.
    body = f"Mot de passe: {PASSWORD}\ntoken: {TOKEN[:5]}".encode()
    exchange = _exchange("https://api.example/a.txt", body, "text/plain")
    exchange.complete = False
    path = write_cassette(tmp_path / "x-check.yaml", "x", [exchange], [PASSWORD, TOKEN])
    replayed = _replay(path, "http://x.attachkit.test/a.txt").text
    assert replayed == f"Mot de passe: {REDACTED}\ntoken: {REDACTED}"


@pytest.mark.parametrize("name", ["userName", "user_name", "USERNAME", "e-mail", "E_Mail", "Phone"])
def test_personal_fields_are_matched_whatever_their_case_underscores_and_dashes(
    tmp_path: Path, name: str
) -> None:
    answer = _exchange(
        "https://api.example/me",
        json.dumps({name: "someone", "id": 7}).encode(),
        "application/json",
    )
    path = write_cassette(tmp_path / "x-check.yaml", "x", [answer])
    assert _replay(path, "http://x.attachkit.test/me").json() == {name: REDACTED, "id": 7}


def test_a_vendors_own_personal_fields_are_redacted_when_it_names_them(tmp_path: Path) -> None:
    body = json.dumps({"createdByName": "Dana Buyer", "fileName": "a.pdf"}).encode()
    answer = _exchange("https://api.example/files", body, "application/json")
    named = write_cassette(tmp_path / "named.yaml", "x", [answer], (), ["createdByName"])
    replayed = _replay(named, "http://x.attachkit.test/files").json()
    assert replayed == {"createdByName": REDACTED, "fileName": "a.pdf"}
    unnamed = write_cassette(tmp_path / "unnamed.yaml", "x", [answer])
    assert _replay(unnamed, "http://x.attachkit.test/files").json()["createdByName"] == "Dana Buyer"
