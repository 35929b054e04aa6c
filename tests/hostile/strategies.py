"""Hypothesis strategies for hostile vendor answers (this module holds no tests).

An answer is a status, headers and a body, and may break off mid-body, or be a connection
that fails before the request goes out. Bodies are the documented answer with one field
changed (a wrong type, null, a huge number, a long or control-character string, a lone
surrogate) or removed, any JSON at all, text and bytes that are not JSON, or an echo of the
request (its Authorization header and form) as a careless vendor sends back. Links a client
follows (a path's `follows`) are changed more often, and into links: to other hosts, other
schemes, with user info, odd ports, paths that climb out, control characters, surrogates,
or too long to be a URL.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx2
from hypothesis import strategies as st

from tests.hostile.paths import JsonPattern, Path, hostile_parts
from tests.hostile.world import Answer, Echo

# --- values -----------------------------------------------------------------------------------

_DEEP = "\x00deep-nesting\x00"
"""Stands for an array nested 5,000 deep (which `json.dumps` itself could not write)."""

HUGE_NUMBERS = st.sampled_from(
    [
        10**309,
        -(10**320),
        2**63,
        -(2**63) - 1,
        2**53 + 1,
        1e308,
        -1e308,
        5e-324,
        -0.0,
        float("inf"),
        float("-inf"),
        float("nan"),
    ]
)
NUMBERS = st.one_of(
    HUGE_NUMBERS,
    st.integers(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)
ODD_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "\x7f",
        "\x1b[31mred\x1b[0m",
        "line\nbreak\r\n",
        "\ud800",
        "a\udfffb",
        "\u202egnp.exe",
        "\ufeffbom",
        "1" + "0" * 309 + " B",
        "1e999 KB",
        "-5 MB",
        "99999999999999999999 TB",
        "9999-12-31T23:59:59+2359",
        "0001-01-01T00:00:00-2359",
        "2026-02-30T25:61:61Z",
        "not-a-uuid",
        "00000000-0000-0000-0000-000000000000",
        "../../etc/passwd",
        "%s%n%x",
        "a" * 70_000,
        "\x00" * 1000,
        "\ud800" * 100,
    ]
)
# Any code point, lone surrogates and control characters included.
STRINGS = st.one_of(
    ODD_STRINGS,
    st.text(st.characters(codec=None, exclude_categories=()), max_size=40),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, STRINGS)
JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
HOSTILE_VALUES = st.one_of(
    SCALARS,
    st.just([]),
    st.just({}),
    st.just(_DEEP),
    JSON,
    st.lists(SCALARS, min_size=1, max_size=3),
)


def dump(document: object) -> bytes:
    """JSON as a vendor might send it: lone surrogates as escapes, Infinity and NaN as
    Python writes them, and the deep-nesting stand-in spelled out."""
    text = json.dumps(document, allow_nan=True)
    return text.replace(json.dumps(_DEEP), "[" * 5000 + "]" * 5000).encode()


# --- documented answers with one field changed ------------------------------------------------

JsonPath = tuple[str | int, ...]


def _paths(node: object, here: JsonPath = ()) -> list[JsonPath]:
    found: list[JsonPath] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((*here, key))
            found += _paths(value, (*here, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.append((*here, index))
            found += _paths(value, (*here, index))
    return found


def _changed(document: Any, path: JsonPath, value: object, remove: bool) -> Any:
    document = json.loads(json.dumps(document))  # a deep copy
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    if remove:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


def _followed(node: object, pattern: JsonPattern, here: JsonPath = ()) -> list[JsonPath]:
    """Where `pattern` (keys, "*" for any list item) points in `node`: the paths whose
    parent exists, the last key present or not (a link a row might have had)."""
    if not pattern:
        return [here]
    step, rest = pattern[0], pattern[1:]
    if step == "*":
        if not isinstance(node, list):
            return []
        return [
            found
            for index, item in enumerate(node)
            for found in _followed(item, rest, (*here, index))
        ]
    if not isinstance(node, dict):
        return []
    if not rest:
        return [(*here, step)]
    return _followed(node[step], rest, (*here, step)) if step in node else []


@st.composite
def mutated(draw: st.DrawFn, document: Any, follows: Sequence[JsonPattern] = ()) -> bytes:
    """`document` with one field (at any depth) replaced by a hostile value, or removed;
    mostly, if the client follows links in it, one of those set to a hostile link (the
    other fields are attacked by the paths that follow no links)."""
    links = [path for pattern in follows for path in _followed(document, pattern)]
    if links and draw(st.integers(0, 3)) > 0:
        path = draw(st.sampled_from(links))
        original = _get(document, path)
        link = draw(hostile_links(original if isinstance(original, str) else "/"))
        return dump(_changed(document, path, link, remove=False))
    paths = _paths(document)
    if not paths:
        return dump(document)
    path = draw(st.sampled_from(paths))
    if draw(st.integers(0, 5)) == 0:
        return dump(_changed(document, path, None, remove=True))
    return dump(_changed(document, path, draw(HOSTILE_VALUES), remove=False))


def _get(document: Any, path: JsonPath) -> object:
    node = document
    for step in path:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
        else:
            return None
    return node


# --- links ------------------------------------------------------------------------------------

# The hosts the clients are configured with and the vendors' own domains (so that some
# links pass and are followed) and their look-alikes, from each vendor's part; and others.
_PARTS = hostile_parts()
LINK_HOSTS = [
    *(host for part in _PARTS for host in part.link_hosts),
    "evil.example", "127.0.0.1", "[::1]", "localhost", "0x7f.1", "169.254.169.254", "[::1",
    "[abc]", "", " ",
]  # fmt: skip
LINK_SCHEMES = ["https", "http", "HTTPS", "ftp", "file", "javascript", "data", "ws", "https:"]
LINK_USERINFO = [
    "", "user@", "user:pass@", *(f"{host}@" for part in _PARTS for host in part.link_hosts[:2]),
    "a%40b@", ":@", "@",
]  # fmt: skip
LINK_PORTS = ["", ":443", ":80", ":8443", ":0", ":65536", ":99999", ":-1", ":", ":https"]
LINK_PATHS = [
    "/", *(path for part in _PARTS for path in part.link_paths), "/app/../client_files/",
    "/app/%2e%2e/x", "/app/..%2fx", "/app%2f..%2fx", "/app/%2E%2E%5Cx", "/./app/",
    "//evil.example/app/", "/app\\..\\x", "/%00", "/%0d%0aX-Injected:%201", "/%ed%a0%80", "/%ff",
    "",
]  # fmt: skip
# Characters put into a real link: controls (C0, C1, DEL, line breaks), surrogates,
# white space, non-ASCII look-alikes, and URL delimiters.
LINK_CHARACTERS = [
    "\x00", "\x01", "\t", "\n", "\r\n", "\x1b", "\x7f", "\x85", "\x9f", " ", "\u00a0",
    "\ud800", "\udfff", "\u00e9", "\u202e", "\uff0f", "\u2215", "\ufeff", "\\", "#", "?", "@",
    "%", "%00", "%ff", "%2f", "%2e%2e", ":", "//", "[", "]",
]  # fmt: skip
LINK_LENGTHS = [2049, 32 * 1024 + 1, 65_536, 70_000]


def _path_and_query(link: str) -> str:
    """What a link asks for on its host (the documented links all split)."""
    parts = urlsplit(link)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@st.composite
def built_links(draw: st.DrawFn, original: str) -> str:
    """A URL put together from odd parts, keeping the original's path and query at times."""
    path = _path_and_query(original)
    scheme = draw(st.sampled_from(LINK_SCHEMES))
    authority = (
        draw(st.sampled_from(LINK_USERINFO))
        + draw(st.sampled_from(LINK_HOSTS))
        + draw(st.sampled_from(LINK_PORTS))
    )
    tail = draw(st.sampled_from([path, *LINK_PATHS]))
    form = draw(st.integers(0, 3))
    if form == 0:
        return f"//{authority}{tail}"  # relative to the scheme
    if form == 1:
        return f"{scheme}:{authority}{tail}"  # no slashes
    return f"{scheme}://{authority}{tail}"  # (twice as often)


