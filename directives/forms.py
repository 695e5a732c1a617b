"""Forms of the plan editor: validation and widgets only (the service writes)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from common.fields import (
    BoundedModelChoiceField,
    BoundedModelMultipleChoiceField,
    set_choices,
)
from common.widgets_dates import PortalDateInput
from units.models import Unit
from units.search import unit_picker

from .choices import (
    AssignmentRole,
    DocumentKind,
    DutyRule,
    PurposeKind,
    ReminderStep,
    SectionPart,
    SignerAuthority,
)
from .models import AudienceGroup, Channel, Document
from .validation import validate_duty_rule

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TEXT_MAX = 20_000
TITLE_MAX = 2_000
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
CHANNEL_SLOTS = 4


def _textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "class": "form-control"})


def _optional_text(
    label: StrOrPromise, *, rows: int = 3, max_length: int = TEXT_MAX
) -> forms.CharField:
    """A paragraph that may stay empty, typed in a textarea."""
    return forms.CharField(
        label=label, max_length=max_length, required=False, widget=_textarea(rows)
    )


class _DocumentChoices:
    """Documents to pick from: none until the form's caller sets those the user may pick."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Document.objects.none())
        super().__init__(**kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return document_label(obj)


class DocumentChoiceField(_DocumentChoices, BoundedModelMultipleChoiceField[Document]):
    pass


class SingleDocumentChoiceField(_DocumentChoices, BoundedModelChoiceField[Document]):
    pass


def document_label(document: Any) -> str:
    """ "Kế hoạch 386-KH/TU — Ban Thường vụ Tỉnh ủy, 13/02/2025" """
    label = str(document)
    if document.issuer_name:
        label += f" — {document.issuer_name}"
    if document.issued_on:
        label += f", {document.issued_on:%d/%m/%Y}"
    return label


class HeaderForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Loại văn bản"),
        choices=[(k, DocumentKind(k).label) for k in DocumentKind.plan_kinds()],
    )
    title = forms.CharField(label=_("Trích yếu"), max_length=TITLE_MAX, widget=_textarea(2))
    place = forms.CharField(label=_("Địa danh"), max_length=120, required=False)
    signer_on_behalf_line = forms.CharField(
        label=_("Dòng thay mặt tập thể"), max_length=120, required=False
    )
    signer_authority = forms.ChoiceField(
        label=_("Quyền hạn ký"), choices=SignerAuthority.choices, required=False
    )
    signer_authority_of = forms.CharField(
        label=_("Thay mặt / ký thay cho"), max_length=120, required=False
    )
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)
    implements = DocumentChoiceField(
        label=_("Thực hiện các văn bản"),
        required=False,
        help_text=_("Văn bản cấp trên mà kế hoạch này thực hiện (dòng «Thực hiện ...»)."),
    )
    basis_text = _optional_text(_("Căn cứ (Thực hiện ...)"), rows=4)
    closing_text = _optional_text(_("Đoạn kết"), rows=2)


