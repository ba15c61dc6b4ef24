from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("new/", views.group_create, name="create"),
    path("from-training/<int:training_pk>/", views.group_from_training, name="from_training"),
    path("visits/", views.visits_overdue, name="visits_overdue"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/edit/", views.group_edit, name="edit"),
    path("<int:pk>/member-search/", views.member_search, name="member_search"),
    path("<int:pk>/receipts/<int:entry_pk>/", views.receipt, name="receipt"),
    path("<int:pk>/years/<int:year>/", views.group_year, name="year"),
    path(
        "<int:pk>/years/<int:year>/dividends.pdf", views.dividend_sheet, {"fmt": "pdf"}, name="dividend_pdf"
    ),
    path(
        "<int:pk>/years/<int:year>/dividends.xlsx",
        views.dividend_sheet,
        {"fmt": "xlsx"},
        name="dividend_xlsx",
    ),
]
