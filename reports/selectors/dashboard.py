"""The dashboard: one fiscal year's plan against the live results for one place, with the places
below it, from the country down to a village.

A *place* is where the user stands on the drill-down: the country (an administrator), a province, a district,
a sub-district, a village, or a local office (a TAO's own summary: the villages it covers). Each place is seen
only by those whose area holds it (`find_place` returns None otherwise: the view's 404), and each user starts
at their own (`home_place`): an administrator at the country, a provincial officer at their province, a
district officer at their district, a TAO's staff at their office.

Everything here is read from reports/selectors/results.py (the figures, defined once), the plan's models and
the "what is missing" and submissions selectors; the number of queries is fixed whatever the number of places
below. The parts that are the same for everyone who may open a place are kept per place
(reports/services/snapshots.py, the one write made here: a page computed live stores them for the next).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from kit import thai
from registry.models import District, Province, SubDistrict, Village
from registry.scoping import Role
from reports.models import Measure, Plan, PlanStatus, Programme, Submission
from reports.models.plans import FISCAL_MONTHS, PERCENT_MEASURES
from reports.selectors import results as r
from reports.selectors.missing import missing_table
from reports.selectors.submissions import current as current_submissions
from reports.selectors.submissions import differences, live_of
from reports.services import snapshots

COUNTRY, PROVINCE, DISTRICT, SUB_DISTRICT, VILLAGE, OFFICE = (
    "country",
    "province",
    "district",
    "sub_district",
    "village",
    "office",
)
# What lies below each place, and at which results level it is grouped.
BELOW = {
    COUNTRY: PROVINCE,
    PROVINCE: DISTRICT,
    DISTRICT: SUB_DISTRICT,
    SUB_DISTRICT: VILLAGE,
    OFFICE: VILLAGE,
    VILLAGE: None,
}
LEVEL_NAMES = {
    COUNTRY: _("the country"),
    PROVINCE: _("province"),
    DISTRICT: _("district"),
    SUB_DISTRICT: _("sub-district"),
    VILLAGE: _("village"),
    OFFICE: _("office"),
}


@dataclass(frozen=True)
class Place:
    """One place of the drill-down: its level, key (an area code, a village's id, an office's id; None for the
    country), name, and the area filters it puts on the results."""

    level: str
    key: object
    name: str
    province: str | None = None
    district: str | None = None
    sub_district: str | None = None
    village: int | None = None

    @property
    def url_args(self) -> tuple:
        return () if self.level in (COUNTRY, OFFICE) else (self.key,)

    @property
    def url_name(self) -> str:
        return "reports:dashboard" if self.level in (COUNTRY, OFFICE) else f"reports:dashboard_{self.level}"

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)

    @property
    def level_name(self):
        return LEVEL_NAMES[self.level]

    def scope(self, user, fiscal_year: int, level: str | None = None) -> r.Scope:
        """The results' scope of this place, grouped by the level below it (or `level`)."""
        below = level or BELOW[self.level] or VILLAGE
        return r.Scope(
            user=user,
            fiscal_year=fiscal_year,
            level=below,
            province=self.province,
            district=self.district,
            sub_district=self.sub_district,
            village=self.village,
        )


def _province(p) -> Place:
    return Place(PROVINCE, p.code, p.name_th, province=p.code)


def _district(d) -> Place:
    return Place(DISTRICT, d.code, d.name_th, province=d.province_id, district=d.code)


def _sub_district(s) -> Place:
    return Place(
        SUB_DISTRICT, s.code, s.name_th, province=s.province_id, district=s.district_id, sub_district=s.code
    )


def _village(v) -> Place:
    return Place(
        VILLAGE,
        v.pk,
        str(v),
        province=v.province_id,
        district=v.district_id,
        sub_district=v.sub_district_id,
        village=v.pk,
    )


def home_place(user) -> Place | None:
    """Where the user starts: None for a user with no area (no office, or an office without one)."""
    if user.role == Role.ADMIN:
        return Place(COUNTRY, None, gettext_now("All provinces"))
    office = user.office
    if office is None:
        return None
    if user.role == Role.PROVINCE_OFFICER and office.province_id:
        return _province(office.province)
    if user.role == Role.DISTRICT_OFFICER and office.district_id:
        return _district(office.district)
    if office.is_local:
        return Place(OFFICE, office.pk, office.name)
    if office.district_id:  # staff working in a district office read its district
        return _district(office.district)
    return None


