"""Writes of target villages: each is all-or-nothing, asks
reports/policies/targets.py, and checks the target-village rules through the
one selector (reports/selectors/targets.py)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kit.policy import ensure
from kit.workflow import transition
from reports.models import Exclusion, Plan, PlanStatus, Programme, TargetList, TargetVillage
from reports.selectors.targets import Pick, check_picks
from reports.services.plans import CHANGE, _log, _needs_reason
from reports.targets_workflow import PROPOSE, TARGETS


def _open_list(*, user, programme, district) -> TargetList:
    """The district's list, locked, created on the first proposal; only a list being proposed is changed."""
    plan = Plan.objects.select_for_update().get(pk=programme.plan_id)
    if programme.project_id is None:
        raise ValidationError(_("This programme's units are not target villages chosen by the rules."))
    if plan.status != PlanStatus.PUBLISHED:
        raise ValidationError(
            _("The plan is not published yet: target villages are proposed on a published plan.")
        )
    target_list, _created = TargetList.objects.select_for_update().get_or_create(
        programme=programme, district=district
    )
    ensure(user, PROPOSE, target_list)
    if not TARGETS.is_open(target_list, "edit"):
        raise ValidationError(
            _("The list is %(state)s: it changes only after the province sends it back.")
            % {"state": target_list.get_status_display()}
        )
    return target_list


def target_villages_add(*, user, programme: Programme, district, picks: list[Pick]) -> list[TargetVillage]:
    """Add the picked villages to the district's list: every rule is checked for every pick; one refusal and
    none is added (the refusals are raised, each with its village)."""
    with transaction.atomic():
        target_list = _open_list(user=user, programme=programme, district=district)
        if not picks:
            raise ValidationError(_("Choose at least one village."))
        listed = set(target_list.villages.values_list("village_id", flat=True))
        checks = check_picks(
            programme=programme, district=district, picks=picks, already=len(listed), listed_ids=listed
        )
        refusals = [r for c in checks for r in c.refusals]
        if refusals:
            raise ValidationError(refusals)
        rows = []
        for pick in picks:
            row = TargetVillage(
                target_list=target_list,
                village=pick.village,
                borrowed_from=pick.borrowed_from,
                borrowed_households=pick.borrowed_households if pick.borrowed_from else 0,
                borrowed_note=pick.note.strip() if pick.borrowed_from else "",
                added_by=user,
            )
            row.full_clean(exclude=["target_list", "added_by"])
            row.save()
            rows.append(row)
        target_list.save(update_fields=["updated_at"])
        return rows


def target_village_remove(*, user, row: TargetVillage) -> None:
    with transaction.atomic():
        target_list = _open_list(
            user=user, programme=row.target_list.programme, district=row.target_list.district
        )
        TargetVillage.objects.filter(pk=row.pk, target_list=target_list).delete()


def target_list_move(*, user, target_list: TargetList, to: str, reason: str = "") -> TargetList:
    """Submit (district officer), approve or send back with a reason (provincial officer)."""
    return transition(TARGETS, target_list, to, user=user, reason=reason)


def exclusion_add(*, user, exclusion: Exclusion, reason: str = "") -> Exclusion:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=exclusion.programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        exclusion.full_clean()
        exclusion.save()
        _log(
            plan,
            user=user,
            reason=reason,
            what=[
                _("%(programme)s: exclusion added: %(exclusion)s")
                % {"programme": exclusion.programme, "exclusion": exclusion}
            ],
        )
        return exclusion


def exclusion_remove(*, user, exclusion: Exclusion, reason: str = "") -> None:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=exclusion.programme.plan_id)
        ensure(user, CHANGE, plan)
        reason = _needs_reason(plan, reason)
        _log(
            plan,
            user=user,
            reason=reason,
            what=[
                _("%(programme)s: exclusion removed: %(exclusion)s")
                % {"programme": exclusion.programme, "exclusion": exclusion}
            ],
        )
        exclusion.delete()


def exclusions_copy(*, source_pk: int, target: Programme) -> None:
    """plan_copy's part: the programme's exclusions go with it."""
    Exclusion.objects.bulk_create(
        Exclusion(
            programme=target,
            project_id=e.project_id,
            from_year=e.from_year,
            to_year=e.to_year,
            same_year=e.same_year,
        )
        for e in Exclusion.objects.filter(programme_id=source_pk)
    )
