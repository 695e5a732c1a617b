from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.widgets_dates import PortalDateInput

from .services import NARRATIVE_MAX

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def _area(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


class ReportForm(forms.Form):
    results = forms.CharField(
        label=_("I. Kết quả đạt được"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=_area(8),
        help_text=_("Số liệu theo hình thức được tính tự động từ các hoạt động đã ghi nhận."),
    )
    shortcomings = forms.CharField(
        label=_("II. Hạn chế, nguyên nhân"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=_area(5),
    )
    proposals = forms.CharField(
        label=_("III. Đề xuất, kiến nghị"),
        required=False,
        max_length=NARRATIVE_MAX,
        widget=_area(5),
    )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp đính kèm"),
        help_text=_("PDF, DOCX, XLSX, JPEG, PNG hoặc WebP; tối đa 20 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), max_length=4000, widget=_area(3), required=True
    )


class ExtensionForm(forms.Form):
    requested_until = forms.DateField(
        label=_("Xin gia hạn đến ngày"),
        input_formats=DATE_FORMATS,
        widget=PortalDateInput(),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=4000, widget=_area(3))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=(("grant", _("Đồng ý")), ("refuse", _("Không đồng ý"))),
        widget=forms.HiddenInput,
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=4000, required=False, widget=_area(2))
