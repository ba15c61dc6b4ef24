"""The administrator revises the sufficiency-village criteria here: a version with its areas and indicators. A
version already used by an assessment is read-only (the assessment keeps what it was assessed against); "copy
as a new version" starts the next edition from it."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kit.fields import RecordChoiceField
from reports.models import Area, CriteriaVersion, Criterion


class _SafeChoices:
    """Relations are chosen with the project's record field: junk keys are a form error,
    never a server error."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", RecordChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _FrozenWhenUsed:
    def _used(self, obj):
        version = obj if isinstance(obj, CriteriaVersion) else getattr(obj, "version", None)
        return version is not None and version.pk is not None and version.assessments.exists()

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._used(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._used(obj)


class AreaInline(_SafeChoices, _FrozenWhenUsed, admin.TabularInline):
    model = Area
    extra = 0
    fields = ["number", "name"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._used(obj)


class IndicatorInline(_SafeChoices, _FrozenWhenUsed, admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "area", "text", "core"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._used(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        version_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
        if db_field.name == "area":
            field.queryset = Area.objects.filter(
                version_id=version_id if str(version_id or "").isdigit() else None
            )
        return field


@admin.register(CriteriaVersion)
class CriteriaVersionAdmin(_FrozenWhenUsed, admin.ModelAdmin):
    list_display = ["number", "name", "from_fiscal_year", "sufficient_min", "well_min"]
    fields = ["number", "name", "from_fiscal_year", "sufficient_min", "well_min", "source"]
    inlines = [AreaInline, IndicatorInline]
    actions = ["copy_as_new_version"]

    @admin.action(description=_("Copy as a new version (for the next edition of the criteria)"))
    def copy_as_new_version(self, request, queryset):
        for version in queryset.order_by("number"):
            with transaction.atomic():
                number = (CriteriaVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
                copy = CriteriaVersion.objects.create(
                    number=number,
                    name=version.name,
                    from_fiscal_year=version.from_fiscal_year + 1,
                    source=version.source,
                    sufficient_min=version.sufficient_min,
                    well_min=version.well_min,
                )
                areas = {
                    area.pk: Area.objects.create(version=copy, number=area.number, name=area.name)
                    for area in version.areas.all()
                }
                Criterion.objects.bulk_create(
                    [
                        Criterion(
                            version=copy, area=areas[i.area_id], number=i.number, text=i.text, core=i.core
                        )
                        for i in version.indicators.all()
                    ]
                )
            messages.success(
                request,
                _("Version %(number)s was created: revise it, then set the fiscal year it starts.")
                % {"number": number},
            )
