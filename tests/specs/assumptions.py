"""The specs' `x-attachkit-assumption` markers, and the README tables made from them.

A marker says what a spec, the sandbox or the facade assumes where the vendor is silent.
Its value is one line of text, or a list of such lines: each non-empty, with no line
break and no leading or trailing whitespace. It may stand on these nodes only:

- info: `/info`
- operation: an Operation Object, `/paths/<path>/<method>`
- response: a Response Object, under an operation's `responses` or `/components/responses`
- parameter: a Parameter Object (in a path item, an operation or `/components/parameters`),
  or a Header Object (OpenAPI describes a header as a parameter)
- schema: a Schema Object in `/components/schemas`, the `schema` of a parameter, header or
  media type, or one reached from another schema through `items`, `prefixItems`, `allOf`,
  `anyOf`, `oneOf`, `not` or `additionalProperties`
- property: a Schema Object under a schema's `properties`

A Reference Object (`$ref`) in a response or parameter position is not a place: OpenAPI
ignores what stands beside such a `$ref`, so the marker goes on the component it names.

`x-attachkit-not-covered` lists, in the same one-line format and on `/info` only, each
endpoint the vendor documents that the spec leaves out, as "<endpoint>: <why>".

`python -m tests.specs.assumptions` prints every marker; with `--write` it rewrites the
README's generated assumption tables (the blocks between the BEGIN/END comments).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

ROOT = Path(__file__).resolve().parents[2]
SPECS_DIR = ROOT / "specs"
README = ROOT / "README.md"

MARKER = "x-attachkit-assumption"
NOT_COVERED = "x-attachkit-not-covered"
KINDS = ("info", "operation", "response", "parameter", "schema", "property")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SUBSCHEMA_LISTS = ("prefixItems", "allOf", "anyOf", "oneOf")
_SUBSCHEMAS = ("items", "not", "additionalProperties")

Pointer = tuple[str, ...]


def vendors() -> list[str]:
    """Every spec in specs/, by vendor name."""
    return sorted(path.stem for path in SPECS_DIR.glob("*.yaml"))


def load(vendor: str) -> dict[str, Any]:
    with (SPECS_DIR / f"{vendor}.yaml").open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def json_pointer(parts: Pointer) -> str:
    """RFC 6901: `~` is written `~0` and `/` is written `~1`."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def line_problems(value: object) -> list[str]:
    """What is wrong with a marker value; empty when it is one line or a list of lines."""
    if isinstance(value, str):
        return _one_line_problems(value)
    if isinstance(value, list):
        if not value:
            return ["an empty list"]
        problems = [
            f"item {index}: {problem}"
            for index, item in enumerate(value)
            for problem in (
                _one_line_problems(item) if isinstance(item, str) else [_not_text(item)]
            )
        ]
        if len(set(map(str, value))) != len(value):
            problems.append("the same line twice")
        return problems
    return [_not_text(value)]


def _not_text(value: object) -> str:
    return f"a {type(value).__name__}, not a line of text"


def _one_line_problems(text: str) -> list[str]:
    if not text.strip():
        return ["empty"]
    problems = []
    # splitlines knows every line boundary (\r, \v, \f, \x85, \u2028, ...), not only \n.
    if text.splitlines() != [text]:
        problems.append("more than one line")
    if text != text.strip():
        problems.append("leading or trailing whitespace")
    return problems


def marker_lines(value: object) -> tuple[str, ...]:
    """A valid marker's lines (one for a string)."""
    if isinstance(value, str):
        return (value,)
    assert isinstance(value, list)
    return tuple(str(item) for item in value)


@attrs.frozen
class Place:
    """A node a marker may stand on: its kind and a name a reader recognises."""

    kind: str
    label: str


