"""The vendor-neutral record of one attached file."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Attachment", "EntityRef"]


@attrs.frozen(kw_only=True)
class EntityRef:
    """The business record a file is attached to.

    `type` is the vendor's label ("Purchase Order", "client", ...), `id` its identifier and
    `number` the human-facing number where the vendor has one (Envi's PO number).
    """

    type: str | None
    id: str
    number: str | None = None


# Not slotted: a frozen slotted class sets each field through object.__setattr__, a dict
# class writes its __dict__ directly, a third faster to build (listings build many).
@attrs.frozen(kw_only=True, slots=False)
class Attachment:
    """One file attached to a vendor record.

    `size` is in bytes (None where the vendor does not say; Altegio's "96.65 KB" strings are
    parsed, so they are approximate). Datetimes are timezone-aware. `raw` is the generated
    model the record came from, for fields attachkit does not map.
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
