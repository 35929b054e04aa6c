"""The subset of OData `$filter` and `$orderby` that Envi documents.

$filter: `field eq 'text'`, `field eq 123`, `contains(field,'text')`, joined by `and` or by
`or` (never both). $orderby: one field with optional `asc`/`desc`. Anything else is an
ODataError, which the API turns into a 400.

`eq` and `contains` are case-sensitive, as the OData standard defines them; the vendor does
not say how its own server compares, so this is an assumption.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

Record = Mapping[str, object]
Predicate = Callable[[Record], bool]


class FieldType(enum.Enum):
    STRING = "string"
    INTEGER = "integer"
    GUID = "guid"
    DATETIME = "datetime"


class ODataError(ValueError):
    """An invalid query option; the message is meant for the client."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<string>'(?:[^']|'')*')
      | (?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})
      | (?P<number>-?\d+)(?![\w-])
      | (?P<name>[A-Za-z_]\w*)
      | (?P<punct>[(),])
    )""",
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.lastgroup is None:
            raise ODataError(f"Syntax error at position {position} in '{text}'.")
        tokens.append(_Token(match.lastgroup, match.group(match.lastgroup)))
        position = match.end()
    return tokens


def parse_filter(text: str, fields: Mapping[str, FieldType]) -> Predicate:
    """Compile `text` into a predicate over records whose keys are `fields`."""
    return _FilterParser(_tokenize(text), fields, text).parse()


class _FilterParser:
    def __init__(self, tokens: list[_Token], fields: Mapping[str, FieldType], text: str) -> None:
        self.tokens = tokens
        self.fields = fields
        self.text = text
        self.position = 0

    def parse(self) -> Predicate:
        if not self.tokens:
            raise ODataError("The $filter expression is empty.")
        terms = [self._term()]
        operator: str | None = None
        while self.position < len(self.tokens):
            token = self._next()
            if token.kind != "name" or token.text not in ("and", "or"):
                raise ODataError(f"Syntax error: unexpected '{token.text}' in '{self.text}'.")
            if operator is not None and token.text != operator:
                raise ODataError("Combining 'and' with 'or' in one $filter is not supported.")
            operator = token.text
            terms.append(self._term())
        if operator == "or":
            return lambda record: any(term(record) for term in terms)
        return lambda record: all(term(record) for term in terms)

    def _next(self) -> _Token:
        if self.position >= len(self.tokens):
            raise ODataError(f"Syntax error: unexpected end of '{self.text}'.")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def _expect(self, text: str) -> None:
        token = self._next()
        if token.text != text:
            raise ODataError(f"Syntax error: expected '{text}' but found '{token.text}'.")

    def _field(self) -> tuple[str, FieldType]:
        token = self._next()
        if token.kind != "name":
            raise ODataError(f"Syntax error: expected a property name, found '{token.text}'.")
        field_type = self.fields.get(token.text)
        if field_type is None:
            raise ODataError(f"Could not find a property named '{token.text}'.")
        return token.text, field_type

    def _term(self) -> Predicate:
        first = self.tokens[self.position] if self.position < len(self.tokens) else None
        if first is not None and first.kind == "name" and first.text == "contains":
            self.position += 1
            self._expect("(")
            name, field_type = self._field()
            self._expect(",")
            literal = self._next()
            self._expect(")")
            if field_type is FieldType.INTEGER or literal.kind != "string":
                raise ODataError(f"contains() needs a string property and a string, at '{name}'.")
            needle = _unquote(literal.text)
            return lambda record: needle in str(record[name])
        name, field_type = self._field()
        operator = self._next()
        if operator.text != "eq":
            raise ODataError(f"The operator '{operator.text}' is not supported; use 'eq'.")
        return self._equals(name, field_type, self._next())

    def _equals(self, name: str, field_type: FieldType, literal: _Token) -> Predicate:
        if field_type is FieldType.INTEGER:
            if literal.kind != "number":
                raise ODataError(f"'{name}' is a number; compare it with a number literal.")
            number = int(literal.text)
            return lambda record: record[name] == number
        if field_type is FieldType.GUID and literal.kind in ("guid", "string"):
            guid = _unquote(literal.text).lower() if literal.kind == "string" else literal.text
            return lambda record: str(record[name]).lower() == guid.lower()
        if literal.kind != "string":
            raise ODataError(f"'{name}' is a string; compare it with a quoted literal.")
        value = _unquote(literal.text)
        return lambda record: record[name] == value


def _unquote(literal: str) -> str:
    return literal[1:-1].replace("''", "'")


@dataclass(frozen=True)
class OrderBy:
    field: str
    descending: bool


def parse_orderby(text: str, fields: Mapping[str, FieldType]) -> OrderBy:
    if "," in text:
        raise ODataError("Only one property is supported in $orderby.")
    parts = text.split()
    if not parts or len(parts) > 2:
        raise ODataError(f"Syntax error in $orderby '{text}'.")
    if parts[0] not in fields:
        raise ODataError(f"Could not find a property named '{parts[0]}'.")
    direction = parts[1] if len(parts) == 2 else "asc"
    if direction not in ("asc", "desc"):
        raise ODataError(f"Syntax error in $orderby '{text}': expected 'asc' or 'desc'.")
    return OrderBy(parts[0], direction == "desc")


def apply_orderby(
    records: Sequence[Record], order: OrderBy, fields: Mapping[str, FieldType]
) -> list[Record]:
    """Sort stably (also when descending), so ties keep the default order."""
    field_type = fields[order.field]

    def key(record: Record) -> str | int | datetime:
        value = record[order.field]
        if field_type is FieldType.DATETIME:
            # Offsets differ between records, so compare instants, not strings.
            return datetime.fromisoformat(str(value))
        if field_type is FieldType.INTEGER:
            return int(str(value))
        return str(value)

    return sorted(records, key=key, reverse=order.descending)
