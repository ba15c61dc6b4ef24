"""The one place a user's office and role become a filter (registry/scoping.py `scope_q`), role by role, on
plain users and offices: who sees everything, nothing, a district's or a province's records, the area of the
office a finance officer or executive works in, and who may change at all."""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from registry.models.offices import LOCAL_KINDS
from registry.scoping import (
    DEFAULT_CHANGE_ROLES,
    OFFICE_DUTY_ROLES,
    PROGRAMME_CHANGE_ROLES,
    Action,
    AreaPaths,
    ProgrammeQuerySet,
    Role,
    ScopedQuerySet,
    scope_q,
)

PATHS = AreaPaths(province="province_id", district="district_id", sub_district="sub_district_id")
NOTHING = Q(pk__in=[])


def office(kind, *, pk=7, district_id="4601", province_id="46"):
    return SimpleNamespace(
        pk=pk, kind=kind, is_local=kind in LOCAL_KINDS, district_id=district_id, province_id=province_id
    )


def user(role, office=None, **flags):
    return SimpleNamespace(
        **{"role": role, "office": office, "is_authenticated": True, "is_active": True, **flags}
    )


def covered_sub_districts(q):
    """The lookup of a local office's filter and the office it asks about."""
    ((lookup, subquery),) = q.children
    return lookup, subquery.query.where.children[0].rhs


@pytest.mark.parametrize(
    "who",
    [
        SimpleNamespace(role=Role.ADMIN, office=None, is_active=True),  # no is_authenticated: not a user
        user(Role.ADMIN, is_authenticated=False),
        user(Role.ADMIN, is_active=False),
    ],
    ids=["not a user", "anonymous", "inactive"],
)
def test_no_one_signed_out_or_inactive_sees_anything(who):
    assert scope_q(who, PATHS, Action.VIEW) == NOTHING


def test_an_administrator_sees_and_changes_everything_without_an_office():
    assert scope_q(user(Role.ADMIN), PATHS, Action.VIEW) is None
    assert scope_q(user(Role.ADMIN), PATHS, Action.CHANGE) is None


def test_officers_read_their_district_or_province():
    assert scope_q(user(Role.DISTRICT_OFFICER, office("district_cd")), PATHS, Action.VIEW) == Q(
        district_id="4601"
    )
    assert scope_q(user(Role.PROVINCE_OFFICER, office("province")), PATHS, Action.VIEW) == Q(province_id="46")


def test_an_office_without_the_area_its_officer_needs_gives_nothing():
    assert (
        scope_q(user(Role.DISTRICT_OFFICER, office("district_cd", district_id=None)), PATHS, "view")
        == NOTHING
    )
    assert (
        scope_q(user(Role.PROVINCE_OFFICER, office("province", province_id=None)), PATHS, "view") == NOTHING
    )
    assert scope_q(user(Role.TAO_STAFF, None), PATHS, Action.VIEW) == NOTHING
    assert scope_q(user(Role.DISTRICT_OFFICER, None), PATHS, Action.VIEW) == NOTHING


def test_an_unknown_role_sees_nothing():
    assert scope_q(user("visitor", office("tao")), PATHS, Action.VIEW) == NOTHING


def test_local_staff_see_the_sub_districts_their_office_covers_and_nothing_without_one():
    lookup, office_id = covered_sub_districts(
        scope_q(user(Role.TAO_STAFF, office("tao")), PATHS, Action.VIEW)
    )
    assert (lookup, office_id) == ("sub_district_id__in", 7)
    no_sub_district = AreaPaths(province="province_id", district="district_id")
    assert scope_q(user(Role.TAO_STAFF, office("tao")), no_sub_district, Action.VIEW) == NOTHING


@pytest.mark.parametrize("role", sorted(OFFICE_DUTY_ROLES))
def test_finance_and_executives_see_the_area_of_the_office_they_work_in(role):
    for kind in ("tao", "municipality"):
        q = scope_q(user(role, office(kind)), PATHS, Action.VIEW)
        assert covered_sub_districts(q) == ("sub_district_id__in", 7)
    assert scope_q(user(role, office("district_cd")), PATHS, Action.VIEW) == Q(district_id="4601")


def test_only_the_change_roles_reach_anything_to_change():
    assert set(DEFAULT_CHANGE_ROLES) == {Role.TAO_STAFF, Role.ADMIN}
    assert set(PROGRAMME_CHANGE_ROLES) == {Role.TAO_STAFF, Role.ADMIN, Role.DISTRICT_OFFICER}
    district = user(Role.DISTRICT_OFFICER, office("district_cd"))
    assert scope_q(district, PATHS, Action.CHANGE) == NOTHING
    assert scope_q(district, PATHS, Action.CHANGE, PROGRAMME_CHANGE_ROLES) == Q(district_id="4601")
    assert scope_q(user(Role.FINANCE, office("tao")), PATHS, Action.CHANGE) == NOTHING
    assert scope_q(user(Role.PROVINCE_OFFICER, office("province")), PATHS, Action.CHANGE) == NOTHING
    q = scope_q(user(Role.TAO_STAFF, office("tao")), PATHS, Action.CHANGE)
    assert covered_sub_districts(q) == ("sub_district_id__in", 7)


def test_querysets_ask_their_model_s_area_paths_and_change_roles():
    assert ScopedQuerySet.change_roles == DEFAULT_CHANGE_ROLES
    assert ProgrammeQuerySet.change_roles == PROGRAMME_CHANGE_ROLES
    with pytest.raises(TypeError, match="^ContentType declares no area_paths$"):
        ScopedQuerySet(model=ContentType).for_user(user(Role.ADMIN))


def test_the_village_programme_s_records_reach_the_district_officer_s_changes_other_records_do_not():
    from registry.models import Village
    from training.models import Training

    district = user(Role.DISTRICT_OFFICER, office("district_cd"))
    programme = Training.objects.for_user(district, Action.CHANGE).query.where
    assert [(c.lhs.target.name, c.rhs) for c in programme.children] == [("district", "4601")]
    register = Village.objects.for_user(district, Action.CHANGE).query.where
    assert [(c.lhs.target.name, c.rhs) for c in register.children] == [("id", [])]
    assert Village.objects.for_user(user(Role.ADMIN)).query.where.children == []  # everything: no filter
