from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from kit import panels as slots
        from kit import programmes
        from reports import panels
        from reports.selectors import targets

        slots.register("registry.village", panels.village_assessments)
        slots.register("registry.village", panels.village_targets)
        slots.register("home", panels.home_results)
        programmes.register(targets.approved_villages)

        from kit import jobs

        jobs.register(
            jobs.JobKind(
                model="reports.Export",
                status_field="status",
                active=("queued", "running"),
                failed="failed",
                since_field="created_at",
                message=_(
                    "Making the file stopped part-way because the system failed; please ask for it again."
                ),
            )
        )
