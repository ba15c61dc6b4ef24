from django.urls import path

from grants.views import public, requests  # noqa: F401 - each developer's module adds its views here

app_name = "grants"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
]
