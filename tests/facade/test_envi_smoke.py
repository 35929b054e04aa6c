from __future__ import annotations

import pytest

from attachkit.envi import EnviClient
from attachkit.sandbox import ENVI_PO_ID
from tests.support.targets import Target


@pytest.mark.vcr
def test_envi_lists_pages(envi_target: Target) -> None:
    credentials = envi_target.credentials
    with EnviClient.from_password(
        envi_target.base_url, username=credentials["username"], password=credentials["password"]
    ) as envi:
        files = envi.list_files(ENVI_PO_ID, page_size=5)
        names = [att.name for att in files]
    assert len(names) == 17
    assert files.total_count == 17
