from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Registers and areas")

    def ready(self):
        from django.db.models import F

        from kit import jobs

        jobs.register(
            jobs.JobKind(
                model="registry.ImportBatch",
                status_field="status",
                active=("checking", "queued"),
                failed="rejected",
                since_field="created_at",
                message_field="errors",
                store_message=lambda message: [{"row": 0, "column": "", "message": message}],
                finished_field=None,
                also={"rows": [], "rejected_count": F("row_count")},
                after_fail=_drop_upload,
                message=_(
                    "The job stopped part-way because the system failed; nothing was saved. "
                    "Please upload the file again."
                ),
            )
        )


def _drop_upload(batch):
    """An import marked failed keeps no uploaded file (PDPA)."""
    from registry.services.imports import drop_upload

    drop_upload(batch)
