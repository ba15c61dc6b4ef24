"""Writes of a province's plan: each is all-or-nothing, asks reports/policies/plans.py, calls
`full_clean()`, and on a published plan needs a written reason, logged as a PlanChange with what changed."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kit.policy import ensure
from kit.workflow import transition
from registry.models import District
from reports.models import (
    DistrictAllocation,
    DistrictTarget,
    Indicator,
    Plan,
    PlanChange,
    PlanStatus,
    Programme,
)

CHANGE = "reports.plan_change"


def _needs_reason(plan, reason: str) -> str:
    reason = (reason or "").strip()
    if plan.status == PlanStatus.PUBLISHED and not reason:
        raise ValidationError(_("The plan is published: write the reason for this change."))
    return reason


def _log(plan, *, user, reason, what: list[str]):
    """Log a change of a published plan (a draft is still being written: nothing to log)."""
    if plan.status == PlanStatus.PUBLISHED and what:
        PlanChange.objects.create(
            plan=plan, user=user, at=timezone.now(), reason=reason[:1000], what="\n".join(what)[:4000]
        )


def _differences(obj, fields) -> list[str]:
    """'field: old → new' for each field the unsaved `obj` changes (everything, for a new record)."""
    old = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
    lines = []
    for name in fields:
        before, after = (getattr(old, name) if old else None), getattr(obj, name)
        if before != after:
            label = obj._meta.get_field(name).verbose_name
            lines.append(f"{obj}: {label}: {'—' if before in (None, '') else before} → {after}")
    return lines


def plan_create(*, user, province, fiscal_year: int) -> Plan:
    with transaction.atomic():
        plan = Plan(province=province, fiscal_year=fiscal_year)
        ensure(user, CHANGE, plan)
        plan.full_clean()
        plan.save()
        return plan


PROGRAMME_FIELDS = (
    "number",
    "name",
    "objective",
    "organising_level",
    "start_month",
    "end_month",
    "unit_label",
    "stated_units",
    "unit_budget",
    "stated_total",
    "project",
)
INDICATOR_FIELDS = (
    "number",
    "name",
    "kind",
    "unit_label",
    "numerator",
    "denominator",
    "per_unit",
    "stated_target",
    "measure",
)


def programme_save(*, user, programme: Programme, reason: str = "") -> Programme:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        programme.full_clean()
        what = _differences(programme, PROGRAMME_FIELDS)
        programme.save()
        _log(plan, user=user, reason=reason, what=what)
        return programme


def indicator_save(*, user, indicator: Indicator, reason: str = "") -> Indicator:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=indicator.programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        indicator.full_clean()
        what = _differences(indicator, INDICATOR_FIELDS)
        indicator.save()
        _log(plan, user=user, reason=reason, what=what)
        return indicator


def programme_remove(*, user, programme: Programme, reason: str = "") -> None:
    """Remove a programme with its indicators and district rows: freely from a draft; from a published plan
    only with a written reason (logged), and never its last programme
    (a published plan keeps what publishing needed)."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        if plan.status == PlanStatus.PUBLISHED and not plan.programmes.exclude(pk=programme.pk).exists():
            raise ValidationError(
                _(
                    "A published plan keeps at least one programme: add the new programme before "
                    "removing this one."
                )
            )
        if programme.target_lists.exists():  # the districts' proposed or approved target villages go with it
            raise ValidationError(
                _(
                    "The districts have target villages on this programme: it cannot be removed. "
                    "Change the programme instead."
                )
            )
        what = [
            _("%(programme)s: removed, with its %(indicators)s indicators and its district targets")
            % {"programme": programme, "indicators": programme.indicators.count()}
        ]
        Programme.objects.filter(pk=programme.pk).delete()
        _log(plan, user=user, reason=reason, what=what)


