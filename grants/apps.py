from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grants"
    verbose_name = _("Grant requests")

    def ready(self):
        from grants import panels
        from kit import panels as slots

        slots.register("groups.group", panels.group_very_late)
        slots.register("groups.group", panels.group_requests)
        slots.register("home", panels.home_work)

        from kit import jobs

        jobs.register(
            jobs.JobKind(
                model="grants.GrantFile",
                status_field="state",
                active=("queued", "running"),
                failed="failed",
                since_field="requested_at",
                message=_(
                    "Making the grant file stopped part-way because the system failed; "
                    "please ask for it again."
                ),
            )
        )
