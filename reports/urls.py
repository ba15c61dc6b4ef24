from django.urls import path

from reports.views import plans

app_name = "reports"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/publish/", plans.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/programmes/new/", plans.programme_create, name="programme_create"),
    path("plans/<int:pk>/programmes/<int:programme_pk>/", plans.programme_edit, name="programme_edit"),
    path("plans/<int:pk>/programmes/<int:programme_pk>/indicators/new/", plans.indicator_create,
         name="indicator_create"),
    path("plans/<int:pk>/indicators/<int:indicator_pk>/", plans.indicator_edit, name="indicator_edit"),
    path("plans/<int:pk>/programmes/<int:programme_pk>/targets/", plans.targets_edit, name="targets_edit"),
    path("plans/<int:pk>/targets.xlsx", plans.targets_export, name="targets_export"),
    path("plans/<int:pk>/import/", plans.targets_import, name="targets_import"),
]
