"""Reads of a plan: its page (programmes, indicators, the district × target table with the database's totals)
and the flags of figures that do not add up. Totals are summed by the database (`annotate(Sum(...))`), never
in Python loops over rows."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Sum
from django.utils.translation import gettext as _

from registry.models import District
from registry.scoping import Role
from reports.models import (
    DistrictAllocation,
    DistrictTarget,
    Exclusion,
    Indicator,
    Plan,
    PlanStatus,
    Programme,
)


def number(value) -> str:
    """A figure as the document writes it: 1,488,000 or 85.50 (no trailing .00)."""
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"


def plans_for(user):
    return Plan.objects.for_user(user).select_related("province")


def programmes_with_totals(plan):
    """The plan's programmes, each with the sums of its districts' units and budget (by the database)."""
    return plan.programmes.order_by("number").annotate(
        units_total=Sum("allocations__units"), budget_total=Sum("allocations__budget")
    )


def indicators_with_totals(plan):
    return (
        Indicator.objects.filter(programme__plan=plan)
        .order_by("programme__number", "number")
        .annotate(district_total=Sum("targets__value"))
    )


def plan_districts(plan, user):
    """The districts whose rows the user reads: every district of the province,
    or the district officer's own."""
    districts = District.objects.filter(province_id=plan.province_id).order_by("code")
    if user.role == Role.DISTRICT_OFFICER:
        districts = districts.filter(pk=user.office.district_id)
    return list(districts)


@dataclass
class Flag:
    """A figure that does not add up, said in a sentence shown in a visible alert."""

    where: str
    message: str


def programme_flags(programme) -> list[Flag]:
    """`programme` carries `units_total` and `budget_total` (programmes_with_totals)."""
    flags = []
    where = str(programme)
    if (
        programme.unit_budget is not None
        and programme.stated_units is not None
        and programme.stated_total is not None
    ):
        product = programme.unit_budget * programme.stated_units
        if product != programme.stated_total:
            flags.append(
                Flag(
                    where,
                    _(
                        "%(units)s %(unit)s × %(each)s baht = %(product)s baht, but the total stated "
                        "is %(total)s baht."
                    )
                    % {
                        "units": number(programme.stated_units),
                        "unit": programme.unit_label,
                        "each": number(programme.unit_budget),
                        "product": number(product),
                        "total": number(programme.stated_total),
                    },
                )
            )
    if (
        programme.units_total is not None
        and programme.stated_units is not None
        and programme.units_total != programme.stated_units
    ):
        flags.append(
            Flag(
                where,
                _("The districts' %(unit)s add up to %(sum)s, but the plan states %(stated)s.")
                % {
                    "unit": programme.unit_label,
                    "sum": number(programme.units_total),
                    "stated": number(programme.stated_units),
                },
            )
        )
    if (
        programme.budget_total is not None
        and programme.stated_total is not None
        and programme.budget_total != programme.stated_total
    ):
        flags.append(
            Flag(
                where,
                _("The districts' budgets add up to %(sum)s baht, but the total stated is %(stated)s baht.")
                % {"sum": number(programme.budget_total), "stated": number(programme.stated_total)},
            )
        )
    return flags


def indicator_flags(indicator, programme) -> list[Flag]:
    """`indicator` carries `district_total` (indicators_with_totals)."""
    flags = []
    where = f"{programme} — {indicator.name}"
    if indicator.per_unit is not None and programme.stated_units is not None:
        product = indicator.per_unit * programme.stated_units
        if product != indicator.stated_target:
            flags.append(
                Flag(
                    where,
                    _("%(units)s %(unit)s × %(each)s = %(product)s, but the target stated is %(stated)s.")
                    % {
                        "units": number(programme.stated_units),
                        "unit": programme.unit_label,
                        "each": number(indicator.per_unit),
                        "product": number(product),
                        "stated": number(indicator.stated_target),
                    },
                )
            )
    if (
        not indicator.is_percent
        and indicator.district_total is not None
        and indicator.district_total != indicator.stated_target
    ):
        flags.append(
            Flag(
                where,
                _("The districts' targets add up to %(sum)s, but the province's target is %(stated)s.")
                % {"sum": number(indicator.district_total), "stated": number(indicator.stated_target)},
            )
        )
    return flags


@dataclass
class Row:
    district: District
    units: int | None
    budget: Decimal | None
    values: list  # one per indicator of the programme, in order (None: no target set)


@dataclass
class ProgrammeBlock:
    programme: Programme
    indicators: list
    rows: list[Row]
    flags: list[Flag] = field(default_factory=list)


@dataclass
class PlanPage:
    plan: Plan
    blocks: list[ProgrammeBlock]
    flags: list[Flag]
    changes: list
    moves: list
    districts: list

    @property
    def is_draft(self):
        return self.plan.status == PlanStatus.DRAFT


def programme_block(programme, indicators, districts) -> ProgrammeBlock:
    allocations = {a.district_id: a for a in programme.allocations.all()}
    targets = {
        (t.indicator_id, t.district_id): t.value
        for t in DistrictTarget.objects.filter(indicator__programme=programme)
    }
    rows = [
        Row(
            district=d,
            units=getattr(allocations.get(d.pk), "units", None),
            budget=getattr(allocations.get(d.pk), "budget", None),
            values=[targets.get((i.pk, d.pk)) for i in indicators],
        )
        for d in districts
    ]
    flags = programme_flags(programme)
    for indicator in indicators:
        flags += indicator_flags(indicator, programme)
    return ProgrammeBlock(programme=programme, indicators=indicators, rows=rows, flags=flags)


def plan_page(plan, user) -> PlanPage:
    districts = plan_districts(plan, user)
    indicators = list(indicators_with_totals(plan))
    programmes = programmes_with_totals(plan).prefetch_related(
        Prefetch("allocations", queryset=DistrictAllocation.objects.all()),
        Prefetch("exclusions", queryset=Exclusion.objects.select_related("project")),
    )
    blocks = [
        programme_block(p, [i for i in indicators if i.programme_id == p.pk], districts) for p in programmes
    ]
    return PlanPage(
        plan=plan,
        blocks=blocks,
        flags=[f for b in blocks for f in b.flags],
        changes=list(plan.changes.select_related("user")),
        moves=list(plan.moves.select_related("user")),
        districts=districts,
    )


def previous_plan(plan_or_province, fiscal_year):
    return Plan.objects.filter(province=plan_or_province, fiscal_year=fiscal_year - 1).first()