def places(spec: Mapping[str, Any]) -> dict[Pointer, Place]:
    """Every node of `spec` where a marker may stand."""
    found: dict[Pointer, Place] = {}
    if isinstance(spec.get("info"), dict):
        found[("info",)] = Place("info", "info")
    for path, item in _items(spec.get("paths")):
        at: Pointer = ("paths", path)
        _parameters(found, item.get("parameters"), (*at, "parameters"), f"`{path}`")
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            op_at = (*at, method)
            name = str(operation.get("operationId") or f"{method.upper()} {path}")
            found[op_at] = Place("operation", f"operation `{name}`")
            _parameters(found, operation.get("parameters"), (*op_at, "parameters"), f"`{name}`")
            body = operation.get("requestBody")
            if isinstance(body, dict):
                _content(found, body, (*op_at, "requestBody"), f"request body of `{name}`")
            for status, response in _items(operation.get("responses")):
                _response(found, response, (*op_at, "responses", status), f"{status} of `{name}`")
    components = spec.get("components")
    components = components if isinstance(components, dict) else {}
    for name, response in _items(components.get("responses")):
        _response(found, response, ("components", "responses", name), f"`{name}`")
    for name, parameter in _items(components.get("parameters")):
        _parameter(found, parameter, ("components", "parameters", name), f"`{name}`")
    for name, header in _items(components.get("headers")):
        _parameter(found, header, ("components", "headers", name), f"header `{name}`")
    for name, schema in _items(components.get("schemas")):
        _schema(found, schema, ("components", "schemas", name), "schema", name, "")
    return found


def _items(node: object) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict):
                yield str(key), value


def _parameters(found: dict[Pointer, Place], node: object, at: Pointer, owner: str) -> None:
    if isinstance(node, list):
        for index, parameter in enumerate(node):
            if isinstance(parameter, dict):
                name = parameter.get("name", index)
                _parameter(found, parameter, (*at, str(index)), f"`{name}` of {owner}")


def _parameter(found: dict[Pointer, Place], node: dict[str, Any], at: Pointer, label: str) -> None:
    if "$ref" in node:
        return
    found[at] = Place("parameter", f"parameter {label}")
    if isinstance(node.get("schema"), dict):
        _schema(found, node["schema"], (*at, "schema"), "schema", "", f"parameter {label}")
    _content(found, node, at, f"parameter {label}")


def _response(found: dict[Pointer, Place], node: dict[str, Any], at: Pointer, label: str) -> None:
    if "$ref" in node:
        return
    found[at] = Place("response", f"response {label}")
    for name, header in _items(node.get("headers")):
        _parameter(found, header, (*at, "headers", name), f"header `{name}` of response {label}")
    _content(found, node, at, f"response {label}")


def _content(found: dict[Pointer, Place], node: dict[str, Any], at: Pointer, label: str) -> None:
    for media_type, media in _items(node.get("content")):
        if isinstance(media.get("schema"), dict):
            where = (*at, "content", media_type, "schema")
            _schema(found, media["schema"], where, "schema", "", f"{media_type} of {label}")


def _schema(
    found: dict[Pointer, Place],
    node: dict[str, Any],
    at: Pointer,
    kind: str,
    name: str,
    owner: str,
) -> None:
    """A schema and the schemas inside it; `name` is dotted from the component, empty for
    a schema written inline, and `owner` names what holds an inline one."""
    label = f"{kind} `{name}`" if name else kind
    found[at] = Place(kind, f"{label} of {owner}" if owner else label)

    def inner(child: dict[str, Any], where: Pointer, child_kind: str, child_name: str) -> None:
        dotted = f"{name}.{child_name}" if name else child_name
        _schema(found, child, where, child_kind, dotted, owner)

    for prop, child in _items(node.get("properties")):
        inner(child, (*at, "properties", prop), "property", prop)
    for key in _SUBSCHEMAS:
        if isinstance(node.get(key), dict):
            inner(node[key], (*at, key), "schema", key)
    for key in _SUBSCHEMA_LISTS:
        members = node.get(key)
        if isinstance(members, list):
            for index, member in enumerate(members):
                if isinstance(member, dict):
                    inner(member, (*at, key, str(index)), "schema", f"{key}[{index}]")


