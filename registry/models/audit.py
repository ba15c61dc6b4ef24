"""Who changed what and when; who looked at a full national ID and why; what each import did."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


# Changes that are not a model field of the record itself.
EXTRA_LABELS = {
    "members": _("team members"),
    "lead": _("team lead"),
    "mentor": _("instructor"),
    "office": _("office"),
    "move_reason": _("reason for the move"),
}


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj):
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk))


class AuditEntry(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=40)
    object_repr = models.CharField(_("record"), max_length=300)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    # {field label: [old, new]}; national ID numbers are stored masked.
    changes = models.JSONField(_("changes"), default=dict)
    # None: the command line (manage.py import_register), where no one is logged in.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    import_batch = models.ForeignKey(
        "registry.ImportBatch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )

    objects = AuditEntryQuerySet.as_manager()

    def labelled_changes(self):
        """[(field label, old, new)] in the user's language."""
        model = self.content_type.model_class()
        rows = []
        for name, (old, new) in self.changes.items():
            try:
                label = model._meta.get_field(name).verbose_name
            except Exception:  # not a field: the model's own labels (AUDIT_LABELS), then the registers'
                label = getattr(model, "AUDIT_LABELS", {}).get(name) or EXTRA_LABELS.get(name, name)
            rows.append((label, old, new))
        return rows

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]


class NationalIdReveal(models.Model):
    """A full national ID shown on screen (one person) or written to an export file (many)."""

    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
        null=True,
        blank=True,
    )
    records = models.PositiveIntegerField(_("number of people"), default=1)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.CharField(_("reason"), max_length=300)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("national ID shown")
        verbose_name_plural = _("national IDs shown")
        ordering = ["-at"]


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("being checked")
    PREVIEWED = "previewed", _("checked, waiting for confirmation")
    QUEUED = "queued", _("being imported")
    REJECTED = "rejected", _("rejected (errors found)")
    COMMITTED = "committed", _("imported")


class ImportBatch(models.Model):
    """One file brought into a register: the preview's checked rows, then the import log."""

    kind = models.CharField(_("register"), max_length=30)
    office = models.ForeignKey(
        "registry.Office", on_delete=models.PROTECT, related_name="+", verbose_name=_("office")
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
    # The uploaded file, through the storage API, only until the background worker has checked it (PDPA).
    upload = models.FileField(upload_to="imports/", blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices)
    task_id = models.CharField(max_length=64, blank=True)  # the background job checking or importing it
    row_count = models.PositiveIntegerField(_("rows in file"), default=0)
    created_count = models.PositiveIntegerField(_("rows created"), default=0)
    updated_count = models.PositiveIntegerField(_("rows updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("rows unchanged"), default=0)
    rejected_count = models.PositiveIntegerField(_("rows rejected"), default=0)
    errors = models.JSONField(default=list)  # [{"row": n, "column": "...", "message": "..."}]
    warnings = models.JSONField(default=list)  # file-level notes, e.g. ignored extra columns
    # The checked, parsed rows between preview and confirmation; emptied once imported (PDPA).
    rows = models.JSONField(default=list)
    created_at = models.DateTimeField(_("checked at"), auto_now_add=True)
    committed_at = models.DateTimeField(_("imported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("import log")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def rejected_display(self):
        """Rows that failed, for the import log; a file that could not be read at all fails as a whole."""
        if self.status == ImportStatus.REJECTED and not self.row_count and self.errors:
            return _("whole file")
        return self.rejected_count