def find_place(user, level: str, key) -> Place | None:
    """The place `key` at `level` if the user's area holds it, else None (unknown, or someone else's)."""
    key = str(key)[:20]
    if level == PROVINCE:
        # A province is read whole by an administrator and its provincial officers only.
        sees = user.role == Role.ADMIN or (
            user.role == Role.PROVINCE_OFFICER and user.office_id and user.office.province_id == key
        )
        found = Province.objects.filter(pk=key).first() if sees else None
        return _province(found) if found else None
    if level == DISTRICT:
        found = r.districts_seen(user).filter(pk=key).first()
        return _district(found) if found else None
    if level == SUB_DISTRICT:
        found = SubDistrict.objects.for_user(user).filter(pk=key).first()
        return _sub_district(found) if found else None
    if level == VILLAGE and key.isdigit():
        found = Village.objects.for_user(user).filter(pk=int(key)).first()
        return _village(found) if found else None
    return None


def place_for(user, level: str, key=None) -> Place | None:
    """Any place by level and key: the country and an office are the user's own home or nothing (the exports
    name the place this way)."""
    if level in (COUNTRY, OFFICE):
        home = home_place(user)
        return home if home is not None and home.level == level else None
    return find_place(user, level, key)


def trail(user, place: Place) -> list[Place]:
    """The breadcrumbs: the places above `place` that the user may open,
    from their home down (not `place`)."""
    home = home_place(user)
    if home is None or place == home:
        return []
    above = []
    if place.village:
        sub = SubDistrict.objects.select_related("district__province").get(pk=place.sub_district)
        above = [_province(sub.district.province), _district(sub.district), _sub_district(sub)]
    elif place.sub_district:
        sub = SubDistrict.objects.select_related("district__province").get(pk=place.sub_district)
        above = [_province(sub.district.province), _district(sub.district)]
    elif place.district:
        above = [_province(Province.objects.get(pk=place.province))]
    if home.level == OFFICE:  # a TAO's staff: their office, then the sub-districts it covers
        return [home] + [p for p in above if p.level == SUB_DISTRICT and not _one_sub_district(user)]
    order = (PROVINCE, DISTRICT, SUB_DISTRICT)
    start = order.index(home.level) if home.level in order else -1
    return [home] + [p for p in above if p.level in order and order.index(p.level) > start]


def _one_sub_district(user) -> bool:
    return SubDistrict.objects.for_user(user).count() <= 1


# --- the page's parts ---------------------------------------------------------------------------------------


@dataclass
class Row:
    """One place below (or the total: place None) with every figure of the results."""

    place: Place | None
    values: dict  # column key → value


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "count"  # count | percent | baht
    measure: str = ""  # a Measure (or a TAO figure's key) whose records lie behind a count


# The results table: the village programme, then the TAOs' own work.
PROGRAMME_COLUMNS = (
    Column("target_villages_done", _("target villages done"), measure=Measure.TARGET_VILLAGES_DONE),
    Column("experts_taught", _("experts who taught"), measure=Measure.EXPERTS_TAUGHT),
    Column("households_trained", _("households trained"), measure=Measure.HOUSEHOLDS_TRAINED),
    Column("households_promoted", _("households promoted"), measure=Measure.HOUSEHOLDS_PROMOTED),
    Column(
        "households_higher_income",
        _("using the skill with higher income"),
        measure=Measure.HOUSEHOLDS_HIGHER_INCOME,
    ),
    Column("higher_income_share", _("share with higher income (%)"), kind="percent"),
    Column("income_rise", _("rise in average income (%)"), kind="percent"),
    Column("groups_formed", _("groups formed"), measure=Measure.GROUPS_FORMED),
    Column("groups_registered", _("groups registered"), measure=Measure.GROUPS_REGISTERED),
    Column("grants_approved", _("grants approved"), measure=Measure.GRANTS_APPROVED),
    Column("grants_paid", _("grants paid"), measure=Measure.GRANTS_PAID),
)
TAO_COLUMNS = (
    Column("tao_trainings", _("trainings held"), measure="tao_trainings"),
    Column("tao_certificates", _("certificates"), measure="tao_certificates"),
    Column("tao_groups", _("groups supported"), measure="tao_groups"),
    Column("tao_grants", _("grants approved"), measure="tao_grants"),
    Column("tao_grants_baht", _("approved (baht)"), kind="baht"),
)
BUDGET_COLUMNS = (
    Column("planned", _("planned (baht)"), kind="baht"),
    Column("approved", _("approved (baht)"), kind="baht"),
    Column("spent", _("spent (baht)"), kind="baht"),
)
COLUMNS = {c.key: c for c in PROGRAMME_COLUMNS + TAO_COLUMNS}


