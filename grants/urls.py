from django.urls import path

from grants.views import lists, public, requests  # noqa: F401 - each developer's module adds its views here

app_name = "grants"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
    path("", lists.request_list, name="list"),
    path("export.xlsx", lists.request_export, name="export"),
    path("due/", lists.due_list, name="due"),
    path("lines/", lists.line_list, name="lines"),
    path("lines/new/", lists.line_create, name="line_create"),
    path("lines/<int:pk>/", lists.line_detail, name="line"),
    path("lines/<int:pk>/edit/", lists.line_edit, name="line_edit"),
    path("settings/", lists.office_settings, name="settings"),
    path("new/", requests.request_create, name="create"),
    path("<int:pk>/", requests.request_detail, name="detail"),
    path("<int:pk>/edit/", requests.request_edit, name="edit"),
    path("<int:pk>/documents/<int:doc_pk>/", requests.document, name="document"),
]

