"""The provincial results, each defined once.

Every figure is computed by the database for one fiscal year and one scope (`Scope`: a user, whose `for_user`
querysets are where every read starts, plus optional area filters), grouped by an area level (district,
sub-district or village: one GROUP BY query per family of figures read from the same rows), with the total of
the scope computed by the database too (one aggregate query): the number of queries never grows with the
number of areas. A figure is a `Figure` (value per area code and the total); the docstring of each function is
its definition, which the dashboard shows as help text.

"The year's village trainings" (the village programme) are the trainings of the fiscal year held in a
village on an approved target-village list of a published plan of that year (`approved_villages`), in the
scope. Households are counted where the training was held (households borrowed from a neighbouring village
count in the target village); a person without a household is not counted as a household.

`reports` only reads the other apps here; nothing in this module writes.
"""

from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from grants.models import GrantRequest, Payment, Refund
from grants.workflow import APPROVED_STATES
from groups.models import Group
from kit import thai
from registry.models import District
from registry.models.offices import LOCAL_KINDS, OfficeKind
from registry.scoping import Action, AreaPaths, scope_q
from reports.models import Assessment, DistrictAllocation, DistrictTarget, Indicator, Measure, Programme
from reports.models.plans import FISCAL_MONTHS
from reports.selectors.assessments import with_levels
from reports.selectors.targets import approved_villages
from training.models import Enrollment, FollowUp, Step, Training

LEVELS = {
    "province": "province_id",
    "district": "district_id",
    "sub_district": "sub_district_id",
    "village": "village_id",
}
ZERO = Decimal(0)
RISE_THRESHOLD = Decimal(3)  # the department's indicator: average income up by at least 3 %


@dataclass(frozen=True)
class Scope:
    """Whose results, which year, grouped how. `level` is "province", "district", "sub_district" or "village";
    the area filters are codes (province "46", district "4601", sub-district "460101") or a village's id, each
    optional, applied on top of the user's own scope (they never widen it)."""

    user: object
    fiscal_year: int
    level: str = "district"
    province: str | None = None
    district: str | None = None
    sub_district: str | None = None
    village: int | None = None

    def __post_init__(self):
        if self.level not in LEVELS:
            raise ValueError(f"unknown area level {self.level!r}")

    @property
    def column(self) -> str:
        return LEVELS[self.level]

    def areas(self, queryset, prefix: str = ""):
        """`queryset` narrowed by the area filters, through the area columns found at `prefix`."""
        filters = {
            f"{prefix}province_id": self.province,
            f"{prefix}district_id": self.district,
            f"{prefix}sub_district_id": self.sub_district,
            f"{prefix}village_id": self.village,
        }
        return queryset.filter(**{key: value for key, value in filters.items() if value is not None})


@dataclass
class Figure:
    """One figure: its value per area (code or village id → value; areas without any are absent, read 0) and
    the total of the scope, computed by the database (not the sum of the areas for distinct counts)."""

    by_area: dict
    total: object

    def of(self, area):
        return self.by_area.get(area, ZERO if isinstance(self.total, Decimal) else 0)


def _figures(queryset, column: str, **aggregates) -> dict[str, Figure]:
    """One query for any number of aggregates of the same rows, per area (GROUP BY `column`) and over the
    whole queryset: the two SELECTs joined by UNION ALL, the total's row carrying no area (as the lower bound
    of tests/benchmarks/bench_national.py does)."""
    queryset = queryset.order_by()
    kind = models.IntegerField() if column.endswith("village_id") else models.CharField()
    names = list(aggregates)
    per_area = (
        queryset.values(column)
        .annotate(**aggregates)
        .annotate(_part=Value(0))
        .values_list("_part", column, *names)
    )
    whole = (
        queryset.annotate(_whole=Value(None, output_field=kind))
        .values("_whole")
        .annotate(**aggregates)
        .annotate(_part=Value(1))
        .values_list("_part", "_whole", *names)
    )
    by_area, totals = {}, [None] * len(names)
    for part, area, *values in per_area.union(whole, all=True):
        if part:
            totals = values
        else:
            by_area[area] = values
    return {
        name: Figure(
            by_area={area: values[i] for area, values in by_area.items()},
            total=totals[i] if totals[i] is not None else _empty(aggregates[name]),
        )
        for i, name in enumerate(names)
    }


