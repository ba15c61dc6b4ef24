"""Public pages (no login): certificate lookup and download, verification, satisfaction survey."""

urlpatterns = []
