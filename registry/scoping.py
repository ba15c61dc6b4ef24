"""Area scoping, written once.

Every area-bound model uses `ScopedQuerySet` and declares where its area lives with `AreaPaths`.
`Model.objects.for_user(user, Action.CHANGE)` is the single place that turns a user's office and
role into a filter; every list, detail, export, import and report starts from it, so an object
outside the user's scope simply is not found (404).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TAO_STAFF = "tao_staff", _("TAO staff")
    DISTRICT_OFFICER = "district_officer", _("District community developer")
    PROVINCE_OFFICER = "province_officer", _("Provincial officer")
    # Duties inside a funding office: they read their office's area like its staff and act on grants only.
    FINANCE = "finance", _("Finance officer")
    EXECUTIVE = "executive", _("Executive")
    ADMIN = "admin", _("System administrator")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CHANGE = "change", _("change")


# `for_user(user, Action.CHANGE)` is only the area a user's changes may reach (the choices of a form's village
# or person, the rows a service locks): who may change a given record, and why not, is the app's policy
# (kit/policy.py, `<app>/policies.py`), which also requires the record's own office.
DEFAULT_CHANGE_ROLES = frozenset({Role.TAO_STAFF, Role.ADMIN})
# Finance and executive work in a local office or a district office and see what its staff see.
OFFICE_DUTY_ROLES = frozenset({Role.FINANCE, Role.EXECUTIVE})
# The village programme's records (the district office runs the village training and forms the groups) are
# kept by district offices too: their officers' changes reach their district's trainings and groups; which of
# them (only their own office's) is the policy's answer.
PROGRAMME_CHANGE_ROLES = DEFAULT_CHANGE_ROLES | {Role.DISTRICT_OFFICER}


@dataclass(frozen=True)
class AreaPaths:
    """ORM lookups from a model to the codes of its province, district and sub-district.

    Records store their ancestors' codes when saved, so each path is a plain column, not a join.
    """

    province: str
    district: str
    sub_district: str | None = None


def scope_q(user, paths: AreaPaths, action: str, change_roles=DEFAULT_CHANGE_ROLES) -> Q | None:
    """The filter for what `user` may see (or change); None means everything, Q(pk__in=[]) nothing."""
    nothing = Q(pk__in=[])
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return nothing
    role = user.role
    if action == Action.CHANGE and role not in change_roles:
        return nothing
    if role == Role.ADMIN:
        return None
    office = user.office
    if office is None:
        return nothing
    if role in OFFICE_DUTY_ROLES:  # the area of the office they work in
        role = Role.TAO_STAFF if office.is_local else Role.DISTRICT_OFFICER
    if role == Role.TAO_STAFF:
        if paths.sub_district is None:
            return nothing
        from registry.models import Office

        # A subquery, not a list: the scope costs no extra query.
        covered = Office.sub_districts.through.objects.filter(office_id=office.pk).values("subdistrict_id")
        return Q(**{f"{paths.sub_district}__in": covered})
    if role == Role.DISTRICT_OFFICER and office.district_id:
        return Q(**{paths.district: office.district_id})
    if role == Role.PROVINCE_OFFICER and office.province_id:
        return Q(**{paths.province: office.province_id})
    return nothing


class ScopedQuerySet(models.QuerySet):
    change_roles = (
        DEFAULT_CHANGE_ROLES  # the roles whose changes may reach these records at all (Action.CHANGE)
    )

    def for_user(self, user, action: str = Action.VIEW):
        paths = getattr(self.model, "area_paths", None)
        if paths is None:
            raise TypeError(f"{self.model.__name__} declares no area_paths")
        q = scope_q(user, paths, action, self.change_roles)
        return self if q is None else self.filter(q)


class ProgrammeQuerySet(ScopedQuerySet):
    """Trainings and groups: records a district office may keep too (the village programme)."""

    change_roles = PROGRAMME_CHANGE_ROLES