def _empty(aggregate):
    """The value of an aggregate over no row: 0 for a count and a Coalesce(Sum, 0), None otherwise."""
    if isinstance(aggregate, Count):
        return 0
    if isinstance(aggregate, Coalesce):
        return ZERO
    return None


def _figure(queryset, column: str, aggregate) -> Figure:
    return _figures(queryset, column, value=aggregate)["value"]


def _money(aggregate_field: str):
    return Coalesce(Sum(aggregate_field), ZERO)


# --- the village programme ----------------------------------------------------------------------------------


def village_trainings(scope: Scope):
    """The year's village trainings in the scope (see the module's docstring)."""
    return scope.areas(
        Training.objects.for_user(scope.user).filter(
            fiscal_year=scope.fiscal_year, village__in=approved_villages(scope.fiscal_year)
        )
    )


def finished_q(prefix: str = "") -> Q:
    """A training is finished once it has moved past step 6 (run the training) to its evaluation or later."""
    return Q(**{f"{prefix}step__gt": Step.RUN})


def village_work(scope: Scope) -> tuple[Figure, Figure]:
    """(target villages done, experts who taught), from the finished village trainings of the year in one
    GROUP BY (see each one's definition)."""
    got = _figures(
        village_trainings(scope).filter(finished_q()),
        scope.column,
        villages=Count("village_id", distinct=True),
        experts=Count("instructors__expert", distinct=True),
    )
    return got["villages"], got["experts"]


def target_villages_done(scope: Scope) -> Figure:
    """Target villages done: approved target villages of the year (in the scope) in which a village training
    of the year is finished (moved past step 6, run the training)."""
    return village_work(scope)[0]


def experts_taught(scope: Scope) -> Figure:
    """Experts who taught: distinct experts from the village-expert register named as instructors of the
    finished village trainings of the year (outside instructors, who are not in the register,
    are not counted)."""
    return village_work(scope)[1]


def village_training_ids(scope: Scope) -> list[int]:
    """The keys of the year's village trainings in the scope, read once per Scope object (one query; a Scope
    is one reading of the figures). The figures of trainees filter enrolments by this list: the database then
    reads the enrolments of those trainings through the training key's index, where a subquery let PostgreSQL
    join every enrolment of the country to its person first (5 s for a province at national scale,
    0.3 s this way)."""
    ids = scope.__dict__.get("_village_training_ids")
    if ids is None:
        ids = list(village_trainings(scope).order_by().values_list("pk", flat=True))
        object.__setattr__(scope, "_village_training_ids", ids)
    return ids


def _enrollments(scope: Scope):
    return Enrollment.objects.filter(
        training_id__in=village_training_ids(scope), person__household__isnull=False
    )


CERTIFIED = Q(certificate__isnull=False, certificate__revoked_at__isnull=True)


def households(scope: Scope) -> tuple[Figure, Figure]:
    """(households trained, households promoted), from the enrollments of the year's village trainings in one
    GROUP BY (see each one's definition)."""
    got = _figures(
        _enrollments(scope),
        f"training__{scope.column}",
        trained=Count("person__household", distinct=True),
        promoted=Count("person__household", distinct=True, filter=CERTIFIED),
    )
    return got["trained"], got["promoted"]


def households_trained(scope: Scope) -> Figure:
    """Households trained: distinct households of the people enrolled in the year's village trainings."""
    return households(scope)[0]


def households_promoted(scope: Scope) -> Figure:
    """Households promoted (ครัวเรือนสัมมาชีพชุมชน): distinct households with a valid (not revoked) certificate
    from the year's village trainings."""
    return households(scope)[1]


