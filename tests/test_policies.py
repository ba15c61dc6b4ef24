"""One permission policy, with reasons: every action × every role × own office / another office whose area
overlaps / another area, for the registers, training and groups; and the pages, buttons and services that ask
it.
"""

import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from groups import services as group_services
from kit.policy import Decision, can, reasons
from registry import policies as registry_policy
from registry.models import Village
from registry.ownership import KEPT_BY, NO_OFFICE, OUTSIDE
from registry.services.records import record_save
from tests import areas
from tests.groups.helpers import days_ago, make_group
from tests.registers.helpers import make_person
from tests.scoping import ScopeWorld, assert_refused, overlapping_staff
from tests.training.helpers import training_at
from training import policies as training_policy
from training.models import Step

Y, N = True, False
# Who: tao_a (office A, keeps the records), overlap (a municipality covering office A's sub-district too),
# tao_a2 (office A's neighbour: another sub-district of the district), tao_b (another province), district_a
# and province_a (officers of office A's district and province), province_b (another province's officer),
# admin.
WHO = ("tao_a", "overlap", "tao_a2", "tao_b", "district_a", "province_a", "province_b", "admin")

KEEPS = {
    "tao_a": Y,
    "overlap": KEPT_BY,
    "tao_a2": OUTSIDE,
    "tao_b": OUTSIDE,
    "district_a": N,
    "province_a": N,
    "province_b": N,
    "admin": Y,
}
VISITS = {**KEEPS, "district_a": Y}  # the district's community developer also records visits and follow-ups
# A district office keeps the trainings and groups of the village programme it runs, so its officer's role may
# change them; office A's own are refused with the name of the office that keeps them, not for the role.
PROGRAMME = {**KEEPS, "district_a": KEPT_BY}
LOCAL_STAFF = {
    "tao_a": Y,
    "overlap": Y,
    "tao_a2": Y,
    "tao_b": Y,
    "district_a": N,
    "province_a": N,
    "province_b": N,
    "admin": N,
}
KEEPER_ROLES = {**LOCAL_STAFF, "admin": Y}
RECORDERS = {**KEEPER_ROLES, "district_a": Y}
ADMIN_ONLY = {name: name == "admin" for name in WHO}
# Is the province ready? Administrators and provincial officers (each province's page narrows to their own).
READINESS = {name: name in ("admin", "province_a", "province_b") for name in WHO}

# action -> (the record it is asked about: None, or a key of the `records` fixture; expected answer per user).
# Y: allowed; N: refused for the role (the rule's own sentence); KEPT_BY / OUTSIDE: refused with that one.
TABLE = {
    "registry.add": (None, KEEPER_ROLES),
    "registry.change": ("person", KEEPS),
    "registry.import": (None, LOCAL_STAFF),
    "registry.move_person": (None, LOCAL_STAFF),
    "registry.reveal_log": (None, ADMIN_ONLY),
    "registry.readiness": (None, READINESS),
    "registry.onboard": (None, ADMIN_ONLY),
    "training.create": (
        None,
        {
            **{name: Y if ok else training_policy.LOCAL_ONLY for name, ok in LOCAL_STAFF.items()},
            "district_a": training_policy.VILLAGE_ONLY,
        },
    ),
    "training.village_training": (
        None,
        {
            **{name: Y if ok else training_policy.VILLAGE_TRAINING_ONLY for name, ok in LOCAL_STAFF.items()},
            "district_a": Y,
        },
    ),
    "training.change": ("training", PROGRAMME),
    "training.advance": ("training", PROGRAMME),
    "training.move_back": ("training", PROGRAMME),
    "training.follow_up": ("training", VISITS),
    "training.follow_ups": (None, RECORDERS),
    "groups.create": (None, KEEPER_ROLES | {"admin": NO_OFFICE}),
    "groups.change": ("group", PROGRAMME),
    "groups.form_from_training": ("training", PROGRAMME),
    "groups.visit": ("group", VISITS),
    "groups.visits_due": (None, RECORDERS),
}


@pytest.fixture
def people(world):
    return {**world.users(), "overlap": overlapping_staff(world)}


@pytest.fixture
def records(world, people, catalogue):
    village = Village.objects.get_or_create(
        sub_district=areas.sub_district(ScopeWorld.SUB_A), number=1, defaults={"name": "บ้านดอนสวรรค์"}
    )[0]
    return {
        "person": make_person(village, 1),
        "training": training_at(world.office_a, Step.RUN),
        "group": make_group(world.tao_a, world.office_a, catalogue=catalogue),
    }


def _sentence(expected, office_name):
    return str(expected) % {"office": office_name} if "%(office)s" in str(expected) else str(expected)