class RowForm(forms.Form):
    """Fields every editable row shares: identity, order, deletion."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    position = forms.IntegerField(
        required=False, widget=forms.HiddenInput(attrs={"data-position": ""})
    )

    def has_content(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("id")) or any(
            data.get(name) for name in self.fields if name not in ("id", "position", "DELETE")
        )


class ItemRow(RowForm):
    label = forms.CharField(label=_("Số"), max_length=16, required=False)
    title = forms.CharField(label=_("Tiêu đề"), max_length=500, required=False)
    text = _optional_text(_("Nội dung"))


class PurposeRow(ItemRow):
    kind = forms.ChoiceField(
        label=_("Loại"), choices=PurposeKind.choices, initial=PurposeKind.PURPOSE
    )


class ThemeRow(ItemRow):
    pass


class AudienceRow(ItemRow):
    groups = BoundedModelMultipleChoiceField(
        label=_("Nhóm đối tượng"),
        queryset=AudienceGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class ChannelRow(ItemRow):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for slot in range(1, CHANNEL_SLOTS + 1):
            self.fields[f"channel_{slot}"] = BoundedModelChoiceField(
                label=_("Hình thức %(n)s") % {"n": slot},
                queryset=Channel.objects.filter(is_active=True),
                required=False,
            )
            self.fields[f"quantity_{slot}"] = forms.IntegerField(
                label=_("Chỉ tiêu %(n)s") % {"n": slot},
                required=False,
                min_value=0,
                max_value=10_000_000,
            )

    def targets(self) -> list[tuple[Channel, int | None]]:
        seen: set[int] = set()
        result = []
        for slot in range(1, CHANNEL_SLOTS + 1):
            channel = self.cleaned_data.get(f"channel_{slot}")
            if channel is not None and channel.pk not in seen:
                seen.add(channel.pk)
                result.append((channel, self.cleaned_data.get(f"quantity_{slot}")))
        return result


class RoadmapRow(ItemRow):
    due_text = forms.CharField(label=_("Thời gian"), max_length=200, required=False)


class BudgetRow(ItemRow):
    source = forms.CharField(label=_("Nguồn kinh phí"), max_length=300, required=False)
    amount = forms.DecimalField(
        label=_("Số tiền (đồng)"),
        required=False,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=0,
    )


class AssignmentRow(ItemRow):
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=AssignmentRole.choices, initial=AssignmentRole.IMPLEMENT
    )
    units = BoundedModelMultipleChoiceField(
        label=_("Đơn vị được giao"),
        queryset=Unit.objects.none(),
        required=False,
        widget=unit_picker(multiple=True, active="1", kind="organisation", within="province"),
    )
    tasks = _optional_text(_("Nhiệm vụ (mỗi dòng một nhiệm vụ)"), rows=4)

    def __init__(self, *args: Any, units: QuerySet[Unit] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("text")
        if units is not None:
            set_choices(self.fields["units"], units)

    def task_lines(self) -> list[str]:
        return [
            line.strip()
            for line in (self.cleaned_data.get("tasks") or "").splitlines()
            if line.strip()
        ]


class DutyRow(RowForm):
    phrase = _optional_text(_("Yêu cầu báo cáo"), rows=2)
    rule = forms.ChoiceField(label=_("Chu kỳ"), choices=DutyRule.choices, initial=DutyRule.ONCE)
    due_on = forms.DateField(
        label=_("Hạn (một lần)"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=PortalDateInput(),
    )
    day = forms.IntegerField(label=_("Ngày"), required=False, min_value=1, max_value=31)
    month = forms.IntegerField(label=_("Tháng"), required=False, min_value=1, max_value=12)
    receiver = BoundedModelChoiceField(
        label=_("Nơi nhận báo cáo"), queryset=Unit.objects.none(), required=False
    )
    receiver_text = forms.CharField(
        label=_("Nơi nhận như văn bản ghi"), max_length=300, required=False
    )
    reporting_units = BoundedModelMultipleChoiceField(
        label=_("Đơn vị phải báo cáo"),
        queryset=Unit.objects.none(),
        required=False,
        widget=unit_picker(multiple=True, active="1", kind="organisation", within="province"),
    )
    reminder_steps = forms.MultipleChoiceField(
        label=_("Nhắc hạn (để trống: tất cả)"),
        choices=ReminderStep.scheduled_choices(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    data_window = forms.BooleanField(
        label=_("Chốt số liệu từ ngày 15 kỳ trước đến ngày 14 (Nghị định 09/2019)"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Unit] | None = None,
        receivers: QuerySet[Unit] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            set_choices(self.fields["receiver"], receivers or units)
            set_choices(self.fields["reporting_units"], units)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE") or not any(data.get(k) for k in ("phrase", "id", "due_on", "day")):
            return data
        if not data.get("phrase"):
            self.add_error("phrase", _("Nhập yêu cầu báo cáo như sẽ in trong văn bản."))
        try:
            validate_duty_rule(
                rule=data.get("rule") or "",
                due_on=data.get("due_on"),
                day=data.get("day"),
                month=data.get("month"),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data


class SectionRow(RowForm):
    label = forms.CharField(label=_("Số mục"), max_length=16, required=False)
    title = forms.CharField(label=_("Tiêu đề mục"), max_length=500, required=False)
    part = forms.ChoiceField(label=_("Phần"), choices=SectionPart.choices, initial=SectionPart.FREE)
    intro = _optional_text(_("Đoạn văn của mục"))


class RecipientRow(RowForm):
    text = forms.CharField(label=_("Nơi nhận"), max_length=500, required=False)
    is_archive = forms.BooleanField(label=_("Dòng lưu"), required=False)


PART_FORMS: dict[str, type[RowForm]] = {
    "purposes": PurposeRow,
    "themes": ThemeRow,
    "audiences": AudienceRow,
    "channels": ChannelRow,
    "roadmap": RoadmapRow,
    "budget": BudgetRow,
    "assignments": AssignmentRow,
    "duties": DutyRow,
    "recipients": RecipientRow,
    "sections": SectionRow,
}
PART_TITLES = {
    "purposes": _("Mục đích, yêu cầu"),
    "themes": _("Nội dung tuyên truyền"),
    "audiences": _("Đối tượng"),
    "channels": _("Hình thức tuyên truyền và chỉ tiêu"),
    "roadmap": _("Lộ trình"),
    "budget": _("Kinh phí"),
    "assignments": _("Tổ chức thực hiện (phân công)"),
    "duties": _("Yêu cầu báo cáo"),
    "recipients": _("Nơi nhận"),
    "sections": _("Bố cục: các mục và đoạn văn tự do"),
}


def formset_class(part: str) -> Any:
    return formset_factory(PART_FORMS[part], extra=0, can_delete=True)


class CreatePlanForm(forms.Form):
    issuer = BoundedModelChoiceField(label=_("Cơ quan ban hành"), queryset=Unit.objects.none())
    parent = SingleDocumentChoiceField(
        label=_("Xây dựng từ văn bản cấp trên"),
        required=False,
        help_text=_("Để trống nếu soạn kế hoạch mới từ đầu."),
    )
    title = _optional_text(_("Trích yếu"), rows=2, max_length=TITLE_MAX)

    def __init__(
        self, *args: Any, issuers: QuerySet[Unit], parents: QuerySet[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self.fields["issuer"], issuers)
        set_choices(self.fields["parent"], parents)