def latest_follow_ups(scope: Scope):
    """The follow-up that counts for each certified trainee of the year's village trainings: the visited
    follow-up (a visit date recorded) of the highest round (3, then 6 months...);
    later unvisited rounds do not replace it."""
    later = FollowUp.objects.filter(
        enrollment=OuterRef("enrollment"), visited_on__isnull=False, round__gt=OuterRef("round")
    )
    # The enrolment's conditions as joins (certificate and person are one row each), not an IN subquery: the
    # database then walks from the trainings' enrolments to their follow-ups by index instead of
    # scanning every follow-up.
    return FollowUp.objects.filter(
        enrollment__training_id__in=village_training_ids(scope),
        enrollment__person__household__isnull=False,
        enrollment__certificate__isnull=False,
        enrollment__certificate__revoked_at__isnull=True,
        visited_on__isnull=False,
    ).filter(~Exists(later))


def higher_income_q() -> Q:
    """The latest follow-up says the skill is used and the monthly income after is above the income before
    (both recorded)."""
    return Q(uses_skill=True, income_before__isnull=False, income_after__gt=F("income_before"))


def households_higher_income(scope: Scope) -> Figure:
    """Households using the skill with higher income: distinct promoted households one of whose certified
    members' latest follow-up (`latest_follow_ups`) says the skill is used and income after
    > income before."""
    return follow_ups(scope)[0]


def follow_ups(scope: Scope) -> tuple[Figure, dict, "Rise"]:
    """(households using the skill with higher income, the income rise per area, the income rise of the
    scope): the figures of the latest follow-ups (see `households_higher_income` and `income_rise`)
    in one query."""
    both = Q(income_before__isnull=False, income_after__isnull=False)
    got = _figures(
        latest_follow_ups(scope),
        f"enrollment__training__{scope.column}",
        higher=Count("enrollment__person__household", distinct=True, filter=higher_income_q()),
        count=Count("pk", filter=both),
        before=Coalesce(Sum("income_before", filter=both), ZERO),
        after=Coalesce(Sum("income_after", filter=both), ZERO),
    )
    rise_by_area = {
        area: Rise(count, got["before"].of(area), got["after"].of(area))
        for area, count in got["count"].by_area.items()
        if count
    }
    return got["higher"], rise_by_area, Rise(got["count"].total, got["before"].total, got["after"].total)


def share(part, whole) -> Decimal | None:
    """part / whole in %, to 2 decimals; None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Rise:
    """Average monthly income before and after, over `count` follow-ups, and the rise in % (None without
    income before); `reached` says whether it is at least 3 %."""

    count: int
    before: Decimal
    after: Decimal

    @property
    def percent(self) -> Decimal | None:
        if not self.before:
            return None
        return ((self.after - self.before) * 100 / self.before).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    @property
    def reached(self) -> bool:
        return self.percent is not None and self.percent >= RISE_THRESHOLD


def income_rise(scope: Scope) -> tuple[dict, Rise]:
    """The rise of the promoted households' average income: over the latest follow-ups (`latest_follow_ups`)
    of the certified trainees of the year's village trainings that record both incomes (whether the skill is
    used or not, so that falls count too), (sum after − sum before) / sum before in % (the same as the rise of
    the averages, the same follow-ups on both sides). Returns ({area: Rise}, Rise of the scope); the
    department's mark is ≥ 3 % (`Rise.reached`). Ask with `level="village"` for the per-village figure."""
    _higher, by_area, total = follow_ups(scope)
    return by_area, total


# --- groups, grants, sufficiency ----------------------------------------------------------------------------


def _groups(scope: Scope):
    return scope.areas(Group.objects.for_user(scope.user).filter(formed_from__fiscal_year=scope.fiscal_year))


def groups(scope: Scope) -> tuple[Figure, Figure]:
    """(groups formed, groups registered): occupation groups in the scope formed from a training of the fiscal
    year (any office's); of them, those registered with the district office (a registration date recorded)."""
    got = _figures(
        _groups(scope),
        scope.column,
        formed=Count("pk"),
        registered=Count("pk", filter=Q(registered_on__isnull=False)),
    )
    return got["formed"], got["registered"]


