"""The report pages with the Cẩm Giàng seed units: draft, submit, review (return with a
reason, accept), attachments, extensions, the receiver's inbox and the BÁO CÁO documents."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx
from pypdf import PdfReader

from reporting.choices import ExtensionStatus, ReportStatus
from reporting.models import Deadline, Extension, Notification, Report
from reporting.rendering import report_snapshot
from reporting.services import NARRATIVE_MAX, report_draft, report_submit
from tests.builders import log_activity, png_upload, signed_in, two_accepted_one_late, unit
from units.choices import DocumentStyle
from units.models import Unit

pytestmark = pytest.mark.django_db


def test_reporter_drafts_submits_and_the_receiver_returns_then_accepts(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter, leader = signed_in(cam_giang["reporters"][key]), signed_in(cam_giang["leader"])
    log_activity(cam_giang["reporters"][key], key, 7, date(2026, 4, 2))
    url = reverse("reporting:deadline", args=[deadline.pk])

    page = reporter.get(url).content.decode()
    assert 'data-testid="report-form"' in page and "truyền thanh cơ sở" in page
    narrative = {"results": "Đã phát 7 buổi.", "shortcomings": "Thiếu loa", "proposals": ""}
    response = reporter.post(
        reverse("reporting:report_save", args=[deadline.pk]), {**narrative, "action": "save"}
    )
    assert response.status_code == 302
    report = Report.objects.get(deadline=deadline)
    assert report.status == ReportStatus.DRAFT and report.results == "Đã phát 7 buổi."
    assert report.figures[0]["quantity"] == 7

    too_long = reporter.post(
        reverse("reporting:report_save", args=[deadline.pk]),
        {"results": "x" * (NARRATIVE_MAX + 1), "action": "save"},
    )
    assert too_long.status_code == 400 and "invalid-feedback" in too_long.content.decode()
    report.refresh_from_db()
    assert report.results == "Đã phát 7 buổi."  # nothing saved is lost

    reporter.post(
        reverse("reporting:report_save", args=[deadline.pk]), {**narrative, "action": "submit"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert Notification.objects.filter(
        recipient=cam_giang["leader"], title__contains="đã nộp báo cáo"
    ).exists()

    review = leader.get(url).content.decode()
    assert 'data-testid="review"' in review and 'data-testid="report-form"' not in review
    no_reason = leader.post(reverse("reporting:report_return", args=[deadline.pk]), {"reason": ""})
    assert no_reason.status_code == 400
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    assert reporter.post(reverse("reporting:report_accept", args=[deadline.pk])).status_code == 403
    leader.post(
        reverse("reporting:report_return", args=[deadline.pk]), {"reason": "Bổ sung số liệu quý 4"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    page = reporter.get(url).content.decode()
    assert "Bổ sung số liệu quý 4" in page and 'data-testid="report-form"' in page
    assert Notification.objects.filter(
        recipient=cam_giang["reporters"][key], body="Bổ sung số liệu quý 4"
    ).exists()

    reporter.post(
        reverse("reporting:report_save", args=[deadline.pk]),
        {**narrative, "results": "Đã phát 7 buổi, bổ sung quý 4.", "action": "submit"},
    )
    leader.post(reverse("reporting:report_accept", args=[deadline.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    late = reporter.post(
        reverse("reporting:report_save", args=[deadline.pk]),
        {"results": "sửa sau khi tiếp nhận", "action": "save"},
    )
    assert late.status_code in (400, 403)
    report.refresh_from_db()
    assert report.results == "Đã phát 7 buổi, bổ sung quý 4."
    events = [e.action for e in report.events.all()]
    assert events == ["draft", "submitted", "returned", "submitted", "accepted"]


def test_other_units_cannot_see_or_touch_the_report(cam_giang: dict, kyl_reporter: Any) -> None:
    deadline = cam_giang["deadlines"][cam_giang["keys"][0]]
    outsider = signed_in(kyl_reporter)
    assert outsider.get(reverse("reporting:deadline", args=[deadline.pk])).status_code == 404
    response = outsider.post(
        reverse("reporting:report_save", args=[deadline.pk]), {"results": "x", "action": "submit"}
    )
    assert response.status_code == 404 and not Report.objects.filter(deadline=deadline).exists()
    neighbour = signed_in(cam_giang["reporters"][cam_giang["keys"][1]])
    assert neighbour.get(reverse("reporting:deadline", args=[deadline.pk])).status_code == 404
    listed = outsider.get(reverse("reporting:deadlines")).content.decode()
    assert cam_giang["deadlines"][cam_giang["keys"][0]].unit.name not in listed


def test_attachments_are_checked_and_private(cam_giang: dict, kyl_reporter: Any) -> None:
    key = cam_giang["keys"][0]
    deadline = cam_giang["deadlines"][key]
    reporter = signed_in(cam_giang["reporters"][key])
    add = reverse("reporting:attachment_add", args=[deadline.pk])
    assert reporter.post(add, {"file": png_upload("anh hop.png", color="red")}).status_code == 302
    fake = SimpleUploadedFile("bao cao.pdf", b"not a pdf at all", content_type="application/pdf")
    refused = reporter.post(add, {"file": fake})
    assert refused.status_code == 400
    report = Report.objects.get(deadline=deadline)
    [attachment] = report.attachments.all()
    assert attachment.content_type == "image/png"
    file_url = reverse("reporting:attachment", args=[deadline.pk, attachment.pk])
    leader_copy = signed_in(cam_giang["leader"]).get(file_url)
    assert leader_copy.status_code == 200
    assert b"".join(leader_copy.streaming_content).startswith(b"\x89PNG")
    assert signed_in(kyl_reporter).get(file_url).status_code == 404


def test_extension_request_and_grant_through_the_pages_and_the_inbox(
    cam_giang: dict, clock: Any
) -> None:
    key = cam_giang["keys"][1]
    deadline = cam_giang["deadlines"][key]
    reporter, leader = signed_in(cam_giang["reporters"][key]), signed_in(cam_giang["leader"])
    ask = reverse("reporting:extension_request", args=[deadline.pk])
    past = reporter.post(ask, {"requested_until": "2020-01-01", "reason": "muộn"})
    assert past.status_code == 400 and "phải sau hạn hiện tại" in past.content.decode()
    assert not Extension.objects.filter(deadline=deadline).exists()
    until = deadline.due_on + timedelta(days=10)  # the clock is fixed at 20/11/2026
    assert (
        reporter.post(
            ask, {"requested_until": until.isoformat(), "reason": "Chờ số liệu khu dân cư"}
        ).status_code
        == 302
    )
    extension = Extension.objects.get(deadline=deadline)
    inbox = leader.get(reverse("reporting:inbox")).content.decode()
    assert "Chờ số liệu khu dân cư" in inbox
    leader.post(
        reverse("reporting:extension_decide", args=[deadline.pk, extension.pk]),
        {"decision": "grant", "note": "Đồng ý"},
    )
    extension.refresh_from_db()
    deadline.refresh_from_db()
    assert extension.status == ExtensionStatus.GRANTED and deadline.extended_to == until
    assert Notification.objects.filter(
        recipient=cam_giang["reporters"][key], title__startswith="Đồng ý gia hạn"
    ).exists()
    again = leader.post(
        reverse("reporting:extension_decide", args=[deadline.pk, extension.pk]),
        {"decision": "refuse"},
    )
    assert again.status_code == 400 and "đã được xét" in again.content.decode()


def test_inbox_lists_submitted_reports_for_the_receiver_only(cam_giang: dict) -> None:
    key = cam_giang["keys"][2]
    report_submit(user=cam_giang["reporters"][key], deadline=cam_giang["deadlines"][key])
    name = unit(key).name
    assert name in signed_in(cam_giang["leader"]).get(reverse("reporting:inbox")).content.decode()
    mine = signed_in(cam_giang["reporters"][key]).get(reverse("reporting:inbox")).content.decode()
    assert name not in mine


def test_deadline_list_filters_by_state(cam_giang: dict) -> None:
    first, second = cam_giang["keys"][:2]
    report_submit(user=cam_giang["reporters"][first], deadline=cam_giang["deadlines"][first])
    leader = signed_in(cam_giang["leader"])
    page = leader.get(reverse("reporting:deadlines"), {"state": "submitted"}).content.decode()
    page = page[page.index("<tbody>") :]
    assert unit(first).name in page and unit(second).name not in page
    bad = leader.get(reverse("reporting:deadlines"), {"state": "bogus"})
    assert bad.status_code == 200 and "invalid-feedback" in bad.content.decode()


def test_report_document_prints_in_the_receivers_format(cam_giang: dict) -> None:
    key = cam_giang["keys"][0]
    user = cam_giang["reporters"][key]
    deadline = cam_giang["deadlines"][key]
    log_activity(user, key, 12, date(2026, 5, 5))
    report = report_draft(user=user, deadline=deadline)
    report.results = "Tổ chức 12 buổi phát thanh về chuyển đổi số."
    report.save()
    client = signed_in(user)
    pdf = client.get(reverse("reporting:report_download", args=[deadline.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    flat = " ".join(text.split())
    assert "BÁO CÁO" in flat and "12 buổi phát thanh" in flat and "DỰ THẢO" in flat
    assert "Số: /BC-" in flat  # UBND huyện receives: state format (Decree 30/2020)
    docx = client.get(reverse("reporting:report_download", args=[deadline.pk, "docx"]))
    paragraphs = [p.text for p in Docx(io.BytesIO(b"".join(docx.streaming_content))).paragraphs]
    assert "BÁO CÁO" in paragraphs and any("KẾT QUẢ ĐẠT ĐƯỢC" in p for p in paragraphs)

    duty = deadline.duty
    duty.receiver = Unit.objects.filter(doc_style=DocumentStyle.PARTY).first()
    duty.save()
    deadline.refresh_from_db()
    snapshot = report_snapshot(Report.objects.get(pk=report.pk))
    assert snapshot.is_party and snapshot.number_line.startswith("Số ")
    assert snapshot.number_line.endswith(f"-BC/{deadline.unit.symbol_code or '…'}")
    assert (
        client.get(reverse("reporting:report_download", args=[deadline.pk, "xls"])).status_code
        == 404
    )


def test_receivers_own_report_starts_from_the_units_synthesis(
    cam_giang: dict, make_member: Any
) -> None:
    third = two_accepted_one_late(cam_giang)[2]
    own = Deadline.objects.create(
        duty=cam_giang["duty"],
        unit=unit("cg/ubnd"),
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        period_label="Năm 2026",
        due_on=date(2026, 12, 15),
    )
    district_reporter = make_member("cg-ubnd-reporter", "cg/ubnd", "reporter")
    report = report_draft(user=district_reporter, deadline=own)
    [row] = report.figures
    assert row["quantity"] == 8 and row["count"] == 2
    assert {"unit": unit(third).name, "days": 4} in report.late_units
    page = signed_in(district_reporter).get(reverse("reporting:deadline", args=[own.pk]))
    assert page.status_code == 200 and 'data-testid="late-units"' in page.content.decode()
