"""What is missing (step 17 of the provincial operating guideline): the province checks that the districts'
records are complete and correct.

Each kind is one queryset of the records that lack something, built from the owning app's `for_user` queryset
and, where that app already knows the rule, its own selector (follow-ups overdue, groups' visits due, grants'
overdue reports). The table counts every kind per district in the database (one GROUP BY query per kind,
whatever the number of districts); the list behind a count is the same queryset narrowed to one district, so a
count always equals the length of its list.

A kind's `records(user, fiscal_year, today)` returns the records, `district` names the column that holds their
district code, `url_name` and `pk_path` the page where the record is fixed and the path to its primary key.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from grants.models import GrantRequest, Status
from grants.selectors import overdue_q
from groups.models import Group
from groups.selectors import visits_due
from kit import thai
from registry.models import District, Person, SubDistrict, Village
from reports.models import Assessment, Round
from reports.selectors.targets import approved_villages
from training.models import Attendance, Enrollment, FollowUp, Training
from training.selectors import follow_ups_overdue

RESULTS_WITHIN = datetime.timedelta(days=7)  # results are recorded within 7 days of the end


def trainings_without_results(user, fiscal_year: int, today: datetime.date):
    """Trainings of the fiscal year that ended more than 7 days ago (end date before today − 7 days: a
    training that ended exactly 7 days ago is still within its time) and whose results are not recorded: no
    trainee enrolled, or a trainee with no attendance recorded or no post-test score (a pass is the post-test
    score against the pass mark, so without the score there is no pass)."""
    unrecorded = Enrollment.objects.filter(training=OuterRef("pk")).filter(
        Q(post_score__isnull=True) | ~Exists(Attendance.objects.filter(enrollment=OuterRef("pk")))
    )
    return (
        Training.objects.for_user(user)
        .filter(fiscal_year=fiscal_year, end_date__lt=today - RESULTS_WITHIN)
        .filter(~Exists(Enrollment.objects.filter(training=OuterRef("pk"))) | Exists(unrecorded))
        .select_related("village", "office")
        .order_by("end_date", "pk")
    )


def follow_ups_late(user, fiscal_year: int, today: datetime.date):
    """Follow-up visits (3 and 6 months) of the fiscal year's trainings not made and past their due date: the
    training app's own rule (`training.selectors.follow_ups_overdue`)."""
    trainings = Training.objects.for_user(user).filter(fiscal_year=fiscal_year)
    return follow_ups_overdue(trainings=trainings, today=today).select_related(
        "enrollment__training__village"
    )


def income_not_recorded(user, fiscal_year: int, today: datetime.date):
    """Follow-up visits made (visit date recorded) to a promoted trainee (a certificate not revoked) of the
    fiscal year's trainings, without the income per month before or after the training:
    the figures of the 85 % indicator."""
    trainings = Training.objects.for_user(user).filter(fiscal_year=fiscal_year)
    return (
        FollowUp.objects.filter(
            enrollment__training__in=trainings,
            visited_on__isnull=False,
            enrollment__certificate__isnull=False,
            enrollment__certificate__revoked_at__isnull=True,
        )
        .filter(Q(income_before__isnull=True) | Q(income_after__isnull=True))
        .select_related("enrollment__person", "enrollment__training__village")
        .order_by("visited_on", "pk")
    )


def _target_villages_without(round_number):
    def records(user, fiscal_year: int, today: datetime.date):
        done = Assessment.objects.filter(village=OuterRef("pk"), fiscal_year=fiscal_year, round=round_number)
        return (
            Village.objects.for_user(user)
            .filter(pk__in=approved_villages(fiscal_year).values("pk"))
            .exclude(Exists(done))
            .select_related("sub_district")
            .order_by("code")
        )

    return records


without_round_1 = _target_villages_without(Round.BEFORE)
without_round_1.__doc__ = """Target villages of the fiscal year (on an approved list of the year's published
plan) with no round 1 of the sufficiency-village assessment for that year."""
without_round_2 = _target_villages_without(Round.AFTER)
without_round_2.__doc__ = (
    """Target villages of the fiscal year with no round 2 of the assessment for that year."""
)


def groups_not_visited(user, fiscal_year: int, today: datetime.date):
    """Groups (not dissolved or suspended) whose follow-up visit is overdue today: weekly in their first year,
    then monthly (`groups.selectors.visits_due`). A visit is due now, whatever the fiscal year."""
    return visits_due(Group.objects.for_user(user), today).select_related("village")