def groups_formed(scope: Scope) -> Figure:
    """Groups formed: occupation groups in the scope formed from a training of the fiscal
    year (any office's)."""
    return groups(scope)[0]


def groups_registered(scope: Scope) -> Figure:
    """Groups registered: of the groups formed (`groups_formed`), those registered with the district office (a
    registration date recorded)."""
    return groups(scope)[1]


def _approved_grants(scope: Scope, offices=None):
    grants = scope.areas(
        GrantRequest.objects.for_user(scope.user).filter(
            fiscal_year=scope.fiscal_year, status__in=APPROVED_STATES
        )
    )
    return grants if offices is None else grants.filter(office__kind__in=offices)


@dataclass
class GrantFigures:
    approved: Figure  # requests approved (whatever became of them later)
    approved_baht: Figure  # their approved amounts
    paid: Figure  # approved requests with at least one payment
    paid_baht: Figure  # payments made on them
    refunded_baht: Figure  # money returned on them


def grants(scope: Scope, offices=None) -> GrantFigures:
    """Grants of the fiscal year in the scope: approved = requests that reached approval (approved, under way,
    reporting, money to return or closed; not rejected, withdrawn or terminated before), with their approved
    amount; paid = those with a payment recorded (not reversed), with their total; refunded = unspent money
    returned on them. `offices`: only requests of those office kinds."""
    approved = _approved_grants(scope, offices)
    column = f"request__{scope.column}"
    decided = _figures(approved, scope.column, approved=Count("pk"), approved_baht=_money("approved_amount"))
    paid = _figures(
        Payment.objects.not_reversed().filter(request__in=approved),
        column,
        paid=Count("request", distinct=True),
        paid_baht=_money("amount"),
    )
    return GrantFigures(
        **decided,
        **paid,
        refunded_baht=_figure(Refund.objects.filter(request__in=approved), column, _money("amount")),
    )


@dataclass
class LevelCounts:
    """Assessed villages per round and level: {(round, level): count}, per area and in total."""

    by_area: dict
    total: dict

    def of(self, area, round_number: int, level: str) -> int:
        return self.by_area.get(area, {}).get((round_number, level), 0)


def sufficiency_levels(scope: Scope) -> LevelCounts:
    """Sufficiency-economy village levels: villages assessed in the fiscal year per round (1 before, 2 after
    the training) and level (computed from the answers, `with_levels`), side by side."""
    assessments = with_levels(
        scope.areas(Assessment.objects.for_user(scope.user).filter(fiscal_year=scope.fiscal_year))
    ).order_by()
    by_area, total = {}, {}
    for area, round_number, level, count in (
        assessments.values(scope.column, "round", "level")
        .annotate(n=Count("pk"))
        .values_list(scope.column, "round", "level", "n")
    ):
        by_area.setdefault(area, {})[(round_number, level)] = count
        # Each assessment is of one village, so in one area: the scope's count is the sum of the areas' (added
        # up here rather than asking the database to work out every assessment's level a second time).
        total[(round_number, level)] = total.get((round_number, level), 0) + count
    return LevelCounts(by_area=by_area, total=total)


# --- the TAOs' own work -------------------------------------------------------------------------------------


@dataclass
class TaoWork:
    trainings: Figure  # trainings held (finished) by local offices
    certificates: Figure  # valid certificates of those trainings
    groups_supported: Figure  # distinct groups with an approved grant of a local office
    grants: GrantFigures  # grants of local offices


def local_trainings(scope: Scope):
    """The trainings of the fiscal year kept by a local office (TAO or municipality) and finished
    (past step 6)."""
    return scope.areas(
        Training.objects.for_user(scope.user)
        .filter(fiscal_year=scope.fiscal_year, office__kind__in=LOCAL_KINDS)
        .filter(finished_q())
    )


