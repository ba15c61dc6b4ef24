"""The admin site: Django's, with autocomplete answers that name a record the way the record asks to be named.

A model may give `path_label()` (an area: "ต.โพนทอง อ.เมืองกาฬสินธุ์ จ.กาฬสินธุ์ (460109)"); its autocomplete
choices then show that instead of `str()`, since many sub-district names recur elsewhere. INSTALLED_APPS names
`kit.admin_site.AdminConfig` in place of "django.contrib.admin", so `admin.site` is this site.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


def choice_label(obj) -> str:
    label = getattr(obj, "path_label", None)
    return str(label()) if callable(label) else str(obj)


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": choice_label(obj)}


class AdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)


class AdminConfig(DjangoAdminConfig):
    default_site = "kit.admin_site.AdminSite"
