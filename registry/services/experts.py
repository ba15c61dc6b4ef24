"""The village instructor team (5 experts, one lead) and instructors mentoring target households."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kit.policy import ensure
from registry.models import AuditAction, Expert, Household, InstructorTeam, Mentorship, TeamMember, Village
from registry.models.experts import HOUSEHOLDS_PER_INSTRUCTOR, TEAM_SIZE
from registry.scoping import Action
from registry.services.audit import audit


def _expert_in_scope(user, expert_id):
    expert = (
        Expert.objects.for_user(user, Action.CHANGE).select_related("person").filter(pk=expert_id).first()
    )
    if expert is None:
        raise ValidationError(_("This expert is not in your office's register."))
    if not expert.active:
        raise ValidationError(_("This expert is marked as no longer active."))
    return expert


@transaction.atomic
def team_create(*, user, village_id, fiscal_year) -> InstructorTeam:
    village = Village.objects.for_user(user, Action.CHANGE).filter(pk=village_id).first()
    if village is None:
        raise ValidationError(_("This village is not in your office's area."))
    team = InstructorTeam(village=village, fiscal_year=fiscal_year)
    team.set_areas()
    team.full_clean()
    team.save()
    audit(user=user, obj=team, action=AuditAction.CREATE)
    return team


@transaction.atomic
def team_member_add(*, user, team: InstructorTeam, expert_id, is_lead=False) -> TeamMember:
    team = InstructorTeam.objects.for_user(user, Action.CHANGE).select_for_update().get(pk=team.pk)
    ensure(user, "registry.change", team)
    expert = _expert_in_scope(user, expert_id)
    if team.members.count() >= TEAM_SIZE:
        raise ValidationError(
            _("A village instructor team has %(n)s experts; this team is full.") % {"n": TEAM_SIZE}
        )
    if (
        TeamMember.objects.filter(team__fiscal_year=team.fiscal_year, expert=expert)
        .exclude(team=team)
        .exists()
    ):
        raise ValidationError(_("This expert is already in another village's team this fiscal year."))
    if is_lead:
        team.members.update(is_lead=False)
    member = TeamMember(team=team, expert=expert, is_lead=is_lead)
    member.full_clean()
    member.save()
    audit(
        user=user,
        obj=team,
        action=AuditAction.UPDATE,
        changes={"members": ["", f"+ {expert}" + (" (หัวหน้าทีม)" if is_lead else "")]},
    )
    return member


@transaction.atomic
def team_member_remove(*, user, team: InstructorTeam, member_id) -> None:
    team = InstructorTeam.objects.for_user(user, Action.CHANGE).get(pk=team.pk)
    ensure(user, "registry.change", team)
    member = team.members.select_related("expert__person").filter(pk=member_id).first()
    if member is None:
        raise ValidationError(_("This expert is not in the team."))
    member.delete()
    audit(user=user, obj=team, action=AuditAction.UPDATE, changes={"members": [f"- {member.expert}", ""]})


@transaction.atomic
def team_set_lead(*, user, team: InstructorTeam, member_id) -> None:
    team = InstructorTeam.objects.for_user(user, Action.CHANGE).get(pk=team.pk)
    ensure(user, "registry.change", team)
    if not team.members.filter(pk=member_id).exists():
        raise ValidationError(_("This expert is not in the team."))
    team.members.update(is_lead=False)
    team.members.filter(pk=member_id).update(is_lead=True)
    audit(
        user=user,
        obj=team,
        action=AuditAction.UPDATE,
        changes={"lead": ["", str(team.members.get(pk=member_id).expert)]},
    )


@transaction.atomic
def mentorship_assign(*, user, expert_id, household_id, fiscal_year) -> tuple[Mentorship, list[str]]:
    """Assign an instructor to a household; returns warnings (beyond 4 households is allowed but flagged)."""
    expert = _expert_in_scope(user, expert_id)
    household = Household.objects.for_user(user, Action.CHANGE).filter(pk=household_id).first()
    if household is None:
        raise ValidationError(_("This household is not in your office's area."))
    ensure(user, "registry.change", household)
    mentorship = Mentorship(
        expert=expert, household=household, fiscal_year=fiscal_year, village=household.village
    )
    mentorship.set_areas()
    mentorship.full_clean()
    mentorship.save()
    audit(
        user=user,
        obj=household,
        action=AuditAction.UPDATE,
        changes={"mentor": ["", f"{expert} ({fiscal_year})"]},
    )
    warnings = []
    count = Mentorship.objects.filter(expert=expert, fiscal_year=fiscal_year).count()
    if count > HOUSEHOLDS_PER_INSTRUCTOR:
        warnings.append(
            _(
                "%(expert)s now looks after %(count)s households in fiscal year %(year)s; "
                "the guideline is one instructor for %(limit)s households."
            )
            % {"expert": expert, "count": count, "year": fiscal_year, "limit": HOUSEHOLDS_PER_INSTRUCTOR}
        )
    return mentorship, warnings


@transaction.atomic
def mentorship_remove(*, user, mentorship_id) -> None:
    mentorship = (
        Mentorship.objects.for_user(user, Action.CHANGE)
        .select_related("expert__person", "household")
        .filter(pk=mentorship_id)
        .first()
    )
    if mentorship is None:
        raise ValidationError(_("You may not change this record."))
    ensure(user, "registry.change", mentorship)
    mentorship.delete()
    audit(
        user=user,
        obj=mentorship.household,
        action=AuditAction.UPDATE,
        changes={"mentor": [f"{mentorship.expert} ({mentorship.fiscal_year})", ""]},
    )
