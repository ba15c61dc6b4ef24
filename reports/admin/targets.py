"""The administrator adds the projects whose funded villages the plans exclude (สัมมาชีพชุมชน, ความมั่นคงด้านอาชีพ
และรายได้, หมู่บ้านเศรษฐกิจพอเพียง, ...)."""

from django.contrib import admin

from reports.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
