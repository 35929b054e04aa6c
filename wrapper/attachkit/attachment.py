"""The vendor-neutral record of one attached file."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

__all__ = ["Attachment", "EntityRef", "RawRecord"]


@attrs.frozen(kw_only=True)
class EntityRef:
    """The business record a file is attached to.

    `type` is the vendor's label ("Purchase Order", "client", ...), `id` its identifier and
    `number` the human-facing number where the vendor has one (a purchase order's number).
    """

    type: str | None
    id: str
    number: str | None = None


# Not slotted: a frozen slotted class sets each field through object.__setattr__, a dict
# class writes its __dict__ directly, a third faster to build (listings build many).
@attrs.frozen(kw_only=True, slots=False)
class Attachment:
    """One file attached to a vendor record.

    `size` is in bytes (None where the vendor does not say; sizes a vendor shows for people,
    "96.65 KB", are parsed, so they are approximate). Datetimes are timezone-aware. `raw` is
    the generated model the record came from, for fields attachkit does not map; a listing
    builds it when it is first read (see `RawRecord`).
    """

    vendor: str
    id: str
    entity: EntityRef
    name: str
    extension: str | None
    mime_type: str | None
    size: int | None
    created_at: datetime | None
    updated_at: datetime | None
    created_by: str | None
    status: str | None
    description: str | None
    raw: object = attrs.field(eq=False, repr=False)


class RawRecord:
    """A generated model not built yet: what a listing passes as `raw=` so that a record is
    parsed by the generated `from_dict` only if its `raw` is read (most never are).

    The converter that makes one has checked `data` as strictly as `parse` would, so
    building it cannot fail. Picklable when `parse` is (a generated model's `from_dict`)."""

    __slots__ = ("data", "parse")

    def __init__(
        self, parse: Callable[[Mapping[str, Any]], object], data: Mapping[str, Any]
    ) -> None:
        self.parse = parse
        self.data = data


class _RawField:
    """`Attachment.raw` as read: a `RawRecord` in the instance's dict is replaced by the
    model it builds on first read. Two threads reading at once may both build it; the
    models are equal, and the dict keeps one of them.

    A data descriptor, so it is consulted before the instance dict; attrs writes the
    field straight into that dict, so building, equality and hashing are untouched, and
    the frozen class still refuses assignment before this `__set__` is reached."""

    def __get__(self, instance: object, owner: type | None = None) -> object:
        if instance is None:
            return self
        fields = instance.__dict__
        value = fields["raw"]
        if value.__class__ is RawRecord:
            value = fields["raw"] = value.parse(value.data)
        return value

    def __set__(self, instance: object, value: object) -> None:
        # Reached only through object.__setattr__, as before: the field is written as is.
        instance.__dict__["raw"] = value


# After attrs has built the class (it removes the field's own class attribute).
setattr(Attachment, "raw", _RawField())  # noqa: B010 - mypy knows the field, not the descriptor
