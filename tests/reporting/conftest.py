"""The reporting tests share the Cẩm Giàng annual duty (seed 002): see
`tests.builders.cam_giang_annual`."""

from __future__ import annotations

import pytest

from tests.builders import CamGiang, cam_giang_annual


@pytest.fixture
def cam_giang(db: None) -> CamGiang:
    return cam_giang_annual()
