from django.urls import path

from reports.views import assessments, dashboard, exports, missing, plans, submissions, targets

app_name = "reports"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
    # The province's plan for a fiscal year
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/publish/", plans.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/programmes/new/", plans.programme_create, name="programme_create"),
    path("plans/<int:pk>/programmes/<int:programme_pk>/", plans.programme_edit, name="programme_edit"),
    path(
        "plans/<int:pk>/programmes/<int:programme_pk>/remove/",
        plans.programme_remove,
        name="programme_remove",
    ),
    path(
        "plans/<int:pk>/programmes/<int:programme_pk>/indicators/new/",
        plans.indicator_create,
        name="indicator_create",
    ),
    path("plans/<int:pk>/indicators/<int:indicator_pk>/", plans.indicator_edit, name="indicator_edit"),
    path(
        "plans/<int:pk>/indicators/<int:indicator_pk>/remove/",
        plans.indicator_remove,
        name="indicator_remove",
    ),
    path("plans/<int:pk>/programmes/<int:programme_pk>/targets/", plans.targets_edit, name="targets_edit"),
    path("plans/<int:pk>/targets.xlsx", plans.targets_export, name="targets_export"),
    path("plans/<int:pk>/import/", plans.targets_import, name="targets_import"),
    # Target villages chosen by the rules (step 3)
    path("plans/<int:pk>/programmes/<int:programme_pk>/villages/", targets.province, name="targets"),
    path(
        "plans/<int:pk>/programmes/<int:programme_pk>/villages/<str:district>/",
        targets.district,
        name="targets_district",
    ),
    path(
        "plans/<int:pk>/programmes/<int:programme_pk>/villages/<str:district>/add/",
        targets.pick,
        name="targets_pick",
    ),
    path(
        "plans/<int:pk>/programmes/<int:programme_pk>/villages/<str:district>/move/",
        targets.move,
        name="targets_move",
    ),
    path("plans/<int:pk>/target-villages/<int:target_pk>/remove/", targets.remove, name="target_remove"),
    path("plans/<int:pk>/programmes/<int:programme_pk>/exclusions/", targets.exclusions, name="exclusions"),
    path("target-villages/import/", targets.funded_import, name="funded_import"),
    # The sufficiency-economy village assessment (หมู่บ้านเศรษฐกิจพอเพียง), rounds 1 and 2
    path("sufficiency/", assessments.assessment_list, name="sufficiency_list"),
    path("sufficiency/villages/<int:pk>/", assessments.village, name="sufficiency_village"),
    path("sufficiency/villages/<int:pk>/record/", assessments.record, name="sufficiency_record"),
    path("sufficiency/assessments/<int:pk>/plan/", assessments.plan, name="sufficiency_plan"),
    # The districts' summaries (steps 16-17)
    path("submissions/", submissions.submission_list, name="submissions"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission"),
    path("submissions/<int:pk>/decide/", submissions.submission_decide, name="submission_decide"),
    # The dashboard: the plan against live results, from the country or the province down to a village
    path("dashboard/", dashboard.home, name="dashboard"),
    path("dashboard/provinces/<str:code>/", dashboard.province, name="dashboard_province"),
    path("dashboard/districts/<str:code>/", dashboard.district, name="dashboard_district"),
    path("dashboard/sub-districts/<str:code>/", dashboard.sub_district, name="dashboard_sub_district"),
    path("dashboard/villages/<int:pk>/", dashboard.village, name="dashboard_village"),
    path("dashboard/<str:level>/<str:key>/<str:figure>/", dashboard.figure_records, name="dashboard_records"),
    # The dashboard as an Excel workbook or a printed book, made by the worker;
    # each export is its owner's only
    path("dashboard/export/", exports.dashboard_export, name="dashboard_export"),
    path("exports/<uuid:pk>/", exports.export_detail, name="export"),
    path("exports/<uuid:pk>/file/", exports.export_file, name="export_file"),
    # What is missing (step 17): per district, with the lists behind the counts
    path("missing/", missing.table, name="missing"),
    path("missing/<str:district>/<str:kind>/", missing.records, name="missing_list"),
]
