"""Occupation groups run on the five ก, at least 5 members each.

กลุ่ม members (Membership, MembershipApplication) · กิจกรรม activities (Activity) · กรรมการ the committee
(CommitteeSeat) · กฎกติกา the rules, versioned (RuleVersion) · การประชุม meetings (Meeting). Money and work:
the work log (WorkEntry), the ledger (LedgerEntry), and the year end (GroupYear, DividendLine), which locks
the year once the general meeting approves it. Follow-up visits by the community developer (Visit).

Writes go through groups/services.py; reads with rules in them (readiness, the year's statement, dividends)
are in groups/selectors.py and groups/dividends.py.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from registry.models.base import VillageRecord
from registry.scoping import AreaPaths, ProgrammeQuerySet, ScopedQuerySet

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0.01"))]}
PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
}
MIN_MEMBERS_TO_REGISTER = 5


class GroupStatus(models.TextChoices):
    FORMING = "forming", _("forming")
    ACTIVE = "active", pgettext_lazy("group status", "active")
    SUSPENDED = "suspended", _("suspended")
    DISSOLVED = "dissolved", _("dissolved")


class ProductType(models.TextChoices):
    """The OTOP product types (ประเภทผลิตภัณฑ์ OTOP)."""

    FOOD = "food", _("food")
    DRINKS = "drinks", _("drinks")
    TEXTILES = "textiles", _("textiles and clothing")
    HOUSEHOLD = "household", _("household and decorative items, souvenirs")
    HERBS = "herbs", _("herbs other than food")


class CommunityLink(models.TextChoices):
    """How the product is tied to the community, for OTOP registration."""

    LABOUR_OR_MATERIALS = "labour", _("labour or raw materials from the community")
    MANAGEMENT = "management", _("managed by the community")
    BENEFIT = "benefit", _("benefits go to the community")


class Group(VillageRecord):
    """An occupation group (กลุ่มอาชีพ); `village` is where it is based, `villages` every village its members
    come from."""

    office = models.ForeignKey(
        "registry.Office",
        on_delete=models.PROTECT,
        related_name="occupation_groups",
        verbose_name=_("office"),
    )
    name = models.CharField(_("group name"), max_length=200)
    occupation = models.ForeignKey(
        "registry.Occupation", on_delete=models.PROTECT, related_name="+", verbose_name=_("occupation")
    )
    products = models.TextField(_("products"), blank=True)
    villages = models.ManyToManyField(
        "registry.Village", related_name="+", blank=True, verbose_name=_("villages of the members")
    )
    founded_on = models.DateField(_("founded on"))
    status = models.CharField(
        _("status"), max_length=10, choices=GroupStatus.choices, default=GroupStatus.FORMING
    )
    # The group's accounting year starts on the first day of this month; the year is named by the Buddhist Era
    # year in which it ends (October, the default, gives the government's fiscal year).
    year_start_month = models.PositiveSmallIntegerField(
        _("the group's year starts in month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    registration_number = models.CharField(_("district registration number"), max_length=50, blank=True)
    registered_on = models.DateField(_("registered with the district on"), null=True, blank=True)
    product_type = models.CharField(
        _("OTOP product type"), max_length=12, choices=ProductType.choices, blank=True
    )
    licences = models.CharField(
        _("licences and standards held"),
        max_length=300,
        blank=True,
        help_text=_("e.g. อย., มผช., GMP, Halal"),
    )
    community_link = models.CharField(
        _("link with the community"), max_length=12, choices=CommunityLink.choices, blank=True
    )
    otop_number = models.CharField(_("OTOP registration number"), max_length=50, blank=True)
    formed_from = models.ForeignKey(
        "training.Training",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups_formed",
        verbose_name=_("formed from the training"),
    )

    objects = ProgrammeQuerySet.as_manager()  # a district office keeps the groups it forms

    # Change-log entries about what a group owns (groups/services.py), by key.
    AUDIT_LABELS = {
        "memberships": _("members"),
        "applications": _("membership applications"),
        "committee": _("committee"),
        "meetings": _("meetings"),
        "rules": _("rules"),
        "activities": _("activities"),
        "work": _("work log"),
        "ledger": _("ledger"),
        "years": _("year end"),
        "visits": _("follow-up visits"),
    }

    class Meta:
        verbose_name = _("occupation group")
        verbose_name_plural = _("occupation groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "name"],
                name="group_name_unique_in_office",
                violation_error_message=_("The office already has a group with this name."),
            ),
            models.CheckConstraint(
                condition=Q(registration_number="") | Q(registered_on__isnull=False),
                name="group_registration_has_date",
                violation_error_message=_("Give the date of the district registration."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("groups:detail", args=[self.pk])

    def year_bounds(self, year: int) -> tuple[datetime.date, datetime.date]:
        """First and last day of the group's year `year` (Buddhist Era, named by the year it ends in)."""
        end_ce = year - 543
        month = self.year_start_month
        start = datetime.date(end_ce if month == 1 else end_ce - 1, month, 1)
        end = datetime.date(start.year + 1, month, 1) - datetime.timedelta(days=1)
        return start, end

    def year_of(self, day: datetime.date) -> int:
        """The group's year (BE) that `day` falls in."""
        end_ce = day.year if self.year_start_month == 1 or day.month < self.year_start_month else day.year + 1
        return end_ce + 543