def values_of(figures: r.Results, area=None) -> dict:
    """{column key: value} of one area of `figures` (the whole scope: area None), as the tables show them."""

    def of(figure):
        return figure.total if area is None else figure.of(area)

    rise = figures.rise if area is None else figures.rise_by_area.get(area)
    return {
        "target_villages_done": of(figures.target_villages_done),
        "experts_taught": of(figures.experts_taught),
        "households_trained": of(figures.households_trained),
        "households_promoted": of(figures.households_promoted),
        "households_higher_income": of(figures.households_higher_income),
        "higher_income_share": figures.higher_income_share(area),
        "income_rise": rise.percent if rise is not None else None,
        "groups_formed": of(figures.groups_formed),
        "groups_registered": of(figures.groups_registered),
        "grants_approved": of(figures.grants.approved),
        "grants_paid": of(figures.grants.paid),
        "tao_trainings": of(figures.tao.trainings),
        "tao_certificates": of(figures.tao.certificates),
        "tao_groups": of(figures.tao.groups_supported),
        "tao_grants": of(figures.tao.grants.approved),
        "tao_grants_baht": of(figures.tao.grants.approved_baht),
    }


@dataclass
class Levels:
    """Sufficiency-village levels, round 1 beside round 2, for one place below (or the total)."""

    place: Place | None
    counts: list  # [(level, round 1 count, round 2 count)]


@dataclass
class DistrictState:
    """A district's submission for the period and how far the live figures moved since
    (province level only)."""

    district: Place
    submission: object  # a Submission or None
    changed: list  # the Differences that moved


@dataclass
class Month:
    label: str
    result: object  # cumulative result at the month's end (None: the month has not begun)
    planned: object  # the plan's expectation at the month's end (None without a target)


@dataclass
class Progress:
    """Cumulative results month by month through the fiscal year for one measure, beside the plan's
    expectation (the target × the share of the programme's period elapsed;
    a percentage's target throughout)."""

    measure: str
    label: str
    months: list
    target: object


@dataclass
class Dashboard:
    user: object
    place: Place
    trail: list
    fiscal_year: int
    plan: object  # the published plan of the place's province and year, or None
    draft_plan: object  # an unpublished plan of that province and year (to say so), or None
    programmes: list
    programme: object  # the programme chosen, or None (all)
    figures: r.Results
    progress: list  # reports.selectors.results.IndicatorProgress, the chosen programme's indicators
    budget: r.Budget | None
    rows: list  # Row per place below, in the order asked
    total: Row
    levels: list  # Levels per place below, then the total (place None)
    chart: Progress | None
    missing: object  # reports.selectors.missing.MissingTable (districts in the place), or None
    submissions: list  # DistrictState per district (province and district places), or []
    quarter: int
    sort: str
    descending: bool
    plans_by_province: dict = field(default_factory=dict)  # the country: {province code: plan status}
    as_of: object = None  # when the figures were read from the records (stored ones: when they were computed)

    @property
    def below(self) -> str | None:
        return BELOW[self.place.level]

    @property
    def below_name(self):
        """What the rows are: the level below the place (provinces, districts, sub-districts, villages)."""
        return LEVEL_NAMES[self.below] if self.below else ""

    @property
    def programme_columns(self):
        return PROGRAMME_COLUMNS

    @property
    def tao_columns(self):
        return TAO_COLUMNS

    @property
    def budget_rows(self) -> list:
        if self.budget is None:
            return []
        b = self.budget
        rows = [
            Row(
                row.place,
                {
                    "planned": b.planned.of(row.place.key) if b.planned.by_area else None,
                    "approved": b.approved.of(row.place.key),
                    "spent": b.spent.of(row.place.key),
                },
            )
            for row in self.rows
        ]
        return rows

    @property
    def budget_total(self) -> Row | None:
        if self.budget is None:
            return None
        split = self.place.level in (COUNTRY, PROVINCE, DISTRICT)  # the plan's budget is split by district
        return Row(
            None,
            {
                "planned": self.budget.planned.total if split else None,
                "approved": self.budget.approved.total,
                "spent": self.budget.spent.total,
            },
        )


