from django.urls import path

from registry.registers import views as register_views
from registry.registers.declarations import REGISTERS
from registry.views import people, pickers, readiness, teams, villages

app_name = "registry"


def register_urls(register):
    """The same eight pages for every register."""
    views = {
        "list": ("", register_views.RegisterListView),
        "export": ("export/", register_views.RegisterExportView),
        "import": ("import/", register_views.RegisterImportView),
        "import_preview": ("import/<int:pk>/", register_views.RegisterImportPreviewView),
        "create": ("new/", register_views.RegisterEditView),
        "detail": ("<int:pk>/", register_views.RegisterDetailView),
        "update": ("<int:pk>/edit/", register_views.RegisterEditView),
        "delete": ("<int:pk>/delete/", register_views.RegisterDeleteView),
    }
    return [
        path(f"{register.key}/{route}", view.as_view(register=register), name=f"{register.name}_{action}")
        for action, (route, view) in views.items()
        if register.import_kind or action not in ("import", "import_preview")
    ]


urlpatterns = [
    path("villages/", villages.VillageListView.as_view(), name="village_list"),
    path("villages/new/", villages.VillageCreateView.as_view(), name="village_create"),
    path("villages/<int:pk>/", villages.VillageDetailView.as_view(), name="village_detail"),
    path("villages/<int:pk>/edit/", villages.VillageUpdateView.as_view(), name="village_update"),
    path("villages/<int:pk>/delete/", villages.VillageDeleteView.as_view(), name="village_delete"),
    path("people/<int:pk>/national-id/", people.reveal_national_id, name="person_reveal"),
    path("people/move/", people.move_person, name="person_move"),
    path("people/moves/", people.moves_log, name="person_moves"),
    path("needs/", people.needs_summary, name="needs_summary"),
    path("teams/", teams.team_list, name="team_list"),
    path("teams/<int:pk>/", teams.team_detail, name="team_detail"),
    path("mentoring/", teams.mentoring, name="mentoring"),
    path("log/national-ids/", people.reveal_log, name="reveal_log"),
    path("pick/<str:kind>/", pickers.pick, name="pick"),
    path("readiness/", readiness.table, name="readiness"),
    path("readiness/<str:province>/<str:gap>/", readiness.records, name="readiness_list"),
]
for _register in REGISTERS:
    urlpatterns += register_urls(_register)