def tao_work(scope: Scope) -> TaoWork:
    """The TAOs' own work in the same frame: trainings of the fiscal year kept by a local office (TAO or
    municipality) and finished (past step 6); the valid certificates of those trainings; the distinct groups
    with a grant of a local office approved in the year; those grants (`grants`)."""
    trainings = local_trainings(scope)
    held = _figures(
        trainings,
        scope.column,
        trainings=Count("pk", distinct=True),
        certificates=Count(
            "enrollments__certificate",
            distinct=True,
            filter=Q(enrollments__certificate__revoked_at__isnull=True),
        ),
    )
    return TaoWork(
        **held,
        groups_supported=_figure(
            _approved_grants(scope, LOCAL_KINDS), scope.column, Count("group", distinct=True)
        ),
        grants=grants(scope, LOCAL_KINDS),
    )


# --- budget -------------------------------------------------------------------------------------------------


@dataclass
class Budget:
    planned: Figure  # by district only (the plan splits its budget by district); empty at other levels
    approved: Figure
    spent: Figure


def budget(scope: Scope, plan, money: tuple | None = None) -> Budget:
    """The programme budget: planned = the plan's district allocations (DistrictAllocation.budget, summed over
    its programmes; per district at the district level, per province at the province level, the total only
    below; within the scope's area filters); approved and spent: `spending(scope)` (pass it as `money` if
    already computed).
    `plan` is one plan, a queryset of plans (the country: every province's), or a queryset of its programmes
    (one programme chosen)."""
    allocations = DistrictAllocation.objects.all()
    if isinstance(plan, models.QuerySet) and plan.model is Programme:
        allocations = allocations.filter(programme__in=plan)
    elif isinstance(plan, models.QuerySet):
        allocations = allocations.filter(programme__plan__in=plan)
    else:
        allocations = allocations.filter(programme__plan=plan)
    for column, value in (("district_id", scope.district), ("district__province_id", scope.province)):
        if value:
            allocations = allocations.filter(**{column: value})
    if scope.sub_district or scope.village:
        allocations = allocations.none()  # the plan's budget is split by district, not below
    grouped = {"district": "district_id", "province": "district__province_id"}.get(scope.level)
    planned = (
        _figure(allocations, grouped, _money("budget"))
        if grouped
        else Figure({}, allocations.aggregate(value=_money("budget"))["value"])
    )
    approved, spent = money if money is not None else spending(scope)
    return Budget(planned=planned, approved=approved, spent=spent)


def spending(scope: Scope) -> tuple[Figure, Figure]:
    """(approved, spent) of the programme's budget: approved = the approved budget of the year's village
    trainings plus the approved amounts of the grants of district community development offices (group
    formation); spent = the trainings' recorded spending (budget spent) plus the money paid on those grants
    less the money returned."""
    trainings = village_trainings(scope).filter(office__kind=OfficeKind.DISTRICT_CD)
    money = grants(scope, (OfficeKind.DISTRICT_CD,))
    trained = _figures(
        trainings, scope.column, approved=_money("budget_approved"), spent=_money("budget_spent")
    )
    return (
        _add(trained["approved"], money.approved_baht),
        _add(trained["spent"], money.paid_baht, money.refunded_baht, subtract_last=True),
    )


def _add(*figures: Figure, subtract_last: bool = False) -> Figure:
    """Figures of money added per area (arithmetic on the database's totals, not on rows)."""
    signs = [1] * len(figures)
    if subtract_last:
        signs[-1] = -1
    areas = set().union(*(figure.by_area for figure in figures))
    return Figure(
        by_area={
            area: sum((sign * figure.of(area) for sign, figure in zip(signs, figures, strict=True)), ZERO)
            for area in areas
        },
        total=sum((sign * (figure.total or ZERO) for sign, figure in zip(signs, figures, strict=True)), ZERO),
    )


# --- everything, and the plan against it --------------------------------------------------------------------