def _children(user, place: Place, figures: r.Results) -> list[Place]:
    """The places below `place`: current areas, and abolished ones only where they have figures."""
    with_data = (
        set(figures.households_trained.by_area)
        | set(figures.groups_formed.by_area)
        | set(figures.tao.trainings.by_area)
        | set(figures.grants.approved.by_area)
    )
    current = Q(abolished_on__isnull=True) | Q(pk__in=with_data)
    if place.level == COUNTRY:
        return [_province(p) for p in Province.objects.filter(current).order_by("code")]
    if place.level == PROVINCE:
        return [
            _district(d) for d in District.objects.filter(current, province_id=place.key).order_by("code")
        ]
    if place.level == DISTRICT:
        return [
            _sub_district(s)
            for s in SubDistrict.objects.filter(current, district_id=place.key).order_by("code")
        ]
    if place.level == SUB_DISTRICT:
        return [_village(v) for v in Village.objects.filter(sub_district_id=place.key).order_by("number")]
    if place.level == OFFICE:
        return [
            _village(v)
            for v in Village.objects.for_user(user)
            .select_related("sub_district")
            .order_by("sub_district_id", "number")
        ]
    return []


def plan_of(place: Place, fiscal_year: int):
    """(the published plan, a draft plan) of the place's province for the year; (None, None) for the country
    or a place without a province."""
    if not place.province:
        return None, None
    plan = Plan.objects.filter(province_id=place.province, fiscal_year=fiscal_year).first()
    if plan is None:
        return None, None
    return (plan, None) if plan.status == PlanStatus.PUBLISHED else (None, plan)


def _sorted(rows: list, sort: str, descending: bool) -> list:
    if sort not in COLUMNS:
        return rows  # the areas' own order (their codes)

    def key(row):
        value = row.values.get(sort)
        return (value is None, value if value is not None else 0)

    ordered = sorted(rows, key=key, reverse=descending)
    if descending:  # places without a figure stay last either way
        ordered = [row for row in ordered if row.values.get(sort) is not None] + [
            row for row in ordered if row.values.get(sort) is None
        ]
    return ordered


def _levels(figures: r.Results, children: list[Place]) -> list[Levels]:
    from reports.models import Level

    def counts(area):
        by = figures.sufficiency.total if area is None else figures.sufficiency.by_area.get(area, {})
        return [(level, by.get((1, level.value), 0), by.get((2, level.value), 0)) for level in Level]

    return [Levels(child, counts(child.key)) for child in children] + [Levels(None, counts(None))]


def _submissions(
    user, place: Place, children: list[Place], figures: r.Results, fiscal_year: int, quarter: int
):
    if place.level == PROVINCE:
        districts = children
    elif place.level == DISTRICT:
        districts = [place]
    else:
        return []
    found = current_submissions(
        Submission.objects.for_user(user).filter(district_id__in=[d.key for d in districts]),
        fiscal_year=fiscal_year,
        quarter=quarter,
    )
    states = []
    for district in districts:
        submission = found.get(district.key)
        changed = []
        if (
            submission is not None and quarter == 0
        ):  # a quarter's live figures are not those of the whole year
            changed = [
                d
                for d in differences(
                    submission, live_of(figures, district.key if place.level == PROVINCE else None)
                )
                if d.changed
            ]
        states.append(DistrictState(district, submission, changed))
    return states


# --- month by month -----------------------------------------------------------------------------------------

CHART_MEASURES = [m for m in Measure if m not in PERCENT_MEASURES]


def month_ends(fiscal_year: int) -> list[datetime.date]:
    """The last day of each month of the fiscal year, October first."""
    first, _last = thai.fiscal_year_bounds(fiscal_year)
    ends = []
    for month in FISCAL_MONTHS:
        year = first.year if month >= 10 else first.year + 1
        following = datetime.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(following - datetime.timedelta(days=1))
    return ends


