"""Who may do what to an occupation group, with the reason when not:
`kit.policy.can(user, "groups.<action>", obj)`.

A group is kept by the office that supports it (`group.office`): its staff change it; the district's community
developer also records follow-up visits to the groups of their district; district and provincial officers
otherwise read. A district community development office forms the groups of the village programme it ran (the
programme's group-formation day: the trainees of its village training found the group) and keeps them; the TAO
of the area reads them, and the district office changes none of the TAO's groups.
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused
from registry.ownership import DISTRICT_VISITORS, KEEPERS, NO_OFFICE, PROGRAMME_KEEPERS, office_may
from registry.scoping import Role

policy = Policy("groups")
can = policy.can

KEEPERS_ONLY = reason(
    _(
        "Only the staff of the office that supports the group, or an administrator, may change it; "
        "district and provincial officers read it."
    )
)
FROM_TRAINING_ONLY = reason(
    _(
        "A district office forms the occupation groups of the village programme from the village "
        "trainings it ran: use “Form a group from this training” on the training's page."
    )
)
VISIT_ONLY = reason(
    _("Visits are recorded by the office that supports the group or by the district's community developer.")
)


# The permission each action of the group's page asks: recording a visit is the visitors' (the district's
# community developer too); every other action changes the group, its keepers'.
PAGE_ACTS = {"visit": "groups.visit"}


def page_act(action: str) -> str:
    """The permission an action of the group's page asks (the page and the services behind it)."""
    return PAGE_ACTS.get(action, "groups.change")


@policy.rule("change")
def _change(user, group):
    return office_may(
        user, group, owner_id=group.office_id, roles=PROGRAMME_KEEPERS, role_reason=KEEPERS_ONLY
    )


@policy.rule("visit")
def _visit(user, group):
    return office_may(
        user,
        group,
        owner_id=group.office_id,
        roles=PROGRAMME_KEEPERS,
        role_reason=VISIT_ONLY,
        others=DISTRICT_VISITORS,
    )


@policy.rule("visits_due")
def _visits_due(user, obj=None):
    """The list of groups due a visit: for those who record visits."""
    return ALLOWED if user.role in KEEPERS | DISTRICT_VISITORS else refused(VISIT_ONLY)


@policy.rule("create")
def _create(user, obj=None):
    """A new group, supported by the user's own office."""
    if user.role not in KEEPERS:
        return refused(FROM_TRAINING_ONLY if user.role == Role.DISTRICT_OFFICER else KEEPERS_ONLY)
    return ALLOWED if user.office_id is not None else refused(NO_OFFICE)


@policy.rule("form_from_training")
def _form_from_training(user, training):
    """The village programme's group-formation day: the trainees of a finished training found a group, kept by
    the office that ran the training; so whoever may change the training (its own office's people,
    an administrator) may form it."""
    from kit.policy import can as ask

    return ask(user, "training.change", training)