def grants_overdue(user, fiscal_year: int, today: datetime.date):
    """Grant requests of the fiscal year whose report is overdue (`grants.selectors.overdue_q`) or whose money
    is to be returned and is not yet (status "money to return")."""
    return (
        GrantRequest.objects.for_user(user)
        .filter(fiscal_year=fiscal_year)
        .filter(overdue_q(today) | Q(status=Status.REFUND_DUE))
        .select_related("group", "village")
        .order_by("report_due_on", "pk")
    )


def people_wrong_village(user, fiscal_year: int, today: datetime.date):
    """People whose village does not hold together. A person always has a village (the column is required and
    a village cannot be deleted while people live in it), so "missing" cannot happen; what can be wrong is:
    the person's household is in another village, or the stored sub-district/district columns (which every
    scope and report filters on) disagree with the village's (the village was moved to another sub-district
    after the person was saved). Not tied to a fiscal year."""
    return (
        Person.objects.for_user(user)
        .filter(
            Q(household__isnull=False) & ~Q(household__village_id=F("village_id"))
            | ~Q(sub_district_id=F("village__sub_district_id"))
            | ~Q(district_id=F("village__district_id"))
        )
        .select_related("village", "household__village")
        .order_by("village__code", "first_name", "pk")
    )


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    definition: str  # what the kind counts, for the user (the function's docstring, in a sentence)
    records: object  # (user, fiscal_year, today) -> queryset
    district: str  # the column holding the record's district code
    url_name: str  # the page where the record is fixed
    pk_path: str = "pk"  # the path from the record to that page's primary key

    def __reduce__(self):  # stored with the dashboard's figures by its code (reports/services/snapshots.py)
        return kind_of, (self.code,)


KINDS = (
    Kind(
        "results",
        _("Training results not recorded"),
        _(
            "Trainings of the fiscal year that ended more than 7 days ago with no trainee, "
            "or with a trainee whose attendance or post-test score is not recorded."
        ),
        trainings_without_results,
        "district_id",
        "training:detail",
    ),
    Kind(
        "follow_ups",
        _("Follow-up visits overdue"),
        _("3- and 6-month follow-up visits of the fiscal year's trainees not made and past their due date."),
        follow_ups_late,
        "enrollment__training__district_id",
        "training:detail",
        "enrollment__training_id",
    ),
    Kind(
        "income",
        _("Visits to promoted households without income"),
        _(
            "Follow-up visits made to certified trainees of the fiscal year without the income per month "
            "before or after the training."
        ),
        income_not_recorded,
        "enrollment__training__district_id",
        "training:detail",
        "enrollment__training_id",
    ),
    Kind(
        "round_1",
        _("Target villages without round 1"),
        _(
            "Villages on an approved target list of the year's published plan with no round 1 of the "
            "sufficiency-village assessment."
        ),
        without_round_1,
        "district_id",
        "reports:sufficiency_village",
    ),
    Kind(
        "round_2",
        _("Target villages without round 2"),
        _(
            "Villages on an approved target list of the year's published plan with no round 2 of the "
            "sufficiency-village assessment."
        ),
        without_round_2,
        "district_id",
        "reports:sufficiency_village",
    ),
    Kind(
        "visits",
        _("Groups without a visit"),
        _("Active groups whose follow-up visit is overdue today: weekly in their first year, then monthly."),
        groups_not_visited,
        "district_id",
        "groups:detail",
    ),
    Kind(
        "grants",
        _("Grants overdue or money not returned"),
        _(
            "Grant requests of the fiscal year whose report is overdue, or whose money is to be returned and "
            "is not yet."
        ),
        grants_overdue,
        "district_id",
        "grants:detail",
    ),
    Kind(
        "people",
        _("People with a wrong village"),
        _(
            "People whose household is in another village, or whose sub-district or district differs from "
            "their village's."
        ),
        people_wrong_village,
        "district_id",
        "registry:person_detail",
    ),
)
BY_CODE = {kind.code: kind for kind in KINDS}


def kind_of(code: str) -> Kind | None:
    return BY_CODE.get(code)


def districts_for(user):
    """The districts the user reads: a provincial officer's province, a district officer's district, a TAO's
    own districts, every district for an administrator."""
    return (
        District.objects.filter(code__in=SubDistrict.objects.for_user(user).values("district_id"))
        .select_related("province")
        .order_by("code")
    )


