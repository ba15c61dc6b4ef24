from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from kit import jobs

        jobs.register(
            jobs.JobKind(
                model="training.CertificateBatch",
                status_field="status",
                active=("queued", "running"),
                failed="failed",
                since_field="requested_at",
                message=_(
                    "Preparing the PDF of the certificates stopped part-way because the system failed; "
                    "please ask for it again."
                ),
            )
        )
