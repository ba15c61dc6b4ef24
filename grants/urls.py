from django.urls import path

from grants.views import lists, printouts, public, requests

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
    # Printed documents and the grant file (gpublic)
    path("<int:pk>/receipt.pdf", printouts.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/decision.pdf", printouts.decision_pdf, name="decision_pdf"),
    path("<int:pk>/agreement.pdf", printouts.agreement_pdf, name="agreement_pdf"),
    path("<int:pk>/file/", printouts.file_request, name="file_request"),
    path("<int:pk>/file/<uuid:file_pk>/", printouts.grant_file, name="file"),
    # Public pages (gpublic)
    path("status/", public.status, name="status"),
    path("public/", public.public_list, name="public_list"),
]