@dataclass
class Results:
    scope: Scope
    target_villages_done: Figure
    experts_taught: Figure
    households_trained: Figure
    households_promoted: Figure
    households_higher_income: Figure
    rise_by_area: dict
    rise: Rise
    groups_formed: Figure
    groups_registered: Figure
    grants: GrantFigures
    sufficiency: LevelCounts
    tao: TaoWork

    def higher_income_share(self, area=None) -> Decimal | None:
        """The plan's indicator: households using the skill with higher income / households promoted, in %."""
        if area is None:
            return share(self.households_higher_income.total, self.households_promoted.total)
        return share(self.households_higher_income.of(area), self.households_promoted.of(area))

    def measure(self, measure: str, area=None):
        """The live value of a plan indicator's measure (a Measure value), for an area or the whole scope."""
        if measure == Measure.HIGHER_INCOME_SHARE:
            return self.higher_income_share(area)
        figure = {Measure.GRANTS_APPROVED: self.grants.approved, Measure.GRANTS_PAID: self.grants.paid}.get(
            measure
        ) or getattr(self, measure)
        return figure.total if area is None else figure.of(area)


def results(scope: Scope) -> Results:
    """Every result figure of the scope (a fixed number of queries, whatever the number of areas)."""
    higher_income, rise_by_area, rise = follow_ups(scope)
    formed, registered = groups(scope)
    villages_done, experts = village_work(scope)
    trained, promoted = households(scope)
    return Results(
        scope=scope,
        target_villages_done=villages_done,
        experts_taught=experts,
        households_trained=trained,
        households_promoted=promoted,
        households_higher_income=higher_income,
        rise_by_area=rise_by_area,
        rise=rise,
        groups_formed=formed,
        groups_registered=registered,
        grants=grants(scope),
        sufficiency=sufficiency_levels(scope),
        tao=tao_work(scope),
    )


class Mark(models.TextChoices):
    REACHED = "reached", _("reached")
    ON_TRACK = "on_track", _("on track for the period")
    BEHIND = "behind", _("behind")
    NO_MEASURE = "no_measure", _("no live measure")  # the indicator has no live measure: its target alone
    NO_TARGET = "no_target", _("no target below the district")  # the result alone


@dataclass
class TargetRow:
    """One indicator in one area (or the whole scope: area None): target (None below the district level), live
    result, share reached (%) and mark (a Mark value)."""

    indicator: object
    area: object
    target: Decimal | None
    result: object
    reached_pct: Decimal | None
    mark: str


@dataclass
class IndicatorProgress:
    indicator: object
    expected_pct: Decimal  # the share of the period elapsed at `today` (what "on track" asks of a count)
    total: TargetRow
    rows: list = field(default_factory=list)


def period_elapsed(programme, today) -> Decimal:
    """The share (0–1) of the programme's period (start to end month, in the fiscal year's order; the whole
    year when not stated) whose months have begun by `today`, counting today's month as begun."""
    year = programme.plan.fiscal_year
    first, last = thai.fiscal_year_bounds(year)
    start = FISCAL_MONTHS.index(programme.start_month) if programme.start_month else 0
    end = FISCAL_MONTHS.index(programme.end_month) if programme.end_month else 11
    months = end - start + 1
    if today < first:
        return ZERO
    if today > last:
        return Decimal(1)
    now = FISCAL_MONTHS.index(today.month)
    begun = min(max(now - start + 1, 0), months)
    return Decimal(begun) / Decimal(months)


def _mark(indicator, target, result, elapsed) -> tuple[Decimal | None, str]:
    if not indicator.measure:
        return None, Mark.NO_MEASURE
    if target is None:
        return None, Mark.NO_TARGET
    result = result or 0  # a share with nothing to divide by has reached nothing
    if Decimal(result) >= target:
        return share(result, target), Mark.REACHED
    if not indicator.is_percent and Decimal(result) >= target * elapsed:
        return share(result, target), Mark.ON_TRACK
    return share(result, target), Mark.BEHIND