def _dated(scope: r.Scope, measure: str):
    """(rows, the date path that says when each counts, the distinct thing counted, the path from a row to the
    area columns) of a count measure: a record without its date counts from the first month."""
    if measure in (Measure.TARGET_VILLAGES_DONE, Measure.EXPERTS_TAUGHT):
        rows = r.village_trainings(scope).filter(r.finished_q())
        return (
            rows,
            "end_date",
            "village_id" if measure == Measure.TARGET_VILLAGES_DONE else "instructors__expert",
            "",
        )
    if measure == Measure.HOUSEHOLDS_TRAINED:
        return r._enrollments(scope), "training__start_date", "person__household", "training__"
    if measure == Measure.HOUSEHOLDS_PROMOTED:
        return (
            r._enrollments(scope).filter(r.CERTIFIED),
            "certificate__issued_on",
            "person__household",
            "training__",
        )
    if measure == Measure.HOUSEHOLDS_HIGHER_INCOME:
        return (
            r.latest_follow_ups(scope).filter(r.higher_income_q()),
            "visited_on",
            "enrollment__person__household",
            "enrollment__training__",
        )
    if measure in (Measure.GROUPS_FORMED, Measure.GROUPS_REGISTERED):
        rows = r._groups(scope)
        if measure == Measure.GROUPS_REGISTERED:
            return rows.filter(registered_on__isnull=False), "registered_on", "pk", ""
        return rows, "founded_on", "pk", ""
    if measure == Measure.GRANTS_APPROVED:
        return r._approved_grants(scope), "decided_on", "pk", ""
    from grants.models import Payment

    payments = Payment.objects.not_reversed().filter(request__in=r._approved_grants(scope))
    return payments, "paid_on", "request", "request__"


def _month_counts(scope: r.Scope, measure: str):
    """(rows, {month key: a conditional distinct count of the month's cumulative figure}, the area path)."""
    rows, date, counted, prefix = _dated(scope, measure)
    aggregates = {
        f"m{i}": Count(
            counted, distinct=True, filter=Q(**{f"{date}__lte": end}) | Q(**{f"{date}__isnull": True})
        )
        for i, end in enumerate(month_ends(scope.fiscal_year))
    }
    return rows.order_by(), aggregates, prefix


def _begun(values: dict, fiscal_year: int, today: datetime.date) -> list:
    return [
        values.get(f"m{i}", 0) if end.replace(day=1) <= today else None
        for i, end in enumerate(month_ends(fiscal_year))
    ]


def monthly(scope: r.Scope, measure: str, today: datetime.date) -> list:
    """The cumulative count of `measure` at each month's end of the fiscal year (None for months not yet
    begun): one query (a conditional distinct count per month),
    so the last begun month equals the live figure."""
    rows, aggregates, _prefix = _month_counts(scope, measure)
    return _begun(rows.aggregate(**aggregates), scope.fiscal_year, today)


def monthly_by_area(scope: r.Scope, measure: str, today: datetime.date) -> dict:
    """`monthly` for each area of the scope's level ({area: months};
    an area without any is absent): one query."""
    rows, aggregates, prefix = _month_counts(scope, measure)
    column = f"{prefix}{scope.column}"
    return {
        got.pop(column): _begun(got, scope.fiscal_year, today)
        for got in rows.values(column).annotate(**aggregates).values(column, *aggregates)
    }


def progress_chart(*, measure: str, label, fiscal_year: int, months: list, target, programme) -> Progress:
    """Cumulative `months` beside the plan's expectation: `target` spread over the programme's period (none
    without a target)."""
    ends = month_ends(fiscal_year)
    planned = [None] * len(ends)
    if target is not None:
        planned = [(target * r.period_elapsed(programme, end)).quantize(Decimal("0.01")) for end in ends]
    labels = [thai.MONTHS_SHORT[end.month - 1] for end in ends]
    return Progress(
        measure=measure,
        label=label,
        target=target,
        months=[
            Month(label, result, plan) for label, result, plan in zip(labels, months, planned, strict=False)
        ],
    )


def _chart(scope: r.Scope, measure: str, months: list, progress: list) -> Progress:
    indicator = next(
        (p for p in progress if p.indicator.measure == measure and p.total.target is not None), None
    )
    return progress_chart(
        measure=measure,
        label=Measure(measure).label,
        fiscal_year=scope.fiscal_year,
        months=months,
        target=indicator.total.target if indicator else None,
        programme=indicator.indicator.programme if indicator else None,
    )


# --- the whole page -----------------------------------------------------------------------------------------


