from django.urls import path

from reports.views import assessments

app_name = "reports"

# The URL names are contracts (tests/sweep/objects.py declares their parameters).
urlpatterns = [
    # The sufficiency-economy village assessment (หมู่บ้านเศรษฐกิจพอเพียง), rounds 1 and 2
    path("sufficiency/", assessments.assessment_list, name="sufficiency_list"),
    path("sufficiency/villages/<int:pk>/", assessments.village, name="sufficiency_village"),
    path("sufficiency/villages/<int:pk>/record/", assessments.record, name="sufficiency_record"),
    path("sufficiency/assessments/<int:pk>/plan/", assessments.plan, name="sufficiency_plan"),
]
