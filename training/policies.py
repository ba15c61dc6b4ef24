"""Who may do what to a training project, with the reason when not: `kit.policy.can(user, "training.<action>", obj)`.

A training is kept by the office that runs it (`training.office`): its staff change it; the district's community
developer also records follow-up visits of the trainings of their district; district and provincial officers
otherwise read. `can` is also the `permission(user, action, training)` the training workflow asks before a move
("training.advance", "training.move_back").
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import DISTRICT_VISITORS, KEEPERS, office_may

policy = Policy("training")
can = policy.can

KEEPERS_ONLY = reason(_("Only the staff of the office that runs the training, or an administrator, may change it; "
                        "district and provincial officers read it."))
MOVERS_ONLY = reason(_("Only the staff of the office that runs the training may move it along its steps."))
FOLLOW_UP_ONLY = reason(_("Follow-up visits are recorded by the office that ran the training or by the district's "
                          "community developer."))
LOCAL_ONLY = reason(_("Only the staff of a TAO or municipality may create a training."))


def _change(user, training):
    return office_may(user, training, owner_id=training.office_id, roles=KEEPERS, role_reason=KEEPERS_ONLY)


policy.rule("change")(_change)


@policy.rule("advance")
def _advance(user, training):
    return office_may(user, training, owner_id=training.office_id, roles=KEEPERS, role_reason=MOVERS_ONLY)


policy.rule("move_back")(_advance)


@policy.rule("follow_up")
def _follow_up(user, training):
    return office_may(user, training, owner_id=training.office_id, roles=KEEPERS, role_reason=FOLLOW_UP_ONLY,
                      others=DISTRICT_VISITORS)


@policy.rule("follow_ups")
def _follow_ups(user, obj=None):
    """The list of overdue follow-ups offers to record them (province officers read it)."""
    return ALLOWED if user.role in KEEPERS | DISTRICT_VISITORS else refused(FOLLOW_UP_ONLY)


@policy.rule("create")
def _create(user, obj=None):
    """A new training project or a one-day village training, run by the user's own local office."""
    may = user.role in KEEPERS and getattr(user.office, "is_local", False)
    return ALLOWED if may else refused(LOCAL_ONLY)