@pytest.mark.parametrize("action", TABLE)
@pytest.mark.parametrize("who", WHO)
def test_the_table(world, people, records, action, who):
    key, expected = TABLE[action][0], TABLE[action][1][who]
    obj = records[key] if key else None
    with translation.override("th"):
        decision = can(people[who], action, obj)
        assert isinstance(decision, Decision)
        allowed, reason = decision  # the shape a workflow's permission callable gives
        assert allowed is (expected is True), (action, who, reason)
        if expected is True:
            assert reason == ""
        else:
            assert reason and any("\u0e00" <= c <= "\u0e7f" for c in reason), (
                action,
                who,
                reason,
            )  # a Thai sentence
            if expected is not False:
                assert reason == _sentence(expected, world.office_a.name)


def test_anonymous_is_asked_to_sign_in(records):
    from django.contrib.auth.models import AnonymousUser

    with translation.override("th"):
        assert tuple(can(AnonymousUser(), "training.change", records["training"])) == (
            False,
            "โปรดเข้าสู่ระบบก่อน",
        )


def test_the_overlapping_office_sees_but_does_not_change(client, world, people, records):
    """The same sub-district, another office: it reads office A's training, group and people; any change is
    refused with the name of the office that keeps the record, on the page, on a POST and in the service."""
    overlap = people["overlap"]
    client.force_login(overlap)
    kept = f"รายการนี้เป็นของ{world.office_a.name}"
    for url in (
        reverse("training:detail", args=[records["training"].pk]),
        reverse("groups:detail", args=[records["group"].pk]),
        reverse("registry:person_detail", args=[records["person"].pk]),
    ):
        page = html.unescape(client.get(url).content.decode())
        assert kept in page, url  # a refused button or the page's read-only note says why
    assert_refused(
        client.post(reverse("training:detail", args=[records["training"].pk]), {"action": "advance"}), kept
    )
    assert_refused(
        client.post(
            reverse("groups:detail", args=[records["group"].pk]),
            {"action": "visit", "visited_on": "01/05/2569"},
        ),
        kept,
    )
    assert_refused(client.get(reverse("registry:person_update", args=[records["person"].pk])), kept)
    assert_refused(client.get(reverse("groups:edit", args=[records["group"].pk])), kept)
    assert_refused(
        client.post(reverse("registry:person_reveal", args=[records["person"].pk]), {"reason": "ตรวจสอบ"}),
        kept,
    )  # the full national ID is for the office that keeps the record
    with pytest.raises(ValidationError, match=kept):
        group_services.visit_record(user=overlap, group=records["group"], visited_on=days_ago(1))
    person = records["person"]
    person.house_number = "99"
    with pytest.raises(ValidationError, match=kept):
        record_save(user=overlap, obj=person)


def test_readers_see_disabled_buttons_with_the_reason(client, world, records):
    client.force_login(world.province_a)
    page = html.unescape(client.get(reverse("training:training_list")).content.decode())
    with translation.override("th"):
        assert str(training_policy.LOCAL_ONLY) in page and "disabled" in page
    client.force_login(world.district_a)  # the district office organises the village training only
    page = html.unescape(client.get(reverse("training:training_list")).content.decode())
    with translation.override("th"):
        assert str(training_policy.VILLAGE_ONLY) in page and reverse("training:village_training") in page
        listed = html.unescape(client.get(reverse("registry:person_list")).content.decode())
        assert str(registry_policy.KEEPERS_ONLY) in listed


def test_the_navigation_asks_the_policy(client, world):
    client.force_login(world.province_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("groups:visits_overdue") not in page and reverse("registry:reveal_log") not in page
    client.force_login(world.district_a)
    assert reverse("groups:visits_overdue") in client.get(reverse("home")).content.decode()
    client.force_login(world.admin)
    assert reverse("registry:reveal_log") in client.get(reverse("home")).content.decode()


def test_the_training_policy_is_a_workflow_permission(records, world):
    """The workflow engine asks `permission(user, action, obj) -> (bool, reason)`."""
    permission = training_policy.can
    assert tuple(permission(world.tao_a, "training.advance", records["training"])) == (True, "")
    allowed, reason = permission(world.province_a, "training.move_back", records["training"])
    assert not allowed and reason


def test_every_reason_is_translated():
    with translation.override("th"):
        for sentence in reasons():
            assert any("\u0e00" <= c <= "\u0e7f" for c in sentence), sentence


def test_templates_ask_the_policy_with_the_tag(rf, world, records):
    from django.template import Context, Template

    template = Template(
        '{% can "training.change" training as may %}{% if may %}yes{% else %}{{ may.reason }}{% endif %}'
    )
    for user, expected in ((world.tao_a, "yes"), (world.province_a, str(training_policy.KEEPERS_ONLY))):
        request = rf.get("/")
        request.user = user
        with translation.override("th"):
            rendered = html.unescape(
                template.render(Context({"request": request, "training": records["training"]}))
            )
            assert rendered == str(expected)
