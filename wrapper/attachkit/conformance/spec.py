"""A vendor's spec as the library ships it: its operations, found by method and path, and
its `x-attachkit-assumption` markers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import cached_property
from importlib import resources
from typing import Any

import attrs

from .schema import SchemaWalker

__all__ = ["ASSUMPTION_KEY", "Assumption", "BundledSpec", "Operation", "pointer"]

ASSUMPTION_KEY = "x-attachkit-assumption"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def pointer(*parts: str) -> str:
    """A JSON pointer from its parts (`/` and `~` escaped)."""
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


@attrs.frozen
class Operation:
    method: str
    template: str
    pointer: str
    node: Mapping[str, Any]
    path_item: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def operation_id(self) -> str | None:
        value = self.node.get("operationId")
        return value if isinstance(value, str) else None


@attrs.frozen
class Assumption:
    """One marker: where it stands (a JSON pointer into the spec) and what it assumes."""

    pointer: str
    text: str


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}/?$")


class BundledSpec:
    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.walker = SchemaWalker(document)
        self._operations = [
            (
                _template_pattern(template),
                Operation(method.upper(), template, pointer("paths", template, method), node, item),
            )
            for template, item in document.get("paths", {}).items()
            for method, node in item.items()
            if method in _METHODS
        ]

    @classmethod
    def of_package(cls, package: str) -> BundledSpec:
        """The spec bundled with a generated client package (`openapi.json`)."""
        text = resources.files(package).joinpath("openapi.json").read_text(encoding="utf-8")
        return cls(json.loads(text))

    def operation(self, method: str, path: str) -> Operation | None:
        """The operation for a request path relative to the vendor's base URL."""
        for pattern, operation in self._operations:
            if operation.method == method.upper() and pattern.match(path):
                return operation
        return None

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        return self.walker.resolve(node)

    def by_id(self, operation_id: str) -> Operation:
        """The operation with that `operationId` (KeyError when the spec has none)."""
        for _pattern, operation in self._operations:
            if operation.operation_id == operation_id:
                return operation
        raise KeyError(f"no operation {operation_id!r} in the spec")

    def parameters(self, operation: Operation) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(location, node) of each parameter of the operation, its path's included; a node
        may be a `$ref`."""
        item_pointer = operation.pointer.rsplit("/", 1)[0]
        for where, node in (
            (item_pointer, operation.path_item),
            (operation.pointer, operation.node),
        ):
            for index, parameter in enumerate(node.get("parameters", ())):
                if isinstance(parameter, Mapping):
                    yield f"{where}/parameters/{index}", parameter

    def parameter_pointers(self, operation_id: str, name: str) -> frozenset[str]:
        """Where the parameter `name` of an operation stands: in the operation, and behind
        its `$ref` if it has one (KeyError when the operation has no such parameter)."""
        for at, node in self.parameters(self.by_id(operation_id)):
            parameter, target = self.walker.resolve_at(node, at)
            if parameter.get("name") == name:
                return frozenset({at, target})
        raise KeyError(f"{operation_id} has no parameter {name!r}")

    @cached_property
    def assumptions(self) -> tuple[Assumption, ...]:
        return tuple(_markers(self.document, ""))


def _markers(node: object, where: str) -> Iterator[Assumption]:
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == ASSUMPTION_KEY:
                texts = value if isinstance(value, list) else [value]
                yield from (Assumption(where or "/", str(text)) for text in texts)
            else:
                yield from _markers(value, f"{where}{pointer(str(key))}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _markers(item, f"{where}/{index}")
