"""Reads of the sufficiency-economy village assessments. The level is computed here, in the database, from the
answers and the criteria version's thresholds (reports/models/assessments.py): never typed, never stored."""

from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from reports.models import Answer, Assessment, CriteriaVersion, Criterion, Level, PlanItem, Round


def _count(queryset):
    """A correlated COUNT of `queryset` (already filtered on OuterRef): a plain COUNT, not an aggregate, so
    the subquery has no GROUP BY and always one row."""
    counted = queryset.order_by().values(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_levels(assessments):
    """Each assessment with `passed_count`, `core_failed` (core indicators not passed), `indicator_count` (of
    its criteria version) and `level` (a Level value):

    - a core indicator not passed: not yet at a level, whatever the count;
    - every indicator of the version passed: มั่งมี ศรีสุข;
    - at least `well_min` passed (17): อยู่ดี กินดี;
    - at least `sufficient_min` passed (10): พออยู่ พอกิน;
    - else not yet at a level.
    """
    answers = Answer.objects.filter(assessment=OuterRef("pk"))
    return assessments.annotate(
        passed_count=_count(answers.filter(passed=True)),
        core_failed=_count(answers.filter(passed=False, indicator__core=True)),
        core_count=_count(Criterion.objects.filter(version=OuterRef("criteria_id"), core=True)),
        core_answered=_count(answers.filter(indicator__core=True)),
        indicator_count=_count(Criterion.objects.filter(version=OuterRef("criteria_id"))),
    ).annotate(
        core_passed=F("core_answered") - F("core_failed"),
        level=Case(
            When(
                Q(core_failed__gt=0) | Q(core_answered__lt=F("core_count")) | Q(indicator_count=0),
                then=Value(Level.NONE),
            ),
            When(passed_count__gte=F("indicator_count"), then=Value(Level.PROSPEROUS)),
            When(passed_count__gte=F("criteria__well_min"), then=Value(Level.WELL)),
            When(passed_count__gte=F("criteria__sufficient_min"), then=Value(Level.SUFFICIENT)),
            default=Value(Level.NONE),
        ),
    )


def level_of(assessment) -> str:
    """The level of one assessment (a Level value), read from the database."""
    return with_levels(Assessment.objects.filter(pk=assessment.pk)).values_list("level", flat=True).get()


def criteria_for(fiscal_year: int):
    return CriteriaVersion.for_year(fiscal_year)


# --- the village's page: both rounds side by side -----------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Criterion
    first: Answer | None
    second: Answer | None
    change: str  # "gained", "lost", "same" or "" (a round missing)


@dataclass
class AreaRows:
    area: object
    rows: list


@dataclass
class VillagePage:
    village: object
    fiscal_year: int
    years: list
    criteria: CriteriaVersion | None
    first: Assessment | None
    second: Assessment | None
    areas: list = field(default_factory=list)
    plan_items: list = field(default_factory=list)
    gained: int = 0
    lost: int = 0


def village_page(*, user, village, fiscal_year: int) -> VillagePage:
    """The village's rounds of a fiscal year (as `user` may see them), each indicator's answer in both rounds
    and what changed, the level of each round and the development plan. A fixed number of queries."""
    scoped = Assessment.objects.for_user(user).filter(village=village)
    years = sorted(set(scoped.values_list("fiscal_year", flat=True)) | {fiscal_year}, reverse=True)
    rounds = {
        a.round: a
        for a in with_levels(scoped.filter(fiscal_year=fiscal_year)).select_related(
            "criteria", "assessed_by", "office"
        )
    }
    first, second = rounds.get(Round.BEFORE), rounds.get(Round.AFTER)
    criteria = (first or second).criteria if (first or second) else criteria_for(fiscal_year)
    page = VillagePage(
        village=village, fiscal_year=fiscal_year, years=years, criteria=criteria, first=first, second=second
    )
    if criteria is None:
        return page
    answers = {}
    for answer in Answer.objects.filter(assessment__in=[a for a in (first, second) if a]):
        answers[(answer.assessment_id, answer.indicator_id)] = answer
    by_area = {}
    for indicator in (
        Criterion.objects.filter(version=criteria).select_related("area").order_by("area__number", "number")
    ):
        one = answers.get((first.pk, indicator.pk)) if first else None
        two = answers.get((second.pk, indicator.pk)) if second else None
        change = ""
        if one and two:
            change = "same" if one.passed == two.passed else ("gained" if two.passed else "lost")
            page.gained += change == "gained"
            page.lost += change == "lost"
        by_area.setdefault(indicator.area_id, AreaRows(area=indicator.area, rows=[])).rows.append(
            IndicatorRow(indicator=indicator, first=one, second=two, change=change)
        )
    page.areas = list(by_area.values())
    if first:
        page.plan_items = list(PlanItem.objects.filter(assessment=first).select_related("indicator"))
    return page


# --- the district's list: villages by level and round -------------------------------------------------------


def _round_level(fiscal_year, round_number):
    rounds = with_levels(
        Assessment.objects.filter(village=OuterRef("pk"), fiscal_year=fiscal_year, round=round_number)
    )
    return Subquery(rounds.values("level")[:1])


def _round_date(fiscal_year, round_number):
    return Subquery(
        Assessment.objects.filter(village=OuterRef("pk"), fiscal_year=fiscal_year, round=round_number).values(
            "assessed_on"
        )[:1]
    )


def village_rows(villages, *, fiscal_year: int, round_number=None, level: str = "", missing: str = ""):
    """The villages (already scoped) with the level and date of each round of the fiscal year (`level_1`,
    `level_2`: None when the round is not recorded), filtered by the level of a round (`round_number`, default
    the latest recorded) and by a missing round ("1", "2" or "any")."""
    rows = villages.select_related("sub_district").annotate(
        level_1=_round_level(fiscal_year, Round.BEFORE),
        level_2=_round_level(fiscal_year, Round.AFTER),
        date_1=_round_date(fiscal_year, Round.BEFORE),
        date_2=_round_date(fiscal_year, Round.AFTER),
    )
    if missing == "1":
        rows = rows.filter(level_1__isnull=True)
    elif missing == "2":
        rows = rows.filter(level_2__isnull=True)
    elif missing == "any":
        rows = rows.filter(Q(level_1__isnull=True) | Q(level_2__isnull=True))
    if level:
        if round_number in (Round.BEFORE, Round.AFTER):
            rows = rows.filter(**{f"level_{round_number}": level})
        else:  # the latest round recorded
            rows = rows.filter(Q(level_2=level) | Q(level_2__isnull=True, level_1=level))
    elif round_number in (Round.BEFORE, Round.AFTER):
        rows = rows.filter(**{f"level_{round_number}__isnull": False})
    return rows.order_by("code")


@dataclass
class Tally:
    round: int
    label: str
    counts: list  # [(Level, count)]
    recorded: int
    missing: int


def tallies(villages, *, fiscal_year: int) -> list[Tally]:
    """How many of the villages are at each level in each round, and how many still lack the round (counted in
    the database)."""
    total = villages.count()
    result = []
    for round_number, label in Round.choices:
        per_level = dict(
            with_levels(
                Assessment.objects.filter(village__in=villages, fiscal_year=fiscal_year, round=round_number)
            )
            .values("level")
            .annotate(n=Count("pk"))
            .values_list("level", "n")
        )
        recorded = sum(per_level.values())
        result.append(
            Tally(
                round=round_number,
                label=label,
                recorded=recorded,
                missing=total - recorded,
                counts=[(Level(value), per_level.get(value, 0)) for value in Level.values],
            )
        )
    return result
