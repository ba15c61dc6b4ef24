"""The usual rule for changing a record, which every app's policy is made of
(kit/policy.py has the machinery).

It lives in the registers' layer because it needs what only they know: the roles,
the offices and area scoping.
"""

from django.utils.translation import gettext_lazy

from kit.policy import ALLOWED, Decision, reason, refused
from registry.scoping import DEFAULT_CHANGE_ROLES, PROGRAMME_CHANGE_ROLES, Action, Role

NO_OFFICE = reason(gettext_lazy("Your account has no office: ask the system administrator to set it."))
OUTSIDE = reason(gettext_lazy("You have no right to change this record: it is outside your area."))
KEPT_BY = reason(gettext_lazy("This record is kept by %(office)s: only that office may change it."))
KEPT_BY_NONE = reason(gettext_lazy("No office keeps this record, so only an administrator may change it."))

# The roles that keep records (their own office's), and those that also record visits to their district's
# trainings and groups; a rule names which of them it lets act.
KEEPERS = (
    DEFAULT_CHANGE_ROLES  # TAO staff and administrators: the area filter of `for_user(user, Action.CHANGE)`
)
DISTRICT_VISITORS = frozenset({Role.DISTRICT_OFFICER})
# The village programme's trainings and groups are also kept by the district office that runs them: with
# `office_may` its officers change their own office's records only, never a TAO's.
PROGRAMME_KEEPERS = PROGRAMME_CHANGE_ROLES


def in_scope(user, obj) -> bool:
    """Whether `obj` is in the user's area (`for_user`); remembered for the request, so a page asking many
    times costs one query."""
    cache = user.__dict__.setdefault("_policy_scope", {})
    key = (obj._meta.label, obj.pk)
    if key not in cache:
        cache[key] = type(obj)._default_manager.for_user(user, Action.VIEW).filter(pk=obj.pk).exists()
    return cache[key]


def office_may(user, obj, *, owner_id, roles, role_reason, others=frozenset()) -> Decision:
    """The usual rule for changing a record: the role may; an administrator may change any record; anyone else
    only a record of their area kept by their own office, or, for a role in `others`, any record of their area
    (the district's community developer recording a visit)."""
    if user.role not in roles and user.role not in others:
        return refused(role_reason)
    if user.role == Role.ADMIN:
        return ALLOWED
    if user.office_id is None:
        return refused(NO_OFFICE)
    if not in_scope(
        user, obj
    ):  # before naming the office that keeps it: another area's records are not told of
        return refused(OUTSIDE)
    if user.role not in others and owner_id != user.office_id:
        return refused(kept_by(owner_id))
    return ALLOWED


def kept_by(office_id) -> str:
    from registry.models import Office

    name = Office.objects.filter(pk=office_id).values_list("name", flat=True).first() if office_id else None
    return str(KEPT_BY_NONE) if name is None else str(KEPT_BY) % {"office": name}