@dataclass
class DistrictRow:
    district: District
    counts: list = field(default_factory=list)  # [(kind, count)] in KINDS order

    @property
    def total(self) -> int:
        return sum(n for _kind, n in self.counts)

    @property
    def found(self) -> list:
        """The kinds with something missing (the narrow screen lists only these)."""
        return [(kind, n) for kind, n in self.counts if n]


@dataclass
class MissingTable:
    fiscal_year: int
    kinds: tuple
    rows: list
    totals: list  # [(kind, count)]

    @property
    def total(self) -> int:
        return sum(n for _kind, n in self.totals)


def missing_table(
    *, user, fiscal_year: int, today: datetime.date, province: str | None = None, district: str | None = None
) -> MissingTable:
    """Every kind counted per district of the user's area (narrowed to a province or a district when given,
    never widened): one query for the districts and one per kind."""
    districts = districts_for(user)
    if province:
        districts = districts.filter(province_id=province)
    if district:
        districts = districts.filter(pk=district)
    districts = list(districts)
    per_kind = {}
    for kind in KINDS:
        records = kind.records(user, fiscal_year, today)
        if province or district:  # the kind's district column narrows it the same way
            records = records.filter(**{f"{kind.district}__in": [d.pk for d in districts]})
        counted = (
            records.order_by()
            .values(kind.district)
            .annotate(n=Count("pk", distinct=True))
            .values_list(kind.district, "n")
        )
        per_kind[kind.code] = dict(counted)
    rows = [
        DistrictRow(district=d, counts=[(kind, per_kind[kind.code].get(d.pk, 0)) for kind in KINDS])
        for d in districts
    ]
    totals = [(kind, sum(row.counts[i][1] for row in rows)) for i, kind in enumerate(KINDS)]
    return MissingTable(fiscal_year=fiscal_year, kinds=KINDS, rows=rows, totals=totals)


def missing_records(*, user, kind: Kind, district: District, fiscal_year: int, today: datetime.date):
    """The records behind one count of the table: the kind's records in one district."""
    return kind.records(user, fiscal_year, today).filter(**{kind.district: district.pk})


@dataclass(frozen=True)
class MissingRow:
    """One line of a list: what the record is, where it is, what is missing,
    and the page where it is fixed."""

    title: str
    url: str
    village: object
    detail: str
    national_id: str = ""  # masked (kit.thai.national_id_mask), people only


def _path(record, path: str):
    for part in path.split("__"):
        record = getattr(record, part)
    return record


def _detail(kind: Kind, record) -> str:
    if kind.code == "results":
        return gettext_now("ended %(date)s") % {"date": thai.date_short(record.end_date)}
    if kind.code == "follow_ups":
        return gettext_now("%(months)s-month visit due %(date)s") % {
            "months": record.round,
            "date": thai.date_short(record.due_on),
        }
    if kind.code == "income":
        return gettext_now("visited %(date)s") % {"date": thai.date_short(record.visited_on)}
    if kind.code == "visits":
        last = record.last_visit
        return (
            gettext_now("last visit %(date)s") % {"date": thai.date_short(last)}
            if last
            else gettext_now("never visited")
        )
    if kind.code == "grants":
        return record.get_status_display()
    if kind.code == "people" and record.household_id and record.household.village_id != record.village_id:
        return gettext_now("household in %(village)s") % {"village": record.household.village}
    if kind.code == "people":
        return gettext_now("area columns differ from the village's")
    return ""


def _title(kind: Kind, record) -> str:
    if kind.code in ("follow_ups", "income"):
        return f"{record.enrollment.person} · {record.enrollment.training}"
    if kind.code == "grants":
        return f"{record.number} · {record.group}"
    return str(record)


def _village(kind: Kind, record):
    if kind.code in ("follow_ups", "income"):
        return record.enrollment.training.village
    if kind.code in ("round_1", "round_2"):
        return record
    return record.village


def rows_of(kind: Kind, records, fiscal_year: int) -> list[MissingRow]:
    """The list's lines for a page of `records` of `kind`."""
    rows = []
    for record in records:
        url = reverse(kind.url_name, args=[_path(record, kind.pk_path)])
        if kind.url_name == "reports:sufficiency_village":
            url = f"{url}?year={fiscal_year}"
        person = (
            record
            if kind.code == "people"
            else (record.enrollment.person if kind.code in ("follow_ups", "income") else None)
        )
        rows.append(
            MissingRow(
                title=_title(kind, record),
                url=url,
                village=_village(kind, record),
                detail=_detail(kind, record),
                national_id=thai.national_id_mask(person.national_id) if person else "",
            )
        )
    return rows