@st.composite
def spliced_links(draw: st.DrawFn, original: str) -> str:
    """The original link with odd characters put in anywhere."""
    link = original
    for _ in range(draw(st.integers(1, 2))):
        at = draw(st.integers(0, len(link)))
        link = link[:at] + draw(st.sampled_from(LINK_CHARACTERS)) + link[at:]
    return link


@st.composite
def long_links(draw: st.DrawFn, original: str) -> str:
    length = draw(st.sampled_from(LINK_LENGTHS))
    filler = draw(st.sampled_from(["a", "%41", "/"]))
    padding = filler * (length // len(filler))
    return draw(st.sampled_from([original + "&x=" + padding, "/" + padding, original + padding]))


def hostile_links(original: str) -> st.SearchStrategy[str]:
    """Links a hostile vendor might send where `original` was."""
    path = _path_and_query(original)
    built = built_links(original)
    return st.one_of(
        built,
        built,  # twice as likely: most ways to a wrong host are built
        spliced_links(original),
        long_links(original),
        st.sampled_from([path, path.lstrip("/"), "../" + path.lstrip("/"), original.upper()]),
        STRINGS,
    )


# --- bodies that are not JSON ------------------------------------------------------------------

CHARSETS = [
    "utf-8", "utf-16", "utf-16-le", "utf-32", "latin-1", "cp1252", "shift_jis", "rot13",
    "base64", "hex", "zlib", "bz2", "uu", "quopri", "punycode", "idna", "undefined",
    "unicode_escape", "raw_unicode_escape", "utf-7", "no-such-charset", "", "utf-8\x00",
]  # fmt: skip
TEXTS = [
    "API calls quota exceeded! Maximum admitted 1000 per Hour.",
    "Bad gateway",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "Ошибка сервера: повторите позже",
]


@st.composite
def not_json(draw: st.DrawFn, documented: bytes) -> bytes:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(st.binary(max_size=64))
    if choice == 1:  # the documented body cut short
        return documented[: draw(st.integers(0, max(0, len(documented) - 1)))]
    if choice == 2:
        return b"\xff\xfe" + "Bad gateway".encode("utf-16-le")
    text = draw(st.sampled_from(TEXTS) | st.text(max_size=40))
    codec = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1251"]))
    return text.encode(codec, "replace")


ECHO_TEMPLATES = [
    ("{echo}", False),
    ('{"error": "invalid_grant", "error_description": "{echo}"}', True),
    ('{"error": {"code": "Forbidden", "message": "{echo}"}}', True),
    ('{"success": false, "data": null, "meta": {"message": "{echo}"}}', True),
    ('{"success": false, "data": null, "meta": {"message": "x", "errors": {"a": "{echo}"}}}', True),
    ('{"detail": "{echo}", "title": "Forbidden"}', True),
    ('{"message": "{echo}"}', True),
]


@st.composite
def echo(draw: st.DrawFn) -> Echo:
    template, escaped = draw(st.sampled_from(ECHO_TEMPLATES))
    keep = draw(st.none() | st.integers(0, 400))
    return Echo(template, escaped, keep)


# --- statuses and headers ----------------------------------------------------------------------

ERROR_STATUSES = [400, 401, 402, 403, 404, 408, 409, 422, 429, 500, 502, 503, 504]
ODD_STATUSES = [100, 101, 199, 204, 205, 206, 226, 299, 300, 301, 302, 304, 307, 308, 399, 599]


def statuses(documented: int) -> st.SearchStrategy[int]:
    # Mostly the documented status, so that the body is read as a success too.
    return st.integers(0, 9).flatmap(
        lambda pick: (
            st.just(documented)
            if pick < 6
            else st.sampled_from(ERROR_STATUSES)
            if pick < 8
            else st.sampled_from(ODD_STATUSES) | st.integers(100, 599)
        )
    )


HEADER_VALUES = st.binary(max_size=30).map(
    lambda value: value.replace(b"\r", b"").replace(b"\n", b"")
)
RETRY_AFTER = st.one_of(
    st.sampled_from(
        [
            b"0", b"-1", b"1256", b"1e999", b"nan", b"inf", b"99999999999999999999", b"0.001",
            b"Wed, 21 Oct 2015 07:28:00 GMT", b"Mon, 01 Jan 99999999999999999999 00:00:00 GMT",
            b"Mon, 01 Jan 0001 00:00:00 -2359", b"Fri, 31 Dec 9999 23:59:59 +2359", b"soon",
        ]
    ),
    st.integers(-(10**30), 10**30).map(lambda n: str(n).encode()),
    HEADER_VALUES,
)  # fmt: skip
CONTENT_TYPES = st.one_of(
    st.sampled_from([b"application/json", b"text/html", b"application/octet-stream", b""]),
    st.sampled_from(CHARSETS).map(lambda c: b"text/plain; charset=" + c.encode()),
    st.sampled_from(CHARSETS).map(lambda c: b"application/json; charset=" + c.encode()),
    st.sampled_from(CHARSETS).map(lambda c: b"text/plain; charset*=" + c.encode() + b"''x%ff"),
    HEADER_VALUES.map(lambda value: b"text/plain; charset=" + value),
)
CONTENT_LENGTHS = st.one_of(st.integers(-5, 10**20).map(lambda n: str(n).encode()), HEADER_VALUES)
CONTENT_ENCODINGS = st.sampled_from(
    [b"gzip", b"deflate", b"br", b"zstd", b"identity", b"gzip, gzip", b"x-unknown", b""]
)


@st.composite
def headers(draw: st.DrawFn) -> tuple[tuple[str, bytes], ...]:
    found: list[tuple[str, bytes]] = []
    if draw(st.integers(0, 3)):
        found.append(("content-type", draw(CONTENT_TYPES)))
    if draw(st.integers(0, 3)) == 0:
        found.append(("retry-after", draw(RETRY_AFTER)))
    if draw(st.integers(0, 5)) == 0:
        found.append(("content-length", draw(CONTENT_LENGTHS)))
    if draw(st.integers(0, 7)) == 0:
        found.append(("content-encoding", draw(CONTENT_ENCODINGS)))
    if draw(st.integers(0, 7)) == 0:
        name = draw(st.sampled_from(["www-authenticate", "location", "api-supported-versions"]))
        found.append((name, draw(HEADER_VALUES)))
    return tuple(found)


# --- answers -----------------------------------------------------------------------------------

BREAKS = [httpx2.ReadError, httpx2.RemoteProtocolError, httpx2.ReadTimeout]


REFUSALS = [httpx2.ConnectError, httpx2.ConnectTimeout]


@st.composite
def answers(
    draw: st.DrawFn,
    documented: Answer,
    alternatives: Sequence[Any] = (),
    follows: Sequence[JsonPattern] = (),
) -> Answer:
    """One hostile answer to a request whose documented answer is `documented` (JSON, or
    bytes for downloads); `alternatives` are other documented bodies to start from, and
    `follows` the links in them that the client follows."""
    if draw(st.integers(0, 19)) == 0:
        return Answer.refusal(draw(st.sampled_from(REFUSALS)))
    raw = documented.body
    assert isinstance(raw, bytes)
    try:
        document: Any = json.loads(raw)
    except ValueError:
        document = None
    kind = draw(st.integers(0, 9))
    body: bytes | Echo
    if document is not None and kind <= 4:
        start = draw(st.sampled_from([document, *alternatives]))
        body = draw(mutated(start, follows))
    elif kind == 5:
        body = dump(draw(JSON))
    elif kind == 6:
        body = draw(not_json(raw))
    elif kind == 7:
        body = draw(echo())
    elif document is not None:
        body = dump(draw(st.sampled_from([document, *alternatives])))
    else:
        body = draw(st.binary(max_size=64) | st.just(raw))
    # Hostile headers, or else (half the time) the documented ones.
    header_list = draw(headers())
    if not header_list and draw(st.booleans()):
        header_list = documented.headers
    break_at = None
    error: type[httpx2.HTTPError] = httpx2.ReadError
    if draw(st.integers(0, 7)) == 0:
        size = len(body) if isinstance(body, bytes) else 100
        break_at = draw(st.integers(0, max(size, 0)))
        error = draw(st.sampled_from(BREAKS))
    return Answer(draw(statuses(documented.status)), body, header_list, break_at, error)


@st.composite
def plans(
    draw: st.DrawFn, path: Path, alternatives: Mapping[str, Sequence[Any]]
) -> dict[str, list[Answer]]:
    """The answers of each kind of request: the path's fixed ones first, then one to three
    hostile answers for each kind it attacks (the last one repeats)."""
    plan = {kind: list(fixed) for kind, fixed in path.before.items()}
    for kind in path.attacked:
        drawn = draw(
            st.lists(
                answers(path.documented[kind], alternatives.get(kind, ()), path.follows),
                min_size=1,
                max_size=3,
            )
        )
        plan[kind] = plan.get(kind, []) + drawn
    return plan