def plan_progress(*, plan, scope: Scope, today, figures: Results | None = None) -> list[IndicatorProgress]:
    """Each indicator of `plan` (published or not: the caller decides) with its target per area next to the
    live result of its measure (`Indicator.measure`), the share reached and a mark: reached (result ≥ target),
    on track (a count whose result ≥ target × the share of the programme's period elapsed at `today`), behind;
    an indicator without a measure shows its target with Mark.NO_MEASURE.

    The results are those of the plan's province and fiscal year within the scope (the scope is narrowed to
    them). Targets exist per district (DistrictTarget), for the districts the user sees; the total's target is
    the province's stated target when the user sees the whole province unfiltered, else the sum of the visible
    districts' targets (a percentage: the one district's target, or the province's). At the sub-district and
    village levels the rows carry the result and no target (Mark.NO_TARGET). Pass `results(scope)` as
    `figures` if already computed for the same (narrowed) scope. A fixed number of queries."""
    scope = replace(scope, fiscal_year=plan.fiscal_year, province=scope.province or plan.province_id)
    if figures is None or figures.scope != scope:
        figures = results(scope)
    indicators = list(
        Indicator.objects.filter(programme__plan=plan)
        .select_related("programme__plan")
        .order_by("programme__number", "number")
    )
    visible = set(
        districts_seen(scope.user).filter(province_id=plan.province_id).values_list("pk", flat=True)
    )
    all_targets, targets = {}, {}
    for indicator_id, district_id, value in DistrictTarget.objects.filter(
        indicator__in=indicators
    ).values_list("indicator_id", "district_id", "value"):
        all_targets.setdefault(indicator_id, {})[district_id] = value
        if district_id in visible and scope.district in (None, district_id):
            targets.setdefault(indicator_id, {})[district_id] = value
    below_district = bool(scope.sub_district or scope.village)
    progress = []
    for indicator in indicators:
        elapsed = period_elapsed(indicator.programme, today)
        measure = indicator.measure
        per_district = {} if below_district else targets.get(indicator.pk, {})
        whole = not (scope.district or below_district) and set(all_targets.get(indicator.pk, {})) <= visible
        total_target = _total_target(indicator, per_district, whole=whole, below_district=below_district)
        total_result = figures.measure(measure) if measure else None
        total = TargetRow(
            indicator,
            None,
            total_target,
            total_result,
            *_mark(indicator, total_target, total_result, elapsed),
        )
        areas = set(per_district) if scope.level == "district" else set()
        if measure:
            areas |= set(_areas_of(figures, measure))
        rows = []
        for area in sorted(areas, key=str):
            target = per_district.get(area) if scope.level == "district" else None
            result = figures.measure(measure, area) if measure else None
            rows.append(
                TargetRow(indicator, area, target, result, *_mark(indicator, target, result, elapsed))
            )
        progress.append(
            IndicatorProgress(
                indicator=indicator,
                expected_pct=(elapsed * 100).quantize(Decimal("0.01")),
                total=total,
                rows=rows,
            )
        )
    return progress


def districts_seen(user):
    """The districts whose targets the user sees: by the one scoping rule (registry/scoping.py) on a
    district's own columns: all for an administrator, the province's for its officers, their district for a
    district officer; none for a local office's staff (their work is below the district's targets)."""
    q = scope_q(user, AreaPaths(province="province_id", district="code"), Action.VIEW)
    districts = District.objects.all()
    return districts if q is None else districts.filter(q)


def _total_target(indicator, per_district: dict, *, whole: bool, below_district: bool):
    if below_district:
        return None
    if whole:
        return indicator.stated_target
    if not per_district:
        return None
    if indicator.is_percent:
        return next(iter(per_district.values())) if len(per_district) == 1 else indicator.stated_target
    return sum(per_district.values(), ZERO)


def _areas_of(figures: Results, measure: str):
    if measure == Measure.HIGHER_INCOME_SHARE:
        return figures.households_promoted.by_area
    return {Measure.GRANTS_APPROVED: figures.grants.approved, Measure.GRANTS_PAID: figures.grants.paid}.get(
        measure, getattr(figures, measure, None)
    ).by_area
