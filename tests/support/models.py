"""Models for tests: one way to build an `Attachment` by hand, and comparing generated models
field by field."""

from __future__ import annotations

import importlib
from typing import Any

import attrs

from attachkit import Attachment, EntityRef
from attachkit._core.mime import extension_of, guess_mime_type


def attachment(**fields: Any) -> Attachment:
    """An attachment built by hand (for calls that do not list first): a neutral one of
    vendor "test", overridden by `fields`. The extension and the MIME type follow the name
    unless given."""
    name = fields.get("name", "a.txt")
    extension = fields.get("extension", extension_of(name))
    values: dict[str, Any] = {
        "vendor": "test",
        "id": "f-1",
        "entity": EntityRef(type=None, id="e-1"),
        "name": name,
        "extension": extension,
        "mime_type": guess_mime_type(extension),
        "size": None,
        "created_at": None,
        "updated_at": None,
        "created_by": None,
        "status": None,
        "description": None,
        "raw": None,
    }
    return Attachment(**{**values, **fields})


def assert_same_model(built: object, reference: object) -> None:
    """`built` is `reference`'s class, and every field holds an equal value of the same type
    (the generated UNSET marker itself where the field was absent)."""
    assert type(built) is type(reference)
    unset = importlib.import_module(f"{type(reference).__module__.split('.')[0]}.types").UNSET
    for field in attrs.fields(type(reference)):  # type: ignore[arg-type]
        ours, theirs = getattr(built, field.name), getattr(reference, field.name)
        assert type(ours) is type(theirs), field.name
        assert ours == theirs, field.name
        assert (ours is unset) == (theirs is unset), field.name
    assert built == reference
