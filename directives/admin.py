from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from units.admin_scope import ScopedAdminMixin, ScopedInlineMixin, SuperuserOnlyAdmin

from .choices import DocumentStatus
from .models import (
    Assignment,
    AssignmentTask,
    AudienceGroup,
    AudienceItem,
    BudgetItem,
    Channel,
    ChannelItem,
    ChannelTarget,
    Document,
    DocumentReference,
    Footnote,
    Plan,
    PlanSection,
    Purpose,
    Recipient,
    Register,
    Rendition,
    ReportingDuty,
    RoadmapStep,
    SeedLoad,
    Theme,
)


def owned_draft(document: str = "") -> tuple[str, Q]:
    """`owner_path` and `editable_state` of rows that belong to a document (`document`: the
    lookup from the row to it): its issuer's unit admins edit them while it is a draft, the
    only state the admin may edit; issuing, withdrawing and new versions go through the plan
    services."""
    return f"{document}issuer__path", Q(**{f"{document}status": DocumentStatus.DRAFT})


class VisibleAdmin(ScopedAdminMixin, SimpleHistoryAdmin):
    """Admin pages start from the same permission-restricted querysets as the pages."""


class PlanPartAdmin(VisibleAdmin):
    """A part of a plan: its issuer's unit admins edit it while the plan is a draft."""

    owner_path, editable_state = owned_draft("plan__document__")


class CatalogueAdmin(ScopedAdminMixin, admin.ModelAdmin[Any]):
    """National catalogue: read-only for everybody but superusers (no owner)."""


@admin.register(Channel)
class ChannelAdmin(CatalogueAdmin):
    list_display = ["name", "code", "category", "measure", "is_active", "position"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "name_en", "code"]
    list_editable = ["position", "is_active"]


@admin.register(AudienceGroup)
class AudienceGroupAdmin(CatalogueAdmin):
    list_display = ["name", "code", "position"]
    search_fields = ["name", "name_en", "code"]


@admin.register(Register)
class RegisterAdmin(ScopedAdminMixin, admin.ModelAdmin[Register]):
    # No owner: registers and their last number are kept by the issuing service.
    list_display = ["issuer", "kind", "label", "starts_on", "ends_on", "last_number"]
    list_filter = ["kind"]
    search_fields = ["issuer__name", "label"]
    autocomplete_fields = ["issuer"]


class ReferenceInline(ScopedInlineMixin, admin.TabularInline[DocumentReference, Document]):
    model = DocumentReference
    fk_name = "source"
    extra = 0
    autocomplete_fields = ["target"]


class RecipientInline(ScopedInlineMixin, admin.TabularInline[Recipient, Document]):
    model = Recipient
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(Document)
class DocumentAdmin(VisibleAdmin):
    owner_path, editable_state = owned_draft()
    state_fields = (
        "status",
        "number",
        "number_value",
        "symbol",
        "register",
        "issued_on",
        "issued_year",
        "issued_month",
        "date_text",
        "version_of",
        "key",
    )
    list_display = ["__str__", "issuer_name", "issued_on", "status", "kind", "style"]
    list_filter = ["kind", "status", "style", "issued_year"]
    search_fields = ["number", "symbol", "title", "issuer_name", "key"]
    autocomplete_fields = ["issuer", "register", "version_of"]
    readonly_fields = ["lock_version", "created_at", "updated_at", "created_by"]
    date_hierarchy = "issued_on"
    inlines = [ReferenceInline, RecipientInline]
    list_select_related = ["issuer"]

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        if change:
            obj.lock_version += 1  # an editor's open page then sees the conflict on save
        super().save_model(request, obj, form, change)


@admin.register(DocumentReference)
class DocumentReferenceAdmin(ScopedAdminMixin, admin.ModelAdmin[DocumentReference]):
    owner_path, editable_state = owned_draft("source__")
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    search_fields = ["source__symbol", "target__symbol", "citation"]
    autocomplete_fields = ["source", "target"]


def sections_of_the_plan(formset: Any, plan: Plan | None, name: str) -> Any:
    """A section picker lists the sections of the plan on the page, not those of every plan
    (a page of <option>s growing with the data)."""
    field = formset.form.base_fields.get(name)
    if field is not None:
        field.queryset = (
            PlanSection.objects.filter(plan=plan) if plan else PlanSection.objects.none()
        )
    return formset


class PartInline(ScopedInlineMixin, admin.StackedInline[Any, Plan]):
    extra = 0
    show_change_link = True
    fields = ["position", "label", "title", "text", "section"]

    def get_formset(self, request: HttpRequest, obj: Plan | None = None, **kwargs: Any) -> Any:
        return sections_of_the_plan(super().get_formset(request, obj, **kwargs), obj, "section")


class PurposeInline(PartInline):
    model = Purpose
    fields = [*PartInline.fields, "kind"]


class ThemeInline(PartInline):
    model = Theme


class AudienceInline(PartInline):
    model = AudienceItem
    fields = [*PartInline.fields, "groups"]


class ChannelItemInline(PartInline):
    model = ChannelItem


class RoadmapInline(PartInline):
    model = RoadmapStep
    fields = [*PartInline.fields, "due_text"]


class BudgetInline(PartInline):
    model = BudgetItem
    fields = [*PartInline.fields, "source", "amount"]


