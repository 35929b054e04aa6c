"""The vendors' own texts that the specs quote, and the check that holds the specs to them.

`sources/<vendor>/sources.yaml` lists verbatim excerpts of a vendor's material, each with
the repository, path, commit and lines it was taken from. In a spec:
- an example labelled as the vendor's (its summary speaks of the vendor, and it is not
  "not from the vendor") names its source with `x-vendor-source: <id>`, and its value must
  occur in that text: a string as it stands (HTML entities decoded, as the page renders
  them), a JSON value as one of the JSON values in the text;
  An example whose source is not valid JSON as printed may name one edit that repairs it,
  `x-vendor-edit: <name>` (see `EDITS`), and its summary must say so; the text is compared
  after that edit only;
- every other example says it is ours: "not from the vendor" in its summary;
- `x-vendor-quotes: [{source, text}]` next to a description holds the sentences it quotes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import yaml

SOURCES_DIR = Path(__file__).resolve().parent / "sources"
OURS = "not from the vendor"
# Repairs a vendor's printed JSON may need before it parses, by name: each does one thing.
EDITS: Mapping[str, Callable[[str], str]] = {
    # `{"a": 1,}`: the YCLIENTS blueprint's answers end some objects and arrays with a comma.
    "trailing-commas": lambda text: re.sub(r",(\s*[}\]])", r"\1", text),
}


@attrs.frozen
class Source:
    id: str
    file: Path
    repo: str
    path: str
    commit: str
    lines: tuple[int, int]

    @property
    def text(self) -> str:
        return self.file.read_text(encoding="utf-8")


@cache
def sources(vendor: str) -> Mapping[str, Source]:
    folder = SOURCES_DIR / vendor
    with (folder / "sources.yaml").open(encoding="utf-8") as handle:
        index: dict[str, dict[str, Any]] = yaml.safe_load(handle)
    return {
        source_id: Source(
            id=source_id,
            file=folder / entry["file"],
            repo=entry["repo"],
            path=entry["path"],
            commit=entry["commit"],
            lines=(entry["lines"][0], entry["lines"][1]),
        )
        for source_id, entry in index.items()
    }


def source_text(vendor: str, source_id: str) -> str:
    return sources(vendor)[source_id].text


def _readings(text: str) -> tuple[str, ...]:
    """The text as stored and as the page renders its entities, whitespace runs as one space."""
    return tuple(re.sub(r"\s+", " ", form) for form in (text, html.unescape(text)))


def occurs(quote: str, text: str) -> bool:
    """`quote` stands in `text`, character for character (line breaks may differ)."""
    wanted = re.sub(r"\s+", " ", quote)
    return any(wanted in reading for reading in _readings(text))


def json_values(text: str) -> Iterator[Any]:
    """Every JSON object or array that starts somewhere in `text`."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"[{\[]", text):
        try:
            yield decoder.raw_decode(text, match.start())[0]
        except ValueError:
            continue


def _examples(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every Example Object under an `examples` map, anywhere in a spec."""
    if isinstance(node, dict):
        for key, child in node.items():
            if key == "examples" and isinstance(child, dict):
                for name, example in child.items():
                    if isinstance(example, dict) and "$ref" not in example:
                        yield f"{where}/examples/{name}", example
            else:
                yield from _examples(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _examples(child, f"{where}/{index}")


def _quote_lists(node: Any, where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, dict):
        for key, child in node.items():
            if key == "x-vendor-quotes":
                yield where, child
            else:
                yield from _quote_lists(child, f"{where}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _quote_lists(child, f"{where}/{index}")


@attrs.frozen
class Claims:
    """What a spec says comes from the vendor, counted, and what does not hold."""

    vendor_examples: int
    quotes: int
    problems: list[str]


def _example_problem(
    where: str, example: dict[str, Any], known: Mapping[str, Source]
) -> tuple[bool, str | None]:
    """(labelled as the vendor's, the problem or None)."""
    summary = str(example.get("summary", ""))
    source_id = example.get("x-vendor-source")
    ours = OURS in summary
    if ours:
        if source_id is not None or example.get("x-type-template"):
            return False, f"{where}: labelled ours but names a vendor source or is a template"
        return False, None
    if "vendor" not in summary.lower() and source_id is None:
        return False, f"{where}: says neither that it is the vendor's nor '{OURS}'"
    if source_id is None:
        return True, f"{where}: labelled as the vendor's but names no x-vendor-source"
    source = known.get(source_id)
    if source is None:
        return True, f"{where}: x-vendor-source {source_id!r} is not in sources.yaml"
    text = source.text
    edit = example.get("x-vendor-edit")
    if edit is not None:
        if edit not in EDITS:
            return True, f"{where}: x-vendor-edit {edit!r} is not a known edit"
        if edit.replace("-", " ") not in summary:
            return True, f"{where}: the summary does not say the vendor's text was edited ({edit})"
        text = EDITS[edit](text)
    value = example.get("value")
    if isinstance(value, str):
        found = occurs(value, text)
    else:
        found = any(candidate == value for candidate in json_values(text))
    if not found:
        return True, f"{where}: the value is not in {source.path} ({source_id})"
    return True, None


def check_claims(
    spec: Mapping[str, Any], known: Mapping[str, Source], *, sourced_only: bool = False
) -> Claims:
    """What `spec` says of the vendor's texts `known`, and what does not hold. With
    `sourced_only`, examples that name no `x-vendor-source` are not judged (a vendor whose
    other examples come from pages no repository keeps)."""
    problems: list[str] = []
    vendor_examples = quotes = 0
    for where, example in _examples(spec, ""):
        if sourced_only and "x-vendor-source" not in example:
            continue
        is_vendor, problem = _example_problem(where, example, known)
        vendor_examples += is_vendor
        if problem is not None:
            problems.append(problem)
    for where, listed in _quote_lists(spec, ""):
        if not isinstance(listed, list) or not listed:
            problems.append(f"{where}: x-vendor-quotes is not a list of quotes")
            continue
        for quote in listed:
            quotes += 1
            source_id = quote.get("source") if isinstance(quote, dict) else None
            source = known.get(source_id) if isinstance(source_id, str) else None
            text = quote.get("text") if isinstance(quote, dict) else None
            if source is None or not isinstance(text, str):
                problems.append(f"{where}: a quote without a known source or a text: {quote!r}")
            elif not occurs(text, source.text):
                problems.append(f"{where}: {text!r} is not in {source.path} ({source.id})")
    return Claims(vendor_examples=vendor_examples, quotes=quotes, problems=problems)
