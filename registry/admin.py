"""The system administrator's screens: offices, users, areas and villages (Django admin, in Thai)."""

import re

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from kit.admin_site import choice_label
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
from registry.services.signin import signin_code_status, signin_codes_issue, signin_links_send


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


# An autocomplete's search may carry the value of another field of the form, which narrows its choices
# ("forward_province": the office's province, sent by static/js/admin_autocomplete_forward.js).
FORWARD_PARAM = "forward_%s"


class ForwardingAutocompleteMixin:
    """Sends the current value of other fields of the form (`forward`: their names) with every search."""

    def __init__(self, *args, forward=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.forward = tuple(forward)

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        if self.forward:
            attrs["data-forward"] = " ".join(self.forward)
        return attrs

    @property
    def media(self):
        return super().media + forms.Media(js=["js/admin_autocomplete_forward.js"])


class SafeAutocompleteSelect(ForwardingAutocompleteMixin, AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _lookup_values(self, value), attr)


class SafeAutocompleteSelectMultiple(ForwardingAutocompleteMixin, AutocompleteSelectMultiple):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _lookup_values(self, value), attr)


def _with_path_labels(formfield):
    """A chosen area shows the same path as the autocomplete's choices (its ancestors read in one query)."""
    queryset = getattr(formfield, "queryset", None)
    if formfield is not None and queryset is not None and hasattr(queryset.model, "path_label"):
        formfield.queryset = queryset.with_path()
        formfield.label_from_instance = choice_label
    return formfield


