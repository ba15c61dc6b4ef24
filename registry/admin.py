"""The system administrator's screens: offices, users, areas and villages (Django admin, in Thai)."""

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import connections
from django.urls import path
from django.utils.translation import gettext_lazy as _

from registry.models import (
    District,
    ImportBatch,
    JptThreshold,
    Occupation,
    Office,
    Onboarding,
    Province,
    SubDistrict,
    User,
    Village,
)


def _lookup_values(widget, values):
    """The submitted values an autocomplete can look up: Django's widget looks each one up as sent, so junk
    ("abc", a 20-digit number beyond the database's integers) ended in a server error when the form came back
    with its error. The form field itself already answers "Select a valid choice" for them."""
    remote = widget.field.remote_field
    target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
    ops = connections[widget.db or "default"].ops
    internal_type = target.get_internal_type()
    integer = internal_type in ops.integer_field_ranges
    low, high = ops.integer_field_range(internal_type) if integer else (0, 0)
    kept = []
    for value in values:
        try:
            typed = target.to_python(value)
        except ValidationError:
            continue
        if typed is None or integer and not low <= typed <= high:
            continue  # empty (Django skips it too), or beyond the database's integers
        kept.append(value)
    return kept


class SafeAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _lookup_values(self, value), attr)


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _lookup_values(self, value), attr)


class SafeAutocompleteMixin:
    """Every autocomplete field of our admin screens survives whatever value is sent for it."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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
class VillageAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["code", "number", "name", "sub_district", "district", "province"]
    list_select_related = ["sub_district", "district", "province"]
    search_fields = ["code", "name", "sub_district__name_th"]
    autocomplete_fields = ["sub_district"]
    readonly_fields = ["code"]


@admin.register(Office)
class OfficeAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "province", "is_active"]
    list_filter = ["kind", "is_active", "province"]
    list_select_related = ["district", "province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province", "district", "sub_districts"]

    def get_urls(self):
        # A whole province from one workbook, instead of its offices, users and villages one by one.
        from registry.views import onboarding

        def wrap(view):
            return self.admin_site.admin_view(
                lambda request, **kwargs: view(request, self.admin_site, **kwargs)
            )

        return [
            path("onboard/", wrap(onboarding.onboard_start), name="registry_office_onboard"),
            path(
                "onboard/<int:object_id>/",
                wrap(onboarding.onboard_preview),
                name="registry_office_onboard_preview",
            ),
            *super().get_urls(),
        ]


@admin.register(User)
class UserAdmin(SafeAutocompleteMixin, DjangoUserAdmin):
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
    list_display = [
        "created_at",
        "kind",
        "office",
        "user",
        "file_name",
        "status",
        "created_count",
        "updated_count",
        "unchanged_count",
        "rejected_count",
    ]
    list_filter = ["kind", "status"]
    exclude = ["rows"]
    readonly_fields = [
        f
        for f in [
            "kind",
            "office",
            "user",
            "file_name",
            "status",
            "row_count",
            "created_count",
            "updated_count",
            "unchanged_count",
            "rejected_count",
            "errors",
            "warnings",
            "committed_at",
        ]
    ]

    def has_add_permission(self, request):
        return False


@admin.register(Onboarding)
class OnboardingAdmin(admin.ModelAdmin):
    """The log of province set-ups; each opens on its own page (counts, problems, new users)."""

    list_display = ["created_at", "province", "user", "file_name", "status", "committed_at"]
    list_filter = ["status", "province"]
    list_select_related = ["province", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        from django.shortcuts import redirect

        return redirect("admin:registry_office_onboard_preview", int(object_id) if object_id.isdigit() else 0)
