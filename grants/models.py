"""Grant requests (คำร้องขอรับการสนับสนุน): an occupation group asks the office that funds it for money, materials
or tools: budget, materials, tools or appropriate technology for a plan that develops the group.

A request (GrantRequest) belongs to one group and is owned by its funding office: a TAO or municipality, or a
district community development office. Its way from draft to closed is the table in grants/workflow.py; every
move is a RequestMove row (the timeline). Money comes from a budget line of the office's fiscal year
(BudgetLine); the committee and the executive may change or remove cost lines, each with the reason
(CostAdjustment); the approved version is frozen with exactly the approved lines (ApprovedVersion) and changes
after approval go through a ChangeRequest. Payments and refunds are posted to the group's own ledger (the
groups app's services) in the same transaction; a payment recorded wrongly is reversed (PaymentReversal),
never deleted; the group's report is built from the ledger entries tagged to the grant (SpendingTag): the
links live here, the groups app knows nothing of grants.

Writes go through grants/services.py; money arithmetic and eligibility are read in grants/selectors.py.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.models.base import VillageRecord
from registry.scoping import AreaPaths, ScopedQuerySet

# Money: positive, at most 999,999,999.99 baht; an absurd amount is refused by the column's validators.
AMOUNT = {
    "max_digits": 12,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("999999999.99"))],
}
UPLOAD_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp"]


class Status(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    MORE_INFO = "more_info", _("more information asked")
    SCREENING = "screening", _("screening")
    INELIGIBLE = "ineligible", _("ineligible")
    REVIEW = "review", _("committee review")
    APPROVAL = "approval", _("waiting for the executive")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    AGREEMENT = "agreement", _("agreement")
    DISBURSING = "disbursing", _("disbursing")
    IN_PROGRESS = "in_progress", _("project under way")
    REPORTING = "reporting", _("reporting")
    REPORT_REVIEW = "report_review", _("report under review")
    REFUND_DUE = "refund_due", _("money to return")
    CLOSED = "closed", _("closed")
    WITHDRAWN = "withdrawn", _("withdrawn")
    TERMINATED = "terminated", _("terminated")


# The groups of states (final, approved, committed, ...) are read off the workflow table: grants/workflow.py.


class Purpose(models.TextChoices):
    """What the support is for: more output, better quality, better management or more skills."""

    OUTPUT = "output", _("more output")
    QUALITY = "quality", _("better quality")
    MANAGEMENT = "management", _("better management")
    SKILLS = "skills", _("more skills")


class SupportKind(models.TextChoices):
    MONEY = "money", _("money")
    MATERIALS = "materials", _("materials")
    TOOLS = "tools", _("tools")
    TECHNOLOGY = "technology", _("appropriate technology")


class CostKind(models.TextChoices):
    MATERIAL = "material", _("materials (วัสดุ)")
    DURABLE = "durable", _("durable goods (ครุภัณฑ์)")
    OTHER = "other", _("other expenses (ค่าใช้จ่ายอื่น)")


class OfficeQuerySet(models.QuerySet):
    """Rows owned by an office (budget lines): seen by the office's people, and by district and provincial
    officers over the offices of their area."""

    def for_user(self, user, action: str = "view"):
        from registry.scoping import Role

        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN:
            return self
        office = user.office
        if office is None:
            return self.none()
        if action == "change" or user.role not in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER):
            return self.filter(office=office)
        if user.role == Role.DISTRICT_OFFICER:
            return self.filter(Q(office=office) | Q(office__district_id=office.district_id))
        return self.filter(office__province_id=office.province_id)


class BudgetLine(models.Model):
    """A line of the office's budget (งบประมาณตามข้อบัญญัติ / ตามแผน), with its e-LAAS style codes."""

    office = models.ForeignKey(
        "registry.Office", on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("office")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    plan_code = models.CharField(_("plan (แผนงาน)"), max_length=60)
    work_code = models.CharField(_("work (งาน)"), max_length=60, blank=True)
    budget_code = models.CharField(_("budget (งบ)"), max_length=60, blank=True)
    category_code = models.CharField(_("category (หมวด)"), max_length=60, blank=True)
    type_code = models.CharField(_("type (ประเภท)"), max_length=60, blank=True)
    project = models.CharField(_("project (โครงการ)"), max_length=300)
    appropriated = models.DecimalField(_("appropriated amount (baht)"), **AMOUNT)
    materials_only = models.BooleanField(
        _("materials only"),
        default=False,
        help_text=_(
            "Support in materials only: durable goods and other expenses (transport, wages) are refused on "
            "this line."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["-fiscal_year", "plan_code", "project", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "office",
                    "fiscal_year",
                    "plan_code",
                    "work_code",
                    "budget_code",
                    "category_code",
                    "type_code",
                    "project",
                ],
                name="budget_line_unique",
                violation_error_message=_("The office already has this budget line in this fiscal year."),
            ),
            models.CheckConstraint(
                condition=Q(appropriated__gt=0),
                name="budget_line_positive",
                violation_error_message=_("The appropriated amount must be more than zero."),
            ),
        ]

    def __str__(self):
        return f"{self.project} ({self.fiscal_year})"

    @property
    def codes(self) -> str:
        return " / ".join(
            c
            for c in (self.plan_code, self.work_code, self.budget_code, self.category_code, self.type_code)
            if c
        )


class OfficeGrantSettings(models.Model):
    """An office's own grant settings."""

    office = models.OneToOneField("registry.Office", on_delete=models.CASCADE, related_name="grant_settings")
    report_due_days = models.PositiveSmallIntegerField(
        _("report due (days after the project ends)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = _("grant settings")


class GrantRequest(VillageRecord):
    """A group's request for support, entered by the funding office's staff from the paper request. Its
    village (and the area columns scoping reads) is the group's, set when saved."""

    number = models.CharField(_("request number"), max_length=40, unique=True)
    office = models.ForeignKey(
        "registry.Office",
        on_delete=models.PROTECT,
        related_name="grant_requests",
        verbose_name=_("funding office"),
    )
    group = models.ForeignKey(
        "groups.Group", on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation group")
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year (B.E.)"), validators=[MinValueValidator(2500), MaxValueValidator(2700)]
    )
    title = models.CharField(_("project name"), max_length=300)
    purposes = models.JSONField(_("purposes"), default=list)
    support_kinds = models.JSONField(_("support asked"), default=list)
    activities = models.TextField(_("activities"), blank=True)
    starts_on = models.DateField(_("project starts on"), null=True, blank=True)
    ends_on = models.DateField(_("project ends on"), null=True, blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    amount_requested = models.DecimalField(_("amount requested (baht)"), null=True, blank=True, **AMOUNT)
    received_on = models.DateField(_("request received on"), null=True, blank=True)
    # The project's end + the funding office's days (grants.selectors.report_due_on), kept here for the lists.
    report_due_on = models.DateField(_("report due on"), null=True, blank=True, editable=False, db_index=True)

    status = models.CharField(
        _("state"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Review (committee)
    recommended_amount = models.DecimalField(_("recommended amount (baht)"), null=True, blank=True, **AMOUNT)
    review_meeting_on = models.DateField(_("committee met on"), null=True, blank=True)
    committee_notes = models.TextField(_("committee notes"), blank=True)
    score = models.PositiveSmallIntegerField(
        _("committee score (0–100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    # Approval (the executive): the line and the amount, frozen in ApprovedVersion
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("budget line"),
    )
    approved_amount = models.DecimalField(_("approved amount (baht)"), null=True, blank=True, **AMOUNT)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reason = models.CharField(_("reason for the decision"), max_length=500, blank=True)
    agreement_number = models.CharField(_("agreement number"), max_length=60, blank=True)
    agreement_on = models.DateField(_("agreement made on"), null=True, blank=True)
    # The group's report
    report_results = models.TextField(_("results against the plan"), blank=True)
    reported_on = models.DateField(_("report received on"), null=True, blank=True)
    results_recorded_on = models.DateField(_("results recorded on"), null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("grant request")
        verbose_name_plural = _("grant requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "fiscal_year", "status"], name="grant_office_year_state"),
            models.Index(fields=["province", "fiscal_year", "status"], name="grant_province_year_state"),
            models.Index(fields=["group", "fiscal_year"], name="grant_group_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="grant_ends_after_start",
                violation_error_message=_("The project cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("grants:detail", args=[self.pk])

    def set_areas(self):
        if self.group_id and not self.village_id:
            self.village_id = self.group.village_id
        super().set_areas()


class RequestChild(models.Model):
    """Rows of a request are scoped through it."""

    objects = ScopedQuerySet.as_manager()
    area_paths = AreaPaths(
        province="request__province_id",
        district="request__district_id",
        sub_district="request__sub_district_id",
    )

    class Meta:
        abstract = True


class CostLine(RequestChild):
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="cost_lines")
    item = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1_000_000))],
    )
    unit = models.CharField(_("unit"), max_length=40)
    unit_price = models.DecimalField(_("unit price (baht)"), **AMOUNT)
    kind = models.CharField(_("kind"), max_length=10, choices=CostKind.choices, default=CostKind.MATERIAL)

    class Meta:
        verbose_name = _("cost line")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(unit_price__gt=0),
                name="cost_line_positive",
                violation_error_message=_("Quantity and unit price must be more than zero."),
            ),
        ]

    def __str__(self):
        return self.item

    @property
    def amount(self) -> Decimal:
        return (self.quantity * self.unit_price).quantize(Decimal("0.01"))


class Adjuster(models.TextChoices):
    """Who decided a cost line other than asked: the committee recommends, the executive approves."""

    COMMITTEE = "committee", _("the committee")
    EXECUTIVE = "executive", _("the executive")


class CostAdjustment(RequestChild):
    """A cost line as the committee recommends it, or as the executive approves it, when that is not the
    line before them (as asked, or as recommended): another quantity or unit price, or the line removed,
    always with the reason. The approved lines are the executive's, else the committee's, else the lines as
    asked (grants.selectors.decided_lines); they are frozen in ApprovedVersion."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="adjustments")
    cost_line = models.ForeignKey(CostLine, on_delete=models.CASCADE, related_name="adjustments")
    by = models.CharField(_("decided by"), max_length=10, choices=Adjuster.choices)
    removed = models.BooleanField(_("removed"), default=False)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(1_000_000))],
    )
    unit_price = models.DecimalField(_("unit price (baht)"), null=True, blank=True, **AMOUNT)
    reason = models.CharField(_("reason"), max_length=500)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cost line decision")
        ordering = ["cost_line_id", "by"]
        constraints = [
            models.UniqueConstraint(fields=["cost_line", "by"], name="grant_adjustment_unique"),
            models.CheckConstraint(
                condition=Q(removed=True) | (Q(quantity__gt=0) & Q(unit_price__gt=0)),
                name="grant_adjustment_kept_line_priced",
                violation_error_message=_("Quantity and unit price must be more than zero."),
            ),
        ]


class DocumentKind(models.TextChoices):
    REQUEST_LETTER = "request_letter", _("request letter")
    PROJECT_PLAN = "project_plan", _("project plan")
    GROUP_REGISTRATION = "registration", _("group registration with the district")
    MINUTES = "minutes", _("minutes of the meeting that decided to ask")
    SIGNED_AGREEMENT = "agreement", _("signed agreement (scan)")
    RECEIPT = "receipt", _("receipt")
    REPORT = "report", _("the group's report")
    PHOTO = "photo", _("photo of the results")
    OTHER = "other", _("other document")


def _document_path(document, filename):
    # A random name: the original name may carry personal data and is kept in `name` only.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"grants/{document.request_id}/{uuid.uuid4().hex}.{ext}"


class Document(RequestChild):
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"), upload_to=_document_path, validators=[FileExtensionValidator(UPLOAD_EXTENSIONS)]
    )
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        ordering = ["kind", "uploaded_at", "pk"]

    def __str__(self):
        return self.name


class RequestMove(RequestChild):
    """The timeline: every move of a request, who, when and why."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="moves")
    from_state = models.CharField(
        pgettext_lazy("state", "from"), max_length=20, choices=Status.choices, blank=True
    )
    to_state = models.CharField(pgettext_lazy("state", "to"), max_length=20, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["at", "pk"]


class ApprovedVersion(RequestChild):
    """The approved request, frozen: version 1 at approval, one more for each approved change request."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    amount = models.DecimalField(_("approved amount (baht)"), **AMOUNT)
    starts_on = models.DateField(null=True)
    ends_on = models.DateField(null=True)
    # The approved lines, adding up to `amount`: [{"item","quantity","unit","unit_price","kind"}], as strings.
    cost_lines = models.JSONField(default=list)
    # The lines approved other than asked, with why: [{"item","unit","kind","asked_quantity",
    # "asked_unit_price","quantity","unit_price","removed","by","reason"}] (no quantity or price: removed).
    adjustments = models.JSONField(default=list)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="grant_version_unique")]

    @property
    def adjusted(self) -> list[dict]:
        """The lines approved other than asked, each with who decided it in words (`by_label`)."""
        labels = dict(Adjuster.choices)
        return [{**a, "by_label": labels.get(a.get("by"), "")} for a in self.adjustments]


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the executive")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ChangeRequest(RequestChild):
    """A change to the approved version (amount, dates, cost lines), decided by the executive."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="changes")
    amount = models.DecimalField(_("new amount (baht)"), **AMOUNT)
    starts_on = models.DateField(_("project starts on"), null=True)
    ends_on = models.DateField(_("project ends on"), null=True)
    cost_lines = models.JSONField(default=list)
    reason = models.CharField(_("why the change"), max_length=500)
    status = models.CharField(
        _("decision"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True)
    decision_note = models.CharField(_("note on the decision"), max_length=500, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status="pending"),
                name="grant_one_pending_change",
                violation_error_message=_("A change is already waiting for the executive."),
            )
        ]


class PaymentQuerySet(ScopedQuerySet):
    def not_reversed(self):
        """The payments that count as paid: a reversed one stays on record but the group holds none of it."""
        return self.filter(reversal__isnull=True)


class Payment(RequestChild):
    """Money paid to the group (one or more instalments); posted to the group's ledger as grant income."""

    objects = PaymentQuerySet.as_manager()

    request = models.ForeignKey(GrantRequest, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(_("amount (baht)"), **AMOUNT)
    paid_on = models.DateField(_("paid on"))
    voucher_number = models.CharField(_("payment voucher number (เลขที่ฎีกา)"), max_length=60)
    transfer_reference = models.CharField(_("transfer reference"), max_length=100, blank=True)
    ledger_entry = models.OneToOneField("groups.LedgerEntry", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="grant_payment_positive")]


class PaymentReversal(RequestChild):
    """A payment recorded wrongly, reversed as accounts are: the payment stays on record and no longer counts
    as paid, and a reversing line (the support going back out, an expense) is posted to the group's ledger.
    The correct payment is then recorded as a new one."""

    request = models.ForeignKey(GrantRequest, on_delete=models.PROTECT, related_name="reversals")
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="reversal", verbose_name=_("payment")
    )
    reversed_on = models.DateField(_("reversed on"))
    reason = models.CharField(_("reason for the reversal"), max_length=500)
    ledger_entry = models.OneToOneField("groups.LedgerEntry", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment reversal")
        ordering = ["reversed_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="grant_reversal_has_reason"),
        ]


class Refund(RequestChild):
    """Money the group returned (คืนเงินเหลือจ่าย); posted to the group's ledger as an expense."""

    request = models.ForeignKey(GrantRequest, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("amount (baht)"), **AMOUNT)
    refunded_on = models.DateField(_("returned on"))
    receipt_number = models.CharField(_("receipt number"), max_length=60)
    ledger_entry = models.OneToOneField("groups.LedgerEntry", on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["refunded_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="grant_refund_positive")]


class SpendingTag(RequestChild):
    """A ledger expense of the group, spent from this grant (the report's spending is the sum of these)."""

    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="spending")
    ledger_entry = models.OneToOneField(
        "groups.LedgerEntry", on_delete=models.PROTECT, related_name="+", verbose_name=_("ledger entry")
    )
    tagged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    tagged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class GrantFile(RequestChild):
    """The whole grant file for auditors, built by the background worker (grants/tasks.py)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being made")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(GrantRequest, on_delete=models.CASCADE, related_name="files")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    task_id = models.CharField(max_length=64, blank=True)
    file = models.FileField(upload_to="generated/grants/", blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-requested_at"]


class StatusLookupAttempt(models.Model):
    """Failed lookups of the public status page, by hashed client (rate limit,
    like the certificate lookup)."""

    client = models.CharField(max_length=64, db_index=True)
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
