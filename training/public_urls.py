"""Public pages (no login): certificate lookup and download, verification, satisfaction survey."""

from django.urls import path

from training import public

urlpatterns = [
    path("certificates/", public.certificate_lookup, name="certificate_lookup"),
    path("certificates/download/", public.certificate_download, name="certificate_download"),
    # The .json route first: "<str:code>" would otherwise never see the suffix (it has no slash).
    path("verify/<str:code>.json", public.verify_json, name="verify_json"),
    path("verify/<str:code>/", public.verify, name="verify"),
    path("survey/<str:token>/", public.survey, name="survey"),
]
