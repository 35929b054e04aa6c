"""Comparing generated models field by field."""

from __future__ import annotations

import importlib

import attrs


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