def nodes_holding(node: object, key: str, at: Pointer = ()) -> Iterator[tuple[Pointer, object]]:
    """Every mapping anywhere in `node` that has `key`, wherever it stands."""
    if isinstance(node, dict):
        if key in node:
            yield at, node[key]
        for child_key, child in node.items():
            yield from nodes_holding(child, key, (*at, str(child_key)))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from nodes_holding(child, key, (*at, str(index)))


@attrs.frozen
class Marker:
    vendor: str
    pointer: str
    place: Place | None  # None: the marker stands where markers may not
    value: object

    @property
    def problems(self) -> list[str]:
        return line_problems(self.value)


def markers(vendor: str, spec: Mapping[str, Any] | None = None) -> list[Marker]:
    """Every marker of a spec, in document order."""
    spec = load(vendor) if spec is None else spec
    allowed = places(spec)
    return [
        Marker(vendor, json_pointer(at), allowed.get(at), value)
        for at, value in nodes_holding(spec, MARKER)
    ]


def not_covered(spec: Mapping[str, Any]) -> list[tuple[str, object]]:
    """(pointer, value) of every `x-attachkit-not-covered`, wherever it stands."""
    return [(json_pointer(at), value) for at, value in nodes_holding(spec, NOT_COVERED)]


# The README's generated blocks.


def _begin(vendor: str) -> str:
    return f"<!-- BEGIN assumptions {vendor}: made by python -m tests.specs.assumptions --write -->"


def _end(vendor: str) -> str:
    return f"<!-- END assumptions {vendor} -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def assumptions_block(vendor: str) -> str:
    """The README's table of a spec's markers: one row a line, in document order."""
    rows = [
        f"| {_cell(m.place.label if m.place else '?')} | `{m.pointer}` | {_cell(line)} |"
        for m in markers(vendor)
        for line in marker_lines(m.value)
    ]
    if not rows:
        body = [
            f"`specs/{vendor}.yaml` holds no `{MARKER}` marker yet; "
            "its description says what it assumes."
        ]
    else:
        body = [
            f"| where | JSON pointer in `specs/{vendor}.yaml` | assumed |",
            "| --- | --- | --- |",
            *rows,
        ]
    return "\n".join([_begin(vendor), *body, _end(vendor)])


def _block_pattern(vendor: str) -> re.Pattern[str]:
    return re.compile(re.escape(_begin(vendor)) + r".*?" + re.escape(_end(vendor)), re.DOTALL)


def readme_block(readme: str, vendor: str) -> str | None:
    match = _block_pattern(vendor).search(readme)
    return None if match is None else match.group(0)


def rewrite(readme: str) -> str:
    """The README with every vendor's block regenerated (each must already be there)."""
    for vendor in vendors():
        if readme_block(readme, vendor) is None:
            raise SystemExit(
                f"README.md has no block for {vendor}: put these two lines under its heading "
                f"in 'Vendor coverage', then run this again:\n{_begin(vendor)}\n{_end(vendor)}"
            )
        match = _block_pattern(vendor).search(readme)
        assert match is not None
        readme = readme[: match.start()] + assumptions_block(vendor) + readme[match.end() :]
    return readme


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.specs.assumptions")
    parser.add_argument("--write", action="store_true", help="rewrite README.md's tables")
    args = parser.parse_args(argv)
    if args.write:
        README.write_text(rewrite(README.read_text(encoding="utf-8")), encoding="utf-8")
        return
    for vendor in vendors():
        for marker in markers(vendor):
            where = marker.place.kind if marker.place else "NOT ALLOWED HERE"
            for line in marker_lines(marker.value) if not marker.problems else [repr(marker.value)]:
                print(f"{vendor}\t{marker.pointer}\t{where}\t{line}")


if __name__ == "__main__":
    main()