def compute_parts(*, user, place: Place, fiscal_year: int, today: datetime.date, measures=()) -> dict:
    """The parts of `place`'s dashboard that depend on neither who looks (among those who may open it) nor the
    view's choices, computed live: the results, the budget's spending, the cumulative months of `measures` and
    the "what is missing" counts (kept by reports/services/snapshots.py)."""
    scope = place.scope(user, fiscal_year)
    missing = None
    if place.level in (PROVINCE, DISTRICT):  # the districts' own checks (step 17)
        missing = missing_table(
            user=user, fiscal_year=fiscal_year, today=today, province=place.province, district=place.district
        )
    return {
        "figures": r.results(scope),
        "spending": r.spending(scope),
        "charts": {measure: monthly(scope, measure, today) for measure in measures},
        "missing": missing,
    }


def _parts(user, place: Place, fiscal_year: int, today: datetime.date, wrote_at) -> tuple[dict, bool]:
    """(the parts of the page, whether they were computed now): the stored ones while current, else live."""
    if snapshots.storable(place):
        stored = snapshots.current(place, fiscal_year, today, wrote_at)
        if stored is not None:
            return stored, False
    taken_at = timezone.now()  # before the first query: a change committed after it makes these out of date
    parts = compute_parts(user=user, place=place, fiscal_year=fiscal_year, today=today)
    return dict(parts, taken_at=taken_at), True


def dashboard(
    *,
    user,
    place: Place,
    fiscal_year: int,
    today: datetime.date,
    programme: str | None = None,
    sort: str = "",
    descending: bool = False,
    measure: str = "",
    quarter: int = 0,
    wrote_at=None,
) -> Dashboard:
    """Everything the dashboard of `place` shows (and its workbook and book export): a fixed number of
    queries. `wrote_at`: when the user last wrote (reports/services/snapshots.py: stored figures older than
    that are not used)."""
    plan, draft = plan_of(place, fiscal_year)
    programmes = list(plan.programmes.order_by("number")) if plan else []
    chosen = next((p for p in programmes if str(p.number) == str(programme)), None)
    scope = place.scope(user, fiscal_year)
    parts, computed = _parts(user, place, fiscal_year, today, wrote_at)
    figures = parts["figures"]
    figures.scope = scope  # the stored results are the same for every user who may open the place
    progress = r.plan_progress(plan=plan, scope=scope, today=today, figures=figures) if plan else []
    if chosen is not None:
        progress = [p for p in progress if p.indicator.programme_id == chosen.pk]
    if plan is not None:
        money = r.budget(scope, Programme.objects.filter(pk=chosen.pk) if chosen else plan, parts["spending"])
    elif place.level == COUNTRY:
        money = r.budget(
            scope,
            Plan.objects.filter(fiscal_year=fiscal_year, status=PlanStatus.PUBLISHED),
            parts["spending"],
        )
    else:
        money = None
    children = _children(user, place, figures) if BELOW[place.level] else []
    rows = [Row(child, values_of(figures, child.key)) for child in children]
    if measure not in CHART_MEASURES:
        measure = next(
            (p.indicator.measure for p in progress if p.indicator.measure in CHART_MEASURES),
            Measure.HOUSEHOLDS_PROMOTED,
        )
    if measure not in parts["charts"]:
        parts["charts"][measure] = monthly(scope, measure, today)
        computed = True
    if computed and snapshots.storable(place):
        snapshots.store(place, fiscal_year, today, parts["taken_at"], parts)
    plans_by_province = {}
    if place.level == COUNTRY:
        plans_by_province = dict(
            Plan.objects.filter(fiscal_year=fiscal_year).values_list("province_id", "status")
        )
    return Dashboard(
        user=user,
        place=place,
        trail=trail(user, place),
        fiscal_year=fiscal_year,
        plan=plan,
        draft_plan=draft,
        programmes=programmes,
        programme=chosen,
        figures=figures,
        progress=progress,
        budget=money,
        rows=_sorted(rows, sort, descending),
        total=Row(None, values_of(figures)),
        levels=_levels(figures, children),
        chart=_chart(scope, measure, parts["charts"][measure], progress),
        missing=parts["missing"],
        submissions=_submissions(user, place, children, figures, fiscal_year, quarter),
        quarter=quarter,
        sort=sort if sort in COLUMNS else "",
        descending=descending,
        plans_by_province=plans_by_province,
        as_of=parts["taken_at"],
    )
