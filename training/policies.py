"""Who may do what to a training project, with the reason when not:
`kit.policy.can(user, "training.<action>", obj)`.

A training is kept by the office that runs it (`training.office`): its staff change it; the district's
community developer also records follow-up visits of the trainings of their district; district and provincial
officers otherwise read. The district community development office runs the village programme: its officers
organise the one-day village training in a target village of their district
(`kit.programmes.target_villages`), and keep it; the TAO of the area reads it, and the district office changes
none of the TAO's own trainings. `can` is also the `permission(user, action, training)` the training workflow
asks before a move ("training.advance", "training.move_back").
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import DISTRICT_VISITORS, KEEPERS, OUTSIDE, PROGRAMME_KEEPERS, in_scope, office_may
from registry.scoping import Role

policy = Policy("training")
can = policy.can

KEEPERS_ONLY = reason(
    _(
        "Only the staff of the office that runs the training, or an administrator, may change it; "
        "district and provincial officers read it."
    )
)
MOVERS_ONLY = reason(_("Only the staff of the office that runs the training may move it along its steps."))
FOLLOW_UP_ONLY = reason(
    _(
        "Follow-up visits are recorded by the office that ran the training or by the district's "
        "community developer."
    )
)
LOCAL_ONLY = reason(_("Only the staff of a TAO or municipality may create a training."))
VILLAGE_ONLY = reason(
    _(
        "A district office organises only the one-day village training of the village programme, in "
        "a target village of its district: use “Village training”."
    )
)
VILLAGE_TRAINING_ONLY = reason(
    _(
        "Only the staff of a TAO or municipality, or the district community developer in a "
        "target village of the district, may organise a village training."
    )
)
NOT_IN_DISTRICT = reason(
    _(
        "%(village)s is not in your district: a district office runs the village programme in its "
        "own district only."
    )
)
NOT_TARGET = reason(
    _(
        "%(village)s is not a target village of fiscal year %(year)s: the district office runs the "
        "village training only in the approved target villages of the year."
    )
)
NO_YEAR = reason(_("Give the training's date first: the target villages are those of its fiscal year."))


def _change(user, training):
    return office_may(
        user, training, owner_id=training.office_id, roles=PROGRAMME_KEEPERS, role_reason=KEEPERS_ONLY
    )


policy.rule("change")(_change)


@policy.rule("advance")
def _advance(user, training):
    return office_may(
        user, training, owner_id=training.office_id, roles=PROGRAMME_KEEPERS, role_reason=MOVERS_ONLY
    )


policy.rule("move_back")(_advance)


@policy.rule("follow_up")
def _follow_up(user, training):
    return office_may(
        user,
        training,
        owner_id=training.office_id,
        roles=PROGRAMME_KEEPERS,
        role_reason=FOLLOW_UP_ONLY,
        others=DISTRICT_VISITORS,
    )


@policy.rule("follow_ups")
def _follow_ups(user, obj=None):
    """The list of overdue follow-ups offers to record them (province officers read it)."""
    return ALLOWED if user.role in KEEPERS | DISTRICT_VISITORS else refused(FOLLOW_UP_ONLY)


def _district_office(user) -> bool:
    from registry.models import OfficeKind

    return user.role == Role.DISTRICT_OFFICER and getattr(user.office, "kind", None) == OfficeKind.DISTRICT_CD


@policy.rule("create")
def _create(user, obj=None):
    """A new training project, run by the user's own local office (a district office:
    the village training only)."""
    if user.role in KEEPERS and getattr(user.office, "is_local", False):
        return ALLOWED
    return refused(VILLAGE_ONLY if _district_office(user) else LOCAL_ONLY)


@policy.rule("village_training")
def _village_training(user, team=None):
    """The village programme's one-day village training with a village's instructor team (`team`; None: the
    page): by a local office (in its own area: the team's choices and the save check that), or by the district
    office in a target village of its district."""
    if _district_office(user):
        return ALLOWED if team is None else _programme_village(user, team.village, team.fiscal_year)
    if user.role in KEEPERS and getattr(user.office, "is_local", False):
        return ALLOWED
    return refused(VILLAGE_TRAINING_ONLY)


@policy.rule("place")
def _place(user, training):
    """Where and when a training is held, as it would be saved: a training the district office keeps stays in
    a target village of its district in the training's fiscal year (a local office's: in its area,
    checked on save)."""
    from kit.thai import fiscal_year
    from registry.models import Office, OfficeKind

    kind = Office.objects.filter(pk=training.office_id).values_list("kind", flat=True).first()
    if kind != OfficeKind.DISTRICT_CD:
        return ALLOWED
    if training.start_date is None:
        return refused(NO_YEAR)
    return _programme_village(user, training.village, fiscal_year(training.start_date))


def _programme_village(user, village, year):
    """The village programme runs in a target village of the year, in the district office's own district."""
    from kit import programmes

    if not in_scope(user, village):
        return refused(str(NOT_IN_DISTRICT) % {"village": village} if user.office_id else OUTSIDE)
    if not programmes.target_villages(year).filter(pk=village.pk).exists():
        return refused(str(NOT_TARGET) % {"village": village, "year": year})
    return ALLOWED
