"""specs/envi.yaml against Envi's own documentation: what it labels as the vendor's is."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.specs.spec_examples import load_spec
from tests.specs.vendor_sources import SOURCES_DIR, Source, check_claims, occurs, sources

SOURCES = sources("envi")
SPEC = load_spec("envi")


@pytest.mark.parametrize("source", SOURCES.values(), ids=SOURCES.keys())
def test_each_source_says_where_it_came_from(source: Source) -> None:
    assert source.repo == "envi/envi.github.io"
    assert re.fullmatch(r"docs/\w+\.md", source.path)
    assert re.fullmatch(r"[0-9a-f]{40}", source.commit)
    first, last = source.lines
    text = source.text
    assert len(text.splitlines()) == last - first + 1


def test_every_source_file_is_listed() -> None:
    listed = {source.file.name for source in SOURCES.values()}
    on_disk = {path.name for path in (SOURCES_DIR / "envi").glob("*.txt")}
    assert listed == on_disk


def test_the_spec_holds_to_the_vendors_texts() -> None:
    claims = check_claims(SPEC, SOURCES)
    assert claims.problems == []
    # Not vacuous: the token, list, metadata, version-error and quota examples are the
    # vendor's, and the descriptions quote the docs.
    assert claims.vendor_examples >= 8
    assert claims.quotes >= 10


def test_the_quota_example_is_the_docs_example() -> None:
    quota = SPEC["components"]["responses"]["QuotaExceeded"]["content"]["text/plain"]
    examples = quota["examples"]
    assert examples["vendorExample"]["value"] == (
        "API calls quota exceeded! Maximum admitted 1000 per Hour."
    )
    template = examples["vendorTemplate"]["value"]
    assert template == (
        "API calls quota exceeded! Maximum admitted <Requests_Amount> per <Period_Of_Time>."
    )
    assert examples["vendorTemplate"]["x-type-template"] is True


def test_html_entities_are_read_as_the_page_renders_them() -> None:
    text = "admitted &lt;Requests_Amount&gt; per\n    &lt;Period&gt;."
    assert occurs("admitted <Requests_Amount> per <Period>.", text)
    assert not occurs("admitted <Requests_Amount> per Period", text)


# --- the check fails on what it must catch --------------------------------------------------

QUOTA_EXAMPLES = ("components", "responses", "QuotaExceeded", "content", "text/plain", "examples")
TOKEN_EXAMPLES = (
    "paths",
    "/oauth2/token",
    "post",
    "responses",
    "200",
    "content",
    "application/json",
    "examples",
)


def _at(spec: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node: Any = spec
    for key in path:
        node = node[key]
    assert isinstance(node, dict)
    return node


def _relabel_period(spec: dict[str, Any]) -> None:
    # The text this spec once labelled the vendor's: the docs never say "per Period".
    example = _at(spec, QUOTA_EXAMPLES)["vendorExample"]
    example["value"] = "API calls quota exceeded! Maximum admitted 1000 per Period"


def _drop_source(spec: dict[str, Any]) -> None:
    del _at(spec, QUOTA_EXAMPLES)["vendorExample"]["x-vendor-source"]


def _unknown_source(spec: dict[str, Any]) -> None:
    _at(spec, QUOTA_EXAMPLES)["vendorExample"]["x-vendor-source"] = "nowhere"


def _invented_token(spec: dict[str, Any]) -> None:
    _at(spec, TOKEN_EXAMPLES)["vendorExample"]["value"]["access_token"] = "eyJhbGciOiJIUzI1NiJ9"


def _unlabelled(spec: dict[str, Any]) -> None:
    _at(spec, TOKEN_EXAMPLES)["extra"] = {"summary": "A token.", "value": {"access_token": "a"}}


def _ours_with_a_source(spec: dict[str, Any]) -> None:
    example = _at(spec, TOKEN_EXAMPLES)["vendorExample"]
    example["summary"] = "Ours (not from the vendor)."


def _misquoted(spec: dict[str, Any]) -> None:
    quotes = spec["components"]["parameters"]["ApiVersionHeader"]["x-vendor-quotes"]
    quotes[1]["text"] = "A deprecated version keeps working for at least 6 months."


BREAKAGES: dict[str, Callable[[dict[str, Any]], None]] = {
    "value-not-in-source": _relabel_period,
    "no-source": _drop_source,
    "unknown-source": _unknown_source,
    "invented-json": _invented_token,
    "unlabelled": _unlabelled,
    "ours-with-source": _ours_with_a_source,
    "misquoted": _misquoted,
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_the_check_catches(breakage: Callable[[dict[str, Any]], None]) -> None:
    spec = copy.deepcopy(SPEC)
    breakage(spec)
    problems = check_claims(spec, SOURCES).problems
    assert len(problems) == 1, problems