def indicator_remove(*, user, indicator: Indicator, reason: str = "") -> None:
    """Remove an indicator with its district targets: freely from a draft; from a published plan only with a
    written reason (logged), and never a programme's last indicator."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=indicator.programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        if (
            plan.status == PlanStatus.PUBLISHED
            and not Indicator.objects.filter(programme_id=indicator.programme_id)
            .exclude(pk=indicator.pk)
            .exists()
        ):
            raise ValidationError(
                _(
                    "In a published plan every programme keeps at least one indicator: add the new "
                    "indicator before removing this one."
                )
            )
        what = [
            _("%(programme)s: indicator “%(indicator)s” removed, with its district targets")
            % {"programme": indicator.programme, "indicator": indicator.name}
        ]
        Indicator.objects.filter(pk=indicator.pk).delete()
        _log(plan, user=user, reason=reason, what=what)


def _figure(value, *, where: str, percent=False, whole=False):
    """A figure typed in a grid or a sheet: empty is None; else a number ≥ 0 (≤ 100 for a percentage)."""
    if value is None or str(value).strip() == "":
        return None
    text = str(value).strip().replace(",", "")
    try:
        figure = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": text[:30]}
        ) from None
    if not figure.is_finite() or abs(figure) >= Decimal("1e12"):
        raise ValidationError(
            _("%(where)s: “%(value)s” is not a number.") % {"where": where, "value": text[:30]}
        )
    if figure < 0:
        raise ValidationError(_("%(where)s: cannot be negative.") % {"where": where})
    if percent and figure > 100:
        raise ValidationError(_("%(where)s: a percentage cannot be over 100.") % {"where": where})
    if whole and figure != figure.to_integral_value():
        raise ValidationError(_("%(where)s: the number of units is a whole number.") % {"where": where})
    if figure.as_tuple().exponent < -2:
        raise ValidationError(_("%(where)s: at most two decimal places.") % {"where": where})
    return figure


def district_targets_save(*, user, programme: Programme, rows: dict, reason: str = "") -> None:
    """Replace the programme's district rows: `rows` maps a district code to {"units": ..., "budget": ...,
    <indicator pk>: value}, as typed (text or numbers). Every error is collected, with its district and
    column; with any error nothing is saved."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        districts = {d.code: d for d in District.objects.filter(province_id=plan.province_id)}
        indicators = list(programme.indicators.order_by("number"))
        errors, allocations, targets = [], [], []
        for code, row in rows.items():
            district = districts.get(str(code))
            if district is None:
                errors.append(
                    _("District %(code)s is not a district of %(province)s.")
                    % {"code": str(code)[:10], "province": plan.province.name_th}
                )
                continue
            where = district.name_th
            try:
                units = _figure(row.get("units"), where=f"{where}, {_('units')}", whole=True)
                budget = _figure(row.get("budget"), where=f"{where}, {_('budget (baht)')}")
                if units is not None or budget is not None:
                    allocations.append(
                        DistrictAllocation(
                            programme=programme,
                            district=district,
                            units=int(units or 0),
                            budget=budget or Decimal(0),
                        )
                    )
            except ValidationError as exc:
                errors.extend(exc.messages)
            for indicator in indicators:
                try:
                    value = _figure(
                        row.get(indicator.pk),
                        where=f"{where}, {indicator.name}",
                        percent=indicator.is_percent,
                    )
                except ValidationError as exc:
                    errors.extend(exc.messages)
                    continue
                if value is not None:
                    targets.append(DistrictTarget(indicator=indicator, district=district, value=value))
        if errors:
            raise ValidationError(errors)
        what = _grid_differences(programme, allocations, targets)
        DistrictAllocation.objects.filter(programme=programme).delete()
        DistrictTarget.objects.filter(indicator__programme=programme).delete()
        for obj in [*allocations, *targets]:
            obj.full_clean()
        DistrictAllocation.objects.bulk_create(allocations)
        DistrictTarget.objects.bulk_create(targets)
        _log(plan, user=user, reason=reason, what=what)


def _grid_differences(programme, allocations, targets) -> list[str]:
    old_alloc = {a.district_id: (a.units, a.budget) for a in programme.allocations.all()}
    old_targets = {
        (t.indicator_id, t.district_id): t.value
        for t in DistrictTarget.objects.filter(indicator__programme=programme)
    }
    new_alloc = {a.district_id: (a.units, a.budget) for a in allocations}
    new_targets = {(t.indicator_id, t.district_id): t.value for t in targets}
    names = dict(
        District.objects.filter(
            pk__in={*old_alloc, *new_alloc, *(d for _i, d in old_targets), *(d for _i, d in new_targets)}
        ).values_list("code", "name_th")
    )
    indicator_names = dict(programme.indicators.values_list("pk", "name"))
    lines = []
    for code in sorted(set(old_alloc) | set(new_alloc)):
        if old_alloc.get(code) != new_alloc.get(code):
            before, after = old_alloc.get(code, ("—", "—")), new_alloc.get(code, ("—", "—"))
            lines.append(
                _("%(programme)s, %(district)s: units %(u0)s → %(u1)s, budget %(b0)s → %(b1)s")
                % {
                    "programme": programme,
                    "district": names.get(code, code),
                    "u0": before[0],
                    "u1": after[0],
                    "b0": before[1],
                    "b1": after[1],
                }
            )
    for key in sorted(set(old_targets) | set(new_targets)):
        if old_targets.get(key) != new_targets.get(key):
            lines.append(
                f"{programme}, {names.get(key[1], key[1])}, {indicator_names.get(key[0], '')}: "
                f"{old_targets.get(key, '—')} → {new_targets.get(key, '—')}"
            )
    return lines


def plan_copy(*, user, source: Plan, fiscal_year: int) -> Plan:
    """A new draft for `fiscal_year` with the source plan's programmes, indicators and district rows (all or
    nothing)."""
    with transaction.atomic():
        ensure(user, CHANGE, source)
        plan = plan_create(user=user, province=source.province, fiscal_year=fiscal_year)
        for programme in source.programmes.order_by("number").prefetch_related(
            "indicators__targets", "allocations"
        ):
            indicators = list(programme.indicators.all())
            allocations = list(programme.allocations.all())
            source_pk = programme.pk
            programme.pk, programme.id, programme.plan = None, None, plan
            programme._state.adding = True
            programme.save()
            exclusions_copy(source_pk=source_pk, target=programme)
            DistrictAllocation.objects.bulk_create(
                DistrictAllocation(
                    programme=programme, district_id=a.district_id, units=a.units, budget=a.budget
                )
                for a in allocations
            )
            for indicator in indicators:
                targets = list(indicator.targets.all())
                indicator.pk, indicator.id, indicator.programme = None, None, programme
                indicator._state.adding = True
                indicator.save()
                DistrictTarget.objects.bulk_create(
                    DistrictTarget(indicator=indicator, district_id=t.district_id, value=t.value)
                    for t in targets
                )
        return plan


def exclusions_copy(*, source_pk, target):
    from reports.services.targets import exclusions_copy as copy

    copy(source_pk=source_pk, target=target)


def plan_publish(*, user, plan: Plan) -> Plan:
    from reports.workflow import PLAN

    return transition(PLAN, plan, PlanStatus.PUBLISHED, user=user)
