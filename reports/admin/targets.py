"""The administrator adds the projects whose funded villages the plans exclude (สัมมาชีพชุมชน, ความมั่นคงด้านอาชีพ
และรายได้, หมู่บ้านเศรษฐกิจพอเพียง, ...), and corrects the register of funded villages (a row imported by mistake is
removed here; rows an approved target list wrote are changed by sending the list back, not here)."""

from django.contrib import admin

from reports.models import FundedSource, FundedVillage, Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(FundedVillage)
class FundedVillageAdmin(admin.ModelAdmin):
    list_display = ("village", "project", "fiscal_year", "source")
    list_filter = ("source", "fiscal_year", "project")
    search_fields = ("village__code", "village__name")
    list_select_related = ("village", "project")
    raw_id_fields = ("village",)
    readonly_fields = ("source",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = FundedSource.IMPORTED  # entered by hand from an earlier year's list
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or obj.source == FundedSource.IMPORTED
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or obj.source == FundedSource.IMPORTED
        )
