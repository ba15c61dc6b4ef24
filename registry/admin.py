"""The system administrator's screens: offices, users, areas and villages (Django admin, in Thai)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from registry.models import (District, ImportBatch, JptThreshold, Occupation, Office, Province, SubDistrict, User,
                             Village)


class AreaAdmin(admin.ModelAdmin):
    search_fields = ["code", "name_th", "name_en"]
    list_display = ["code", "name_th", "name_en", "abolished_on"]
    list_filter = [("abolished_on", admin.EmptyFieldListFilter)]

    def has_add_permission(self, request):
        return False  # areas come from the official list (load_areas), never typed by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


admin.site.register(Province, AreaAdmin)


@admin.register(District)
class DistrictAdmin(AreaAdmin):
    list_display = [*AreaAdmin.list_display, "province"]
    list_select_related = ["province"]


@admin.register(SubDistrict)
class SubDistrictAdmin(AreaAdmin):
    list_display = [*AreaAdmin.list_display, "district", "province", "postal_codes"]
    list_select_related = ["district", "province"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "number", "name", "sub_district", "district", "province"]
    list_select_related = ["sub_district", "district", "province"]
    search_fields = ["code", "name", "sub_district__name_th"]
    autocomplete_fields = ["sub_district"]
    readonly_fields = ["code"]


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "province", "is_active"]
    list_filter = ["kind", "is_active", "province"]
    list_select_related = ["district", "province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province", "district", "sub_districts"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "office", "is_active", "last_login"]
    list_filter = ["role", "is_active", "office__province"]
    list_select_related = ["office"]
    search_fields = ["username", "first_name", "last_name", "email", "office__name"]
    autocomplete_fields = ["office"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "position")}),
        (_("Office and role"), {"fields": ("office", "role", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Office and role"), {"fields": ("first_name", "last_name", "office", "role")}),
    )
    readonly_fields = ["last_login", "date_joined"]

# Access is by office and role (registry.scoping), not by Django's permission groups.
admin.site.unregister(Group)


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name"]


@admin.register(JptThreshold)
class JptThresholdAdmin(admin.ModelAdmin):
    list_display = ["year", "income_per_person"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "office", "user", "file_name", "status", "created_count", "updated_count",
                    "rejected_count"]
    list_filter = ["kind", "status"]
    exclude = ["rows"]
    readonly_fields = [f for f in ["kind", "office", "user", "file_name", "status", "row_count", "created_count",
                                   "updated_count", "rejected_count", "errors", "warnings", "committed_at"]]

    def has_add_permission(self, request):
        return False
