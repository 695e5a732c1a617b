from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from campaigns.models import Activity
from directives.models import Assignment
from tests.builders import activity, photo, ward_assignment


@pytest.fixture
def vhxh_assignment(db: None) -> Assignment:
    """Seed 004: Phòng Văn hóa - Xã hội phường Kỳ Lừa leads the plan."""
    return ward_assignment()


@pytest.fixture
def logged(kyl_reporter: User, vhxh_assignment: Assignment) -> Activity:
    """Kỳ Lừa's loudspeaker broadcast of 6/10/2025, with a link and a dated photo."""
    return activity(
        kyl_reporter,
        assignment=vhxh_assignment,
        participants=0,
        reach=1200,
        links=["https://kylua.langson.gov.vn/tin-tuc/nghi-quyet-57"],
        files=[photo(exif_date="2025:10:06 07:30:00")],
    )
