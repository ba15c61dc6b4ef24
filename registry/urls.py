from django.urls import path

from registry.views import villages

app_name = "registry"

urlpatterns = [
    path("villages/", villages.VillageListView.as_view(), name="village_list"),
    path("villages/new/", villages.VillageCreateView.as_view(), name="village_create"),
    path("villages/<int:pk>/", villages.VillageDetailView.as_view(), name="village_detail"),
    path("villages/<int:pk>/edit/", villages.VillageUpdateView.as_view(), name="village_update"),
    path("villages/<int:pk>/delete/", villages.VillageDeleteView.as_view(), name="village_delete"),
]
