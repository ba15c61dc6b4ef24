"""Who may do what in the registers (villages, people, households, occupations, raw materials, experts,
instructor teams and their households), with the reason when not. Asked through
`kit.policy.can(user, "registry.<action>", obj)`.

Which office keeps a register record: the records carry no office of their own; they belong to a village, and
the local office (TAO or municipality) that covers the village's sub-district keeps them. Where two local
offices cover one sub-district, the one registered first (the lowest id) keeps its records: the same office
the people list names in its "office" column (`PersonQuerySet.for_table`). The other office sees them, as its
area overlaps, but does not change them.
"""

from django.utils.translation import gettext_lazy as _

from kit.policy import ALLOWED, Policy, reason, refused, role_may
from registry.ownership import KEEPERS, office_may
from registry.scoping import Role

policy = Policy("registry")
can = policy.can

KEEPERS_ONLY = reason(
    _(
        "Only the staff of the local office that keeps the register, or an administrator, may change "
        "it; district and provincial officers read it."
    )
)
LOCAL_ONLY = reason(_("Only the staff of a TAO or municipality may do this."))
ADMIN_ONLY = reason(_("Only a system administrator may see this page."))


def keeping_office_id(record):
    """The id of the local office that keeps a register record (see the module's docstring), or None."""
    from registry.models import Office
    from registry.models.offices import LOCAL_KINDS

    value = record
    for step in type(record).area_paths.sub_district.split("__"):
        value = getattr(value, step)
    sub_district = getattr(value, "pk", value)  # a Village's path ends at the SubDistrict's own code
    cache = _cache(record)
    if sub_district not in cache:
        cache[sub_district] = (
            Office.objects.filter(kind__in=LOCAL_KINDS, sub_districts=sub_district)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
    return cache[sub_district]


def _cache(record) -> dict:
    return record.__dict__.setdefault("_keeping_office", {})


@policy.rule("add")
def _add(user, model=None):
    """A new record of a register (`model`, unused: every register has the same keepers)."""
    return role_may(user, KEEPERS, KEEPERS_ONLY)


@policy.rule("change")
def _change(user, record):
    """Edit or delete a record, manage a team's members or an instructor's households."""
    return office_may(
        user, record, owner_id=keeping_office_id(record), roles=KEEPERS, role_reason=KEEPERS_ONLY
    )


@policy.rule("import")
def _import(user, obj=None):
    """Import a register from a spreadsheet: into the local office's own villages."""
    if user.role not in KEEPERS:
        return refused(KEEPERS_ONLY)
    return ALLOWED if getattr(user.office, "is_local", False) else refused(LOCAL_ONLY)


@policy.rule("move_person")
def _move_person(user, obj=None):
    """Bring the record of a person who moved into the user's own office
    (never out of another into a third)."""
    if user.role != Role.TAO_STAFF or not getattr(user.office, "is_local", False):
        return refused(LOCAL_ONLY)
    return ALLOWED


READINESS_ONLY = reason(
    _("Only a system administrator or a provincial officer may see whether a province is ready.")
)


@policy.rule("readiness")
def _readiness(user, obj=None):
    """Is this province ready? An administrator (every province) or a provincial officer (their own: the
    provinces are narrowed by registry.readiness.provinces_for), read-only."""
    return role_may(user, {Role.ADMIN, Role.PROVINCE_OFFICER}, READINESS_ONLY)


@policy.rule("reveal_log")
def _reveal_log(user, obj=None):
    return role_may(user, {Role.ADMIN}, ADMIN_ONLY)


@policy.rule("onboard")
def _onboard(user, obj=None):
    """Set up a province from a workbook: its offices, villages and users."""
    return role_may(user, {Role.ADMIN}, ADMIN_ONLY)
