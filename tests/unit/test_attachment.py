"""`Attachment` with a `raw` built on first read behaves as one built with its model: frozen,
equal and hashed without `raw`, picklable and copyable, and safe to read from threads."""

from __future__ import annotations

import copy
import pickle
import threading
from typing import Any

import attrs
import pytest

from attachkit import Attachment, EntityRef
from attachkit.envi.convert import attachment_from_envi
from attachkit_envi_client.models import FileAttachment
from tests.support.models import assert_same_model
from tests.unit.test_records import ENVI_RECORD


def listed() -> Attachment:
    """An attachment as a listing makes it, `raw` not read yet."""
    return attachment_from_envi(dict(ENVI_RECORD))


def reference() -> FileAttachment:
    return FileAttachment.from_dict(ENVI_RECORD)


def eager() -> Attachment:
    """The same attachment with its model given up front."""
    return attrs.evolve(listed(), raw=reference())


def test_raw_is_built_once_and_kept() -> None:
    attachment = listed()
    first = attachment.raw
    assert_same_model(first, reference())
    assert attachment.raw is first


def test_equality_hash_and_repr_ignore_raw_as_before() -> None:
    lazy, built = listed(), eager()
    assert lazy == built
    assert hash(lazy) == hash(built)
    assert repr(lazy) == repr(built)
    assert "raw" not in repr(lazy)
    assert lazy == attrs.evolve(built, raw="anything else")


def test_it_stays_frozen() -> None:
    attachment = listed()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        attachment.raw = "other"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del attachment.raw
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        attachment.name = "other.pdf"  # type: ignore[misc]
    assert_same_model(attachment.raw, reference())


@pytest.mark.parametrize("read_first", [False, True], ids=["unread", "read"])
def test_pickle_and_copies_keep_raw(read_first: bool) -> None:
    attachment = listed()
    if read_first:
        _ = attachment.raw
    for twin in (
        pickle.loads(pickle.dumps(attachment)),  # noqa: S301 - our own bytes
        copy.copy(attachment),
        copy.deepcopy(attachment),
    ):
        assert twin == attachment
        assert hash(twin) == hash(attachment)
        assert twin.raw == reference()


def test_evolve_and_asdict_see_the_model() -> None:
    attachment = listed()
    assert attrs.asdict(attachment) == attrs.asdict(eager())
    renamed = attrs.evolve(attachment, name="other.pdf")
    assert renamed.name == "other.pdf"
    assert_same_model(renamed.raw, reference())
    assert [field.name for field in attrs.fields(Attachment)][-1] == "raw"


def test_raw_given_by_hand_is_returned_as_given() -> None:
    marker: dict[str, Any] = {"anything": ["at", "all"]}
    attachment = Attachment(
        vendor="test",
        id="1",
        entity=EntityRef(type=None, id="2"),
        name="a.txt",
        extension="txt",
        mime_type="text/plain",
        size=None,
        created_at=None,
        updated_at=None,
        created_by=None,
        status=None,
        description=None,
        raw=marker,
    )
    assert attachment.raw is marker


def test_threads_reading_raw_at_once_all_get_the_model() -> None:
    for _ in range(20):
        attachment = listed()
        start = threading.Barrier(8)
        seen: list[object] = []

        def read(
            attachment: Attachment = attachment,
            start: threading.Barrier = start,
            seen: list[object] = seen,
        ) -> None:
            start.wait()
            seen.append(attachment.raw)

        threads = [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(seen) == 8
        for raw in seen:
            assert_same_model(raw, reference())
        assert attachment.raw is attachment.raw