class AssignmentInline(PartInline):
    model = Assignment
    fields = [*PartInline.fields, "role", "units"]
    autocomplete_fields = ["units"]


class DutyInline(ScopedInlineMixin, admin.StackedInline[ReportingDuty, Plan]):
    model = ReportingDuty
    extra = 0
    autocomplete_fields = ["receiver", "via", "reporting_units", "assignment"]


class SectionInline(ScopedInlineMixin, admin.TabularInline[PlanSection, Plan]):
    model = PlanSection
    extra = 0
    fields = ["position", "label", "title", "part", "parent"]

    def get_formset(self, request: HttpRequest, obj: Plan | None = None, **kwargs: Any) -> Any:
        return sections_of_the_plan(super().get_formset(request, obj, **kwargs), obj, "parent")


class FootnoteInline(ScopedInlineMixin, admin.TabularInline[Footnote, Plan]):
    model = Footnote
    extra = 0


@admin.register(Plan)
class PlanAdmin(VisibleAdmin):
    owner_path, editable_state = owned_draft("document__")
    list_display = ["__str__", "derived_from"]
    search_fields = ["document__title", "document__symbol", "document__number", "basis_text"]
    autocomplete_fields = ["document", "derived_from"]
    list_select_related = ["document"]
    inlines = [
        SectionInline,
        PurposeInline,
        ThemeInline,
        AudienceInline,
        ChannelItemInline,
        RoadmapInline,
        BudgetInline,
        AssignmentInline,
        DutyInline,
        FootnoteInline,
    ]


class TaskInline(ScopedInlineMixin, admin.TabularInline[AssignmentTask, Assignment]):
    model = AssignmentTask
    extra = 0


@admin.register(Assignment)
class AssignmentAdmin(PlanPartAdmin):
    list_display = ["title", "plan", "role"]
    list_filter = ["role"]
    search_fields = ["title", "text", "units__name"]
    autocomplete_fields = ["units", "plan", "section"]
    inlines = [TaskInline]


class ChannelTargetInline(ScopedInlineMixin, admin.TabularInline[ChannelTarget, ChannelItem]):
    model = ChannelTarget
    extra = 0


@admin.register(ChannelItem)
class ChannelItemAdmin(PlanPartAdmin):
    list_display = ["__str__", "plan"]
    search_fields = ["text", "title"]
    autocomplete_fields = ["plan", "section"]
    inlines = [ChannelTargetInline]


@admin.register(ReportingDuty)
class ReportingDutyAdmin(PlanPartAdmin):
    list_display = ["phrase", "rule", "due_on", "day", "month", "receiver"]
    list_filter = ["rule"]
    search_fields = ["phrase", "receiver_text", "reporting_units_text"]
    autocomplete_fields = ["plan", "assignment", "receiver", "via", "reporting_units"]


@admin.register(PlanSection)
class PlanSectionAdmin(PlanPartAdmin):
    list_display = ["__str__", "plan", "part"]
    list_filter = ["part"]
    search_fields = ["title", "intro"]
    autocomplete_fields = ["plan", "parent"]


class PartAdmin(PlanPartAdmin):
    list_display = ["__str__", "plan", "label"]
    search_fields = ["text", "title"]
    autocomplete_fields = ["plan", "section"]


for _model in (Purpose, Theme, AudienceItem, RoadmapStep, BudgetItem):
    admin.site.register(_model, PartAdmin)


@admin.register(AssignmentTask)
class AssignmentTaskAdmin(VisibleAdmin):
    owner_path, editable_state = owned_draft("assignment__plan__document__")
    list_display = ["__str__", "assignment", "role"]
    list_filter = ["role"]
    search_fields = ["text"]
    autocomplete_fields = ["assignment"]


@admin.register(ChannelTarget)
class ChannelTargetAdmin(VisibleAdmin):
    owner_path, editable_state = owned_draft("item__plan__document__")
    list_display = ["channel", "item", "planned_quantity"]
    list_filter = ["channel"]
    autocomplete_fields = ["item"]


@admin.register(Footnote)
class FootnoteAdmin(PlanPartAdmin):
    list_display = ["marker", "text", "plan"]
    search_fields = ["text"]
    autocomplete_fields = ["plan"]


@admin.register(Recipient)
class RecipientAdmin(VisibleAdmin):
    owner_path, editable_state = owned_draft("document__")
    list_display = ["text", "document", "unit", "is_archive"]
    search_fields = ["text"]
    autocomplete_fields = ["document", "unit"]


@admin.register(SeedLoad)
class SeedLoadAdmin(SuperuserOnlyAdmin):
    list_display = ["key", "loaded_at"]
    readonly_fields = ["key", "digest", "loaded_at"]
    search_fields = ["key"]


@admin.register(Rendition)
class RenditionAdmin(ScopedAdminMixin, admin.ModelAdmin[Rendition]):
    # Made by the rendering task; a draft's stale file may be removed. An issued
    # document's rendition holds its frozen snapshot: kept.
    owner_path, editable_state = owned_draft("document__")
    unit_admin_actions = frozenset({"delete"})
    list_display = ["document", "format", "status", "progress", "created_at", "finished_at"]
    list_filter = ["format", "status"]
    readonly_fields = ["snapshot", "file", "error", "progress", "finished_at"]
    search_fields = ["document__title", "document__symbol"]
