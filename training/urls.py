"""Staff pages of the training app."""

from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.training_list, name="training_list"),
    path("new/", views.training_create, name="create"),
    path("village/", views.village_training, name="village_training"),
    path("follow-ups/", views.follow_ups_overdue, name="follow_ups"),
    path("<int:pk>/", views.training_detail, name="detail"),
    path("<int:pk>/follow-ups/<int:follow_up_pk>/", views.follow_up_record, name="follow_up"),
    path("<int:pk>/enrol-search/", views.enrol_search, name="enrol_search"),
    path("<int:pk>/certificates/batch/", views.certificates_batch_status, name="certificates_batch"),
    path("<int:pk>/certificates.pdf", views.certificates_download, name="certificates_pdf"),
    path("<int:pk>/materials.pdf", views.materials_sheet, name="materials_pdf"),
    path("<int:pk>/survey-qr/<int:enrollment_pk>.svg", views.survey_qr, name="survey_qr"),
    path("<int:pk>/attendance.xlsx", views.attendance_template_download, name="attendance_template"),
    path("<int:pk>/sessions/<int:session_pk>/signin.pdf", views.signin_sheet, name="signin_pdf"),
]
