from django.urls import path

from grants.views import printouts, public, requests  # noqa: F401 - each developer's module adds its views here

app_name = "grants"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
    # Printed documents and the grant file (gpublic)
    path("<int:pk>/decision.pdf", printouts.decision_pdf, name="decision_pdf"),
    path("<int:pk>/agreement.pdf", printouts.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/file/", printouts.file_request, name="file_request"),
    path("<int:pk>/file/<uuid:file_pk>/", printouts.grant_file, name="file"),
    # Public pages (gpublic)
    path("status/", public.status, name="status"),
    path("public/", public.public_list, name="public_list"),
]
