from django.urls import path

from grants.views import public, requests  # noqa: F401 - each developer's module adds its views here

app_name = "grants"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
    path("new/", requests.request_create, name="create"),
    path("<int:pk>/", requests.request_detail, name="detail"),
    path("<int:pk>/edit/", requests.request_edit, name="edit"),
    path("<int:pk>/documents/<int:doc_pk>/", requests.document, name="document"),
]