class GroupChild(models.Model):
    """Rows that belong to a group are scoped through it."""

    objects = ScopedQuerySet.as_manager()
    area_paths = AreaPaths(
        province="group__province_id", district="group__district_id", sub_district="group__sub_district_id"
    )

    class Meta:
        abstract = True


# --- กลุ่ม: members -------------------------------------------------------------------------------------------


class Membership(GroupChild):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.PROTECT,
        related_name="group_memberships",
        verbose_name=_("member"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    founder = models.BooleanField(_("founding member"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["joined_on", "pk"]
        indexes = [models.Index(fields=["group", "joined_on", "left_on"], name="membership_by_dates")]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person"],
                condition=Q(left_on__isnull=True),
                name="membership_once_at_a_time",
                violation_error_message=_("This person is already a member of the group."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_leaves_after_joining",
                violation_error_message=_("A member cannot leave before joining."),
            ),
        ]

    def __str__(self):
        return str(self.person)

    def active_on(self, day: datetime.date) -> bool:
        return self.joined_on <= day and (self.left_on is None or day <= self.left_on)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the committee")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")


class MembershipApplication(GroupChild):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("applicant")
    )
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(
        _("decision"), max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-applied_on", "pk"]

    def __str__(self):
        return str(self.person)


# --- กรรมการ: the committee ---------------------------------------------------------------------------------


class CommitteeRole(models.TextChoices):
    """The committee's roles, from the president down to the advisers."""

    PRESIDENT = "president", _("president")
    VICE_PRESIDENT = "vice_president", _("vice-president")
    TREASURER = "treasurer", _("treasurer")
    ASSISTANT_TREASURER = "assistant_treasurer", _("assistant treasurer")
    ACCOUNTING = "accounting", _("accounting")
    MARKETING = "marketing", _("marketing")
    PRODUCTION = "production", _("production")
    STANDARDS = "standards", _("quality standards")
    PUBLIC_RELATIONS = "public_relations", _("public relations")
    RECEPTION = "reception", _("reception")
    ADVISOR = "advisor", _("advisor")


# The readiness score asks for these seats to be filled.
CORE_ROLES = (CommitteeRole.PRESIDENT, CommitteeRole.TREASURER, CommitteeRole.ACCOUNTING)


class CommitteeSeat(GroupChild):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="committee")
    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="seats", verbose_name=_("member")
    )
    role = models.CharField(_("role"), max_length=20, choices=CommitteeRole.choices)
    starts_on = models.DateField(_("term starts on"))
    ends_on = models.DateField(_("term ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee seat")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["group", "role", "starts_on"], name="seat_by_role")]
        constraints = [
            # Exactly one president at a time (the service also checks overlapping dated terms).
            models.UniqueConstraint(
                fields=["group"],
                condition=Q(role="president", ends_on__isnull=True),
                name="one_president_at_a_time",
                violation_error_message=_("The group already has a president."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="seat_ends_after_it_starts",
                violation_error_message=_("A term cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.membership.person}"


# --- การประชุม: meetings -------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    MONTHLY = "monthly", _("monthly meeting")
    GENERAL = "general", _("yearly general meeting")
    SPECIAL = "special", _("special meeting")


class Meeting(GroupChild):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(
        _("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.MONTHLY
    )
    date = models.DateField(_("date"))
    held = models.BooleanField(_("held"), default=True, help_text=_("Leave unticked for a planned meeting."))
    agenda = models.TextField(_("agenda"), blank=True)
    resolutions = models.TextField(_("resolutions"), blank=True)
    present = models.ManyToManyField(
        Membership, related_name="meetings_attended", blank=True, verbose_name=_("members present")
    )

    class Meta:
        verbose_name = _("meeting")
        ordering = ["-date", "-pk"]
        # Readiness asks "a meeting held in this month" of every group in scope.
        indexes = [
            models.Index(fields=["group", "date"], condition=Q(held=True), name="meeting_held_by_date")
        ]

    def __str__(self):
        from kit import thai

        return f"{self.get_kind_display()} {thai.date_short(self.date)}"


# --- กฎกติกา: the rules --------------------------------------------------------------------------------------


class WorkUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    PIECES = "pieces", _("pieces")


class RuleVersion(GroupChild):
    """One adopted version of the group's rules, with the yearly profit allocation (adding up to 100 %)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="rules")
    version = models.PositiveSmallIntegerField(_("version"))
    adopted_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="rules_adopted",
        verbose_name=_("adopted at the meeting"),
    )
    effective_from = models.DateField(_("in force from"))
    text = models.TextField(_("the rules"))
    work_unit = models.CharField(
        _("work is recorded in"), max_length=10, choices=WorkUnit.choices, default=WorkUnit.HOURS
    )
    dividend_pct = models.DecimalField(_("dividends to members (%)"), **PERCENT)
    reserve_pct = models.DecimalField(_("reserve fund (%)"), **PERCENT)
    welfare_pct = models.DecimalField(_("welfare (%)"), **PERCENT)
    committee_pct = models.DecimalField(_("committee (%)"), **PERCENT)
    other_pct = models.DecimalField(_("other uses (%)"), **PERCENT)

    ALLOCATION = ("dividend_pct", "reserve_pct", "welfare_pct", "committee_pct", "other_pct")
    ALLOCATION_LABELS = {
        "dividend_pct": _("dividends to members by their work"),
        "reserve_pct": _("reserve fund"),
        "welfare_pct": _("members' welfare"),
        "committee_pct": _("committee"),
        "other_pct": _("other uses"),
    }

    class Meta:
        verbose_name = _("rules")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["group", "version"], name="rule_version_unique"),
            models.CheckConstraint(
                condition=Q(dividend_pct__gte=0)
                & Q(reserve_pct__gte=0)
                & Q(welfare_pct__gte=0)
                & Q(committee_pct__gte=0)
                & Q(other_pct__gte=0)
                & Q(
                    dividend_pct=100
                    - models.F("reserve_pct")
                    - models.F("welfare_pct")
                    - models.F("committee_pct")
                    - models.F("other_pct")
                ),
                name="rule_allocation_adds_to_100",
                violation_error_message=_("The profit allocation must add up to 100%."),
            ),
        ]

    def __str__(self):
        return _("Rules, version %(version)s") % {"version": self.version}

    def allocation(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) for name in self.ALLOCATION}


# --- กิจกรรม: activities and production plans ----------------------------------------------------------------


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("activity")
    PRODUCTION = "production", _("production plan")


class Activity(GroupChild):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(
        _("kind"), max_length=10, choices=ActivityKind.choices, default=ActivityKind.ACTIVITY
    )
    title = models.CharField(_("activity"), max_length=200)
    decided_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="activities_decided",
        verbose_name=_("decided at the meeting"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)
    target = models.CharField(_("target (output)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["group", "starts_on"], name="activity_by_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("The end date is before the start date."),
            ),
        ]

    def __str__(self):
        return self.title


# --- money and work -----------------------------------------------------------------------------------------


class WorkEntry(GroupChild):
    """What a member did for the group: dividends follow these units (ทำมากได้มาก ทำน้อยได้น้อย ไม่ทำไม่ได้)."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="work")
    membership = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="work", verbose_name=_("member")
    )
    date = models.DateField(_("date"))
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="work",
        verbose_name=_("activity"),
    )
    units = models.DecimalField(
        _("units of work"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("work log entry")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(units__gt=0),
                name="work_units_positive",
                violation_error_message=_("Units of work must be more than zero."),
            )
        ]

    def __str__(self):
        return f"{self.membership.person} {self.units}"


class EntryKind(models.TextChoices):
    INCOME = "income", _("income")
    EXPENSE = "expense", _("expense")
    SAVING = "saving", _("member's savings or shares paid in")
    WITHDRAWAL = "withdrawal", _("member's savings paid back")


class LedgerCategory(models.TextChoices):
    SALES = "sales", _("sales")
    GRANT = "grant", _("grants and support")
    FEES = "fees", _("membership fees")
    INTEREST = "interest", _("interest")
    OTHER_INCOME = "other_income", _("other income")
    MATERIALS = "materials", _("materials and raw materials")
    WAGES = "wages", _("wages")
    EQUIPMENT = "equipment", _("tools and equipment")
    TRANSPORT = "transport", _("transport")
    UTILITIES = "utilities", _("water, electricity, rent")
    MARKETING = "marketing", _("marketing and packaging")
    OTHER_EXPENSE = "other_expense", _("other expenses")
    RETURNED = "returned", _("support money returned")
    MEMBER = "member", _("members' savings and shares")


INCOME_CATEGORIES = (
    LedgerCategory.SALES,
    LedgerCategory.GRANT,
    LedgerCategory.FEES,
    LedgerCategory.INTEREST,
    LedgerCategory.OTHER_INCOME,
)
EXPENSE_CATEGORIES = (
    LedgerCategory.MATERIALS,
    LedgerCategory.WAGES,
    LedgerCategory.EQUIPMENT,
    LedgerCategory.TRANSPORT,
    LedgerCategory.UTILITIES,
    LedgerCategory.MARKETING,
    LedgerCategory.OTHER_EXPENSE,
    LedgerCategory.RETURNED,
)


def _receipt_path(entry, filename):
    return f"groups/{entry.group_id}/receipts/{filename}"


class LedgerEntry(GroupChild):
    """A line of the group's books. Savings and shares are the members' money:
    kept apart from profit and loss."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="ledger")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=EntryKind.choices)
    category = models.CharField(_("category"), max_length=15, choices=LedgerCategory.choices)
    amount = models.DecimalField(_("amount (baht)"), **MONEY)
    description = models.CharField(_("description"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=50, blank=True)
    membership = models.ForeignKey(
        Membership,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="savings",
        verbose_name=_("member"),
    )
    receipt = models.FileField(
        _("scanned receipt"),
        upload_to=_receipt_path,
        blank=True,
        validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png", "webp", "heic"])],
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("ledger entry")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="ledger_amount_positive",
                violation_error_message=_("The amount must be more than zero."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="income", category__in=INCOME_CATEGORIES)
                    | Q(kind="expense", category__in=EXPENSE_CATEGORIES)
                    | Q(kind__in=["saving", "withdrawal"], category="member", membership__isnull=False)
                ),
                name="ledger_category_fits_kind",
                violation_error_message=_(
                    "The category does not fit the kind of entry (savings need a member)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.description} {self.amount}"


# --- year end -----------------------------------------------------------------------------------------------


class GroupYear(GroupChild):
    """A closed year: the statement the general meeting approved. Its entries are locked from then on."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    starts_on = models.DateField()
    ends_on = models.DateField()
    approved_at = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="years_approved",
        verbose_name=_("approved at the general meeting"),
    )
    rules = models.ForeignKey(RuleVersion, on_delete=models.PROTECT, related_name="+")
    income = models.DecimalField(max_digits=14, decimal_places=2)
    expense = models.DecimalField(max_digits=14, decimal_places=2)
    profit = models.DecimalField(max_digits=14, decimal_places=2)
    # The profit split per the rules, in baht: {"dividend_pct": "1234.56", ...}; empty after a loss.
    allocation = models.JSONField(default=dict)
    work_units = models.DecimalField(max_digits=12, decimal_places=2)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("closed year")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year"],
                name="group_year_once",
                violation_error_message=_("This year is already closed."),
            )
        ]

    def __str__(self):
        return _("Year %(year)s") % {"year": self.year}


class DividendLine(models.Model):
    year = models.ForeignKey(GroupYear, on_delete=models.CASCADE, related_name="dividends")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    units = models.DecimalField(max_digits=12, decimal_places=2)
    amount_satang = models.BigIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "membership"], name="dividend_once_per_member")
        ]


# --- follow-up by the community developer -------------------------------------------------------------------


class Visit(GroupChild):
    """A visit by the district's community developer: weekly in the group's first year, then monthly."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="visits")
    visited_on = models.DateField(_("visited on"))
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("visited by")
    )
    notes = models.TextField(_("what was found and advised"), blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        ordering = ["-visited_on", "-pk"]

    def __str__(self):
        from kit import thai

        return thai.date_short(self.visited_on)
