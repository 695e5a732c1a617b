"""Forms for logging activities: validation and widgets only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedModelChoiceField, BoundedModelMultipleChoiceField, set_choices
from common.widgets_dates import PortalDateInput
from directives.models import Assignment, AudienceGroup, Channel
from units.models import Unit
from units.search import unit_picker

from .models import MAX_PEOPLE, MAX_QUANTITY
from .services import ACTIVITY_FIELDS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/*,.pdf,.docx,.xlsx"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class AssignmentChoice(BoundedModelChoiceField[Assignment]):
    def label_from_instance(self, obj: Assignment) -> str:
        return f"{obj.plan.document} — {obj.title}"


def _date() -> forms.DateInput:
    return PortalDateInput(attrs={"class": "form-control form-control-lg"})


class ActivityForm(forms.Form):
    assignment = AssignmentChoice(label=_("Nhiệm vụ được giao"), queryset=Assignment.objects.none())
    unit = BoundedModelChoiceField(
        label=_("Đơn vị thực hiện"),
        queryset=Unit.objects.none(),
        # Active units: a reporter of a province may log for the province itself.
        widget=unit_picker(active="1"),
    )
    channel = BoundedModelChoiceField(
        label=_("Hình thức"), queryset=Channel.objects.filter(is_active=True)
    )
    title = forms.CharField(label=_("Tên hoạt động"), max_length=300)
    started_on = forms.DateField(
        label=_("Ngày thực hiện"), widget=_date(), input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    ended_on = forms.DateField(
        label=_("Đến ngày (nếu nhiều ngày)"),
        required=False,
        widget=_date(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    quantity = forms.IntegerField(
        label=_("Số lượng"),
        min_value=0,
        max_value=MAX_QUANTITY,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    participants = forms.IntegerField(
        label=_("Số người tham dự"), required=False, min_value=0, max_value=MAX_PEOPLE
    )
    reach = forms.IntegerField(
        label=_("Số người được tiếp cận"), required=False, min_value=0, max_value=MAX_PEOPLE
    )
    views = forms.IntegerField(
        label=_("Lượt xem"), required=False, min_value=0, max_value=MAX_PEOPLE
    )
    audiences = BoundedModelMultipleChoiceField(
        label=_("Đối tượng"),
        queryset=AudienceGroup.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Mô tả"),
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    place = BoundedModelChoiceField(
        label=_("Địa bàn (xã, phường)"),
        queryset=Unit.objects.none(),
        required=False,
        widget=unit_picker(active="1", kind="commune", within="province"),
    )
    place_text = forms.CharField(label=_("Địa điểm"), required=False, max_length=300)
    links = forms.CharField(
        label=_("Đường dẫn bài viết, bài đăng (mỗi dòng một đường dẫn)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2, "inputmode": "url"}),
    )
    # A declared field: the form's metaclass moves it to base_fields, so it never shadows
    # the form's own `files` (the uploads), as the checker believes.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Ảnh, tệp minh chứng (JPEG, PNG, WebP, PDF, DOCX, XLSX; tối đa 20 MB mỗi tệp)"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        assignments: QuerySet[Assignment],
        units: QuerySet[Unit],
        places: QuerySet[Unit] | None = None,
        **kwargs: Any,
    ) -> None:
        places = places if places is not None else Unit.objects.none()
        super().__init__(*args, **kwargs)
        set_choices(self.fields["assignment"], assignments)
        set_choices(self.fields["unit"], units)
        set_choices(self.fields["place"], places)
        for field in self.fields.values():
            widget = field.widget
            kind = getattr(widget, "input_type", "")
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            css = (
                "form-select form-select-lg" if kind == "select" else "form-control form-control-lg"
            )
            widget.attrs.setdefault("class", css)

    def link_list(self) -> list[str]:
        return [
            line.strip()
            for line in (self.cleaned_data.get("links") or "").splitlines()
            if line.strip()
        ]

    def activity_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in ACTIVITY_FIELDS}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Tệp Excel (.xlsx) theo mẫu"))