class SafeAutocompleteMixin:
    """Every autocomplete field of our admin screens survives whatever value is sent for it, and names an area
    with its whole path. `autocomplete_forward`: {field: the form's fields whose values its searches send}."""

    autocomplete_forward: dict = {}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field,
                self.admin_site,
                using=kwargs.get("using"),
                forward=self.autocomplete_forward.get(db_field.name, ()),
            )
        return _with_path_labels(super().formfield_for_foreignkey(db_field, request, **kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field,
                self.admin_site,
                using=kwargs.get("using"),
                forward=self.autocomplete_forward.get(db_field.name, ()),
            )
        return _with_path_labels(super().formfield_for_manytomany(db_field, request, **kwargs))


# "ต.โพนทอง", "อ.เมือง…", "จ.กาฬสินธุ์", "หมู่ 3" typed as the choices show them: the words after the
# prefix are searched.
AREA_PREFIX = re.compile(r"(?<!\S)(?:ต\.|อ\.|จ\.|แขวง|หมู่(?:ที่)?)\s*")


class AreaSearchMixin:
    """Searching an area by any level of its path; an autocomplete for a form that forwards its province
    (`forward_province`) offers only that province's areas."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_path()

    def get_search_results(self, request, queryset, search_term):
        queryset, use_distinct = super().get_search_results(
            request, queryset, AREA_PREFIX.sub(" ", search_term or "").strip()
        )
        province = request.GET.get(FORWARD_PARAM % "province", "")
        # A province that is not one (junk, nothing chosen yet) narrows nothing: the form refuses it anyway.
        if (
            "field_name" in request.GET
            and re.fullmatch(r"\d{2}", province)
            and Province.objects.filter(pk=province).exists()
        ):
            queryset = queryset.filter(province_id=province)
        return queryset, use_distinct


class AreaAdmin(AreaSearchMixin, admin.ModelAdmin):
    search_fields = ["code", "name_th", "name_en"]
    list_display = ["code", "name_th", "name_en", "abolished_on"]
    list_filter = [("abolished_on", admin.EmptyFieldListFilter)]

    def has_add_permission(self, request):
        return False  # areas come from the official list (load_areas), never typed by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


@admin.register(Province)
class ProvinceAdmin(AreaAdmin):
    def get_search_results(self, request, queryset, search_term):
        # A province has no province to narrow by: only the search itself.
        return admin.ModelAdmin.get_search_results(self, request, queryset, AREA_PREFIX.sub(" ", search_term))


@admin.register(District)
class DistrictAdmin(AreaAdmin):
    list_display = [*AreaAdmin.list_display, "province"]
    list_select_related = ["province"]
    search_fields = [*AreaAdmin.search_fields, "province__name_th"]


@admin.register(SubDistrict)
class SubDistrictAdmin(AreaAdmin):
    list_display = [*AreaAdmin.list_display, "district", "province", "postal_codes"]
    list_select_related = ["district", "province"]
    search_fields = [*AreaAdmin.search_fields, "district__name_th", "province__name_th"]


@admin.register(Village)
class VillageAdmin(AreaSearchMixin, SafeAutocompleteMixin, admin.ModelAdmin):
    list_display = ["code", "number", "name", "sub_district", "district", "province"]
    list_select_related = ["sub_district", "district", "province"]
    search_fields = ["code", "name", "sub_district__name_th", "district__name_th", "province__name_th"]
    autocomplete_fields = ["sub_district"]
    readonly_fields = ["code"]


class OfficeAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        # The sub-districts are a many-to-many field, which the model's clean() cannot see before it is saved.
        try:
            Office.check_sub_districts(province=data.get("province"), sub_districts=data.get("sub_districts"))
        except ValidationError as exc:
            self.add_error("sub_districts", exc)
        return data


@admin.register(Office)
class OfficeAdmin(SafeAutocompleteMixin, admin.ModelAdmin):
    form = OfficeAdminForm
    list_display = ["code", "name", "kind", "district", "province", "is_active"]
    list_filter = ["kind", "is_active", "province"]
    list_select_related = ["district", "province"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["province", "district", "sub_districts"]
    # The district and sub-district choices offer only the areas of the province chosen on the form.
    autocomplete_forward = {"district": ["province"], "sub_districts": ["province"]}

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
    list_filter = ["role", "is_active", "must_change_password", "office__province"]
    list_select_related = ["office"]
    search_fields = ["username", "first_name", "last_name", "email", "office__name"]
    autocomplete_fields = ["office"]
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password", "sign_in_code_status")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "position")}),
        (_("Office and role"), {"fields": ("office", "role", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    # Without a password ("usable_password" off), the user gets a printed one-time code or an e-mailed link.
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Office and role"), {"fields": ("first_name", "last_name", "email", "office", "role")}),
    )
    readonly_fields = ["last_login", "date_joined", "sign_in_code_status"]
    actions = ["print_sign_in_codes", "email_sign_in_links"]

    def save_model(self, request, obj, form, change):
        if not change:
            # A password typed by the administrator is known to them: the user replaces it at the first
            # sign-in.
            obj.must_change_password = True
        super().save_model(request, obj, form, change)

    @admin.display(description=_("first sign-in code"))
    def sign_in_code_status(self, obj):
        return signin_code_status(obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not settings.SIGNIN_LINKS_BY_EMAIL:
            actions.pop("email_sign_in_links", None)  # e-mail does not leave this server: print codes instead
        return actions

    @admin.action(description=_("Print first sign-in codes"))
    def print_sign_in_codes(self, request, queryset):
        issued = signin_codes_issue(
            users=queryset.select_related("office").order_by("username"), by=request.user
        )
        if not issued:
            self.message_user(
                request, _("No code printed: the selected users are inactive."), messages.WARNING
            )
            return None
        response = TemplateResponse(
            request,
            "admin/registry/user/sign_in_codes.html",
            {
                "issued": issued,
                "sign_in_url": request.build_absolute_uri(reverse("first_sign_in")),
                "site_title": self.admin_site.site_title,
            },
        )
        response["Cache-Control"] = (
            "no-store"  # the codes are shown once: never kept by the browser or a proxy
        )
        return response

    @admin.action(description=_("E-mail a link to set their password"))
    def email_sign_in_links(self, request, queryset):
        if not settings.SIGNIN_LINKS_BY_EMAIL:
            raise PermissionDenied
        sent, skipped = signin_links_send(users=queryset, by=request.user, request=request)
        if sent:
            self.message_user(
                request,
                _("Sent a link to set their password to %(count)s users.") % {"count": len(sent)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("Not sent, no e-mail address or inactive (print a first sign-in code for them): %(users)s")
                % {"users": ", ".join(u.username for u in skipped)},
                messages.WARNING,
            )


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
