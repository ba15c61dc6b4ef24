"""A province set up from one workbook on the admin page: the file between its check and its write, then
the log of what it did."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.models.areas import Province
from registry.models.audit import ImportStatus


class Onboarding(models.Model):
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
        null=True,
        blank=True,
    )
    file_name = models.CharField(_("file name"), max_length=255)
    villages_file_name = models.CharField(_("village list file"), max_length=255, blank=True)
    # The uploaded files, through the storage API, until they are written or rejected: the write reads and
    # checks them again inside its transaction, against what the database holds at that moment.
    upload = models.FileField(upload_to="onboarding/", blank=True)
    villages_upload = models.FileField(upload_to="onboarding/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    # {"offices": {"created": n, "updated": n, "unchanged": n}, "villages": {...}, "users": {...}}
    counts = models.JSONField(default=dict)
    errors = models.JSONField(default=list)  # [{"sheet": ..., "row": n, "column": ..., "message": ...}]
    warnings = models.JSONField(default=list)
    # The users the write created, without a password, for their sign-in codes:
    # [{"username", "name", "office"}].
    new_users = models.JSONField(default=list)
    created_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("written at"), null=True, blank=True)

    class Meta:
        verbose_name = _("province set-up")
        verbose_name_plural = _("province set-ups")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"
