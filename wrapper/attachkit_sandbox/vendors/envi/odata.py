"""The subset of OData `$filter` and `$orderby` that Envi documents for FileAttachments.

$filter: comparisons `field eq|gt|ge|lt|le literal`, `field in (literal, ...)` and
`contains(field, 'text')`, joined by `and` or by `or` (never both), each naming a different
field. $orderby: one field with optional `asc`/`desc`. Anything else is an ODataError,
which the API turns into a 400.

Literals: 'text' (a `'` inside doubled), numbers (`1024`, `1.5`), GUIDs, dates
(`2025-03-01`, midnight UTC) and date-times (`2025-03-01T09:00:00Z`), all unquoted but text.

x-attachkit-assumption: eq, in and contains compare text case-sensitively, as the OData
standard defines them; the vendor does not say how its own server compares.
x-attachkit-assumption: gt, ge, lt and le on a text or GUID property are a 400 (the docs
say they support "decimal, integer, and dates values").
"""

from __future__ import annotations

import enum
import operator
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

Record = Mapping[str, object]
Predicate = Callable[[Record], bool]
Value = str | Decimal | datetime


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
      | (?P<datetime>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))
      | (?P<date>\d{4}-\d{2}-\d{2})(?![\w:-])
      | (?P<number>-?\d+(?:\.\d+)?)(?![\w.-])
      | (?P<name>[A-Za-z_]\w*)
      | (?P<punct>[(),])
    )""",
    re.VERBOSE,
)

Comparison = Callable[[Any, Any], Any]
COMPARISONS: Mapping[str, Comparison] = {
    "eq": operator.eq,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}
_ORDERED = (FieldType.INTEGER, FieldType.DATETIME)


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


def parse_filter(
    text: str, fields: Mapping[str, FieldType], operators: Collection[str] | None = None
) -> Predicate:
    """Compile `text` into a predicate over records whose keys are `fields`; with
    `operators`, any other operator (eq, gt, ge, lt, le, in, contains, and, or) is an error."""
    return _FilterParser(_tokenize(text), fields, text, operators).parse()


def _instant(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _record_value(value: object, field_type: FieldType) -> Value | None:
    """A record's field as the type it compares as; None (null) matches nothing."""
    if value is None:
        return None
    if field_type is FieldType.INTEGER:
        return Decimal(str(value))
    if field_type is FieldType.DATETIME:
        return _instant(str(value))
    if field_type is FieldType.GUID:
        return str(value).lower()
    return str(value)


class _FilterParser:
    def __init__(
        self,
        tokens: list[_Token],
        fields: Mapping[str, FieldType],
        text: str,
        operators: Collection[str] | None,
    ) -> None:
        self.tokens = tokens
        self.fields = fields
        self.text = text
        self.operators = operators
        self.position = 0
        self.named: set[str] = set()

    def _allow(self, operator: str) -> None:
        if self.operators is not None and operator not in self.operators:
            raise ODataError(f"The operator '{operator}' is not supported on this list.")

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
            self._allow(token.text)
            operator = token.text
            terms.append(self._term())
        if operator == "or":
            return lambda record: any(term(record) for term in terms)
        return lambda record: all(term(record) for term in terms)

    def _peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _next(self) -> _Token:
        token = self._peek()
        if token is None:
            raise ODataError(f"Syntax error: unexpected end of '{self.text}'.")
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
        if token.text in self.named:
            # The vendor: "You'll receive the 400 Bad Request response if you specify the
            # same fields."
            raise ODataError(f"The property '{token.text}' is used more than once in $filter.")
        self.named.add(token.text)
        return token.text, field_type

    def _term(self) -> Predicate:
        first = self._peek()
        if first is not None and first.kind == "name" and first.text == "contains":
            self.position += 1
            self._allow("contains")
            return self._contains()
        name, field_type = self._field()
        operator = self._next()
        self._allow(operator.text)
        if operator.text == "in":
            return self._in(name, field_type)
        compare = COMPARISONS.get(operator.text)
        if compare is None:
            raise ODataError(f"The operator '{operator.text}' is not supported.")
        if operator.text != "eq" and field_type not in _ORDERED:
            raise ODataError(
                f"The operator '{operator.text}' needs a number or date property, not '{name}'."
            )
        literal = self._literal(name, field_type, self._next())
        return _comparison(name, field_type, compare, literal)

    def _contains(self) -> Predicate:
        self._expect("(")
        name, field_type = self._field()
        self._expect(",")
        literal = self._next()
        self._expect(")")
        if field_type is not FieldType.STRING or literal.kind != "string":
            raise ODataError(f"contains() needs a text property and a text, at '{name}'.")
        needle = _unquote(literal.text)

        def contains(record: Record) -> bool:
            value = record[name]
            return isinstance(value, str) and needle in value

        return contains

    def _in(self, name: str, field_type: FieldType) -> Predicate:
        self._expect("(")
        values = [self._literal(name, field_type, self._next())]
        while (token := self._next()).text == ",":
            values.append(self._literal(name, field_type, self._next()))
        if token.text != ")":
            raise ODataError(f"Syntax error: expected ',' or ')' but found '{token.text}'.")

        def member(record: Record) -> bool:
            value = _record_value(record[name], field_type)
            return value is not None and value in values

        return member

    def _literal(self, name: str, field_type: FieldType, token: _Token) -> Value:
        """`token` as a value of the field's type, or an ODataError that says what fits."""
        if field_type is FieldType.INTEGER and token.kind == "number":
            return Decimal(token.text)
        if field_type is FieldType.DATETIME and token.kind in ("date", "datetime"):
            try:
                if token.kind == "date":
                    day = date.fromisoformat(token.text)
                    return datetime(day.year, day.month, day.day, tzinfo=UTC)
                return _instant(token.text)
            except ValueError:
                raise ODataError(f"'{token.text}' is not a valid date for '{name}'.") from None
        if field_type is FieldType.GUID and token.kind in ("guid", "string"):
            return (_unquote(token.text) if token.kind == "string" else token.text).lower()
        if field_type is FieldType.STRING and token.kind == "string":
            return _unquote(token.text)
        kinds = {
            FieldType.INTEGER: "a number",
            FieldType.DATETIME: "a date or date-time",
            FieldType.GUID: "a GUID",
            FieldType.STRING: "a quoted text",
        }
        raise ODataError(f"'{name}' is compared with {kinds[field_type]}, not '{token.text}'.")


def _comparison(name: str, field_type: FieldType, compare: Comparison, literal: Value) -> Predicate:
    def predicate(record: Record) -> bool:
        value = _record_value(record[name], field_type)
        return value is not None and bool(compare(value, literal))

    return predicate


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
