"""The grant table (grants/workflow.py) is the one place that says who may do what and which states belong
together: the status groups are read off it, and the request's page, its selector and its services ask it for
the permission of every page action, so changing the table changes them all.

The groups expected below are typed by hand from the grant rules (docs/grants.md), so a change of the table
that moves a state out of a group fails here."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from grants import services
from grants import workflow as table
from grants.models import GrantRequest, Status
from grants.policies import EXECUTIVE_ONLY, FINANCE_ONLY, OWN_OFFICE_LINES
from grants.selectors import request_page
from grants.views import requests as page
from grants.workflow import GRANT, REVIEW
from kit.policy import can
from tests.grants.helpers import advance, grant_world, make_request, refresh, today

# The way onward, and the groups of states, as the grant rules say.
BEFORE = ("draft", "submitted", "screening", "review", "approval")  # the road up to the executive's decision
AFTER = ("approved", "agreement", "disbursing", "in_progress", "reporting", "report_review", "closed")
ROAD = (*BEFORE, *AFTER)
APPROVED = {*AFTER, "refund_due"}
GROUPS = {
    "FINAL_STATES": {"ineligible", "rejected", "closed", "withdrawn", "terminated"},
    "SIDE_STATES": {"more_info", "ineligible", "rejected", "refund_due", "withdrawn", "terminated"},
    "APPROVED_STATES": APPROVED,  # whatever became of it since, short of being terminated
    "AGREED_STATES": APPROVED | {"terminated"},
    "COMMITTED_STATES": set(AFTER) - {"closed"},
    "REPORT_STATES": {"in_progress", "reporting"},
    "PAYING_STATES": {"disbursing", "in_progress"},
    "REFUND_STATES": {"refund_due", "terminated"},
    "DECIDING_STATES": {"approval"},
    "DECISION_STATES": {"approved", "rejected", "ineligible"},
}


@pytest.mark.parametrize("name", GROUPS)
def test_each_status_group_holds_the_states_the_rules_name(name):
    assert set(getattr(table, name)) == GROUPS[name]


@pytest.mark.parametrize("state", GRANT.states, ids=lambda state: state.value)
def test_a_state_is_final_exactly_when_the_table_gives_it_no_move(state):
    assert (state.value in table.FINAL_STATES) is (not state.moves)
    assert (state.value in GRANT.active) is bool(state.moves)


@pytest.mark.parametrize("state", GRANT.states, ids=lambda state: state.value)
def test_the_groups_of_a_state_follow_its_page_actions_and_moves(state):
    assert (state.value in table.REPORT_STATES) is (table.REPORT in state.actions)
    assert (state.value in table.PAYING_STATES) is (table.PAYMENT in state.actions)
    assert (state.value in table.REFUND_STATES) is (table.REFUND in state.actions)
    assert (state.value in table.DECIDING_STATES) is (table.APPROVE in state.actions)
    assert (state.value in table.SIDE_STATES) is (state.value not in GRANT.road)
    assert (state.value in table.DECISION_STATES) is (table.DECISION in state.tags)


def test_the_road_goes_onward_from_draft_to_closed():
    assert GRANT.road == ROAD


def test_the_models_no_longer_list_status_groups():
    from grants import models

    assert not [name for name in dir(models) if name.endswith("_STATES")]


# --- who may: every page action asks the table ----------------------------------------------------------

# The permission each page action of the table asks, as the grant rules say (staff / finance / executive).
WHO = {
    "edit": "grants.change",
    "documents": "grants.change",
    "review": "grants.change",
    "approve": "grants.decide",
    "change_request": "grants.change",
    "change_decide": "grants.decide",
    "pay": "grants.pay",
    "refund": "grants.pay",
    "tag": "grants.change",
    "report": "grants.change",
    "agreement_remove": "grants.change",
}


def test_the_table_gives_every_page_action_the_duty_the_rules_name():
    assert set(GRANT.page_actions) == set(WHO)
    assert {action: GRANT.act_for(action) for action in GRANT.page_actions} == WHO


def _posted(data):
    return RequestFactory().post("/", data)


@pytest.mark.parametrize("name", sorted(set(page.ACTIONS) - {"move", "move_reason"}))
def test_each_posted_action_asks_the_permission_of_its_table_action(monkeypatch, name):
    action = page.PAGE_ACTION.get(name, name)
    assert action in GRANT.page_actions
    grant = GrantRequest(status=Status.DRAFT)
    assert page._act(_posted({"action": name}), grant, name) == WHO[action]
    monkeypatch.setitem(GRANT.action_acts, action, "grants.budget_office")
    assert page._act(_posted({"action": name}), grant, name) == "grants.budget_office"


@pytest.mark.parametrize("state", GRANT.states, ids=lambda state: state.value)
def test_a_posted_move_asks_the_permission_of_its_move(state):
    grant = GrantRequest(status=state.value)
    for move in state.moves:
        for name in ("move", "move_reason"):
            asked = page._act(_posted({"action": name, "to": move.to}), grant, name)
            assert asked == (move.act or GRANT.act)
    assert page._act(_posted({"action": "move", "to": "no-such"}), grant, "move") == GRANT.act


@pytest.fixture
def gw(world):
    return grant_world(world)


@pytest.mark.django_db
def test_the_page_selector_shows_an_action_to_whom_the_table_names(monkeypatch, gw):
    request = advance(gw, make_request(gw), Status.REVIEW)
    shown = request_page(request=request, user=gw.staff, today=today()).show
    assert shown[REVIEW] and not shown["pay"] and not shown["approve"]  # open here: review; pay, approve: not
    assert not request_page(request=request, user=gw.executive, today=today()).show[REVIEW]
    monkeypatch.setitem(GRANT.action_acts, REVIEW, "grants.decide")
    assert not request_page(request=request, user=gw.staff, today=today()).show[REVIEW]
    assert request_page(request=request, user=gw.executive, today=today()).show[REVIEW]


@pytest.mark.django_db
def test_the_page_and_the_service_follow_the_table(client, monkeypatch, gw):
    request = advance(gw, make_request(gw), Status.REVIEW)
    met = timezone.localdate()
    data = {
        "action": "review",
        "recommended_amount": "20000",  # the cost lines as asked add up to it
        "committee_notes": "",
        "score": "",
        "meeting_on": f"{met:%d/%m/}{met.year + 543}",
        "review-lines-TOTAL_FORMS": str(request.cost_lines.count()),
        "review-lines-INITIAL_FORMS": "0",
    }
    for i, line in enumerate(request.cost_lines.all()):  # each cost line as the group asked it
        data |= {
            f"review-lines-{i}-line": line.pk,
            f"review-lines-{i}-quantity": str(line.quantity),
            f"review-lines-{i}-unit_price": str(line.unit_price),
        }
    monkeypatch.setitem(GRANT.action_acts, REVIEW, "grants.pay")  # the finance officer's, for this test
    with translation.override("th"):
        client.force_login(gw.staff)
        response = client.post(reverse("grants:detail", args=[request.pk]), data)
        assert response.status_code == 403
        assert str(FINANCE_ONLY) in html.unescape(response.content.decode())
        with pytest.raises(ValidationError) as refused:
            services.review_record(user=gw.staff, request=request, recommended_amount="15000")
        assert refused.value.messages == [str(FINANCE_ONLY)]
        client.force_login(gw.finance)
        response = client.post(reverse("grants:detail", args=[request.pk]), data)
    assert response.status_code == 302
    assert refresh(request).recommended_amount == 20000


@pytest.mark.parametrize("state", GRANT.states, ids=lambda state: state.value)
def test_a_form_that_makes_a_move_asks_what_the_move_asks(state):
    for move in state.moves:
        if move.made_by:
            assert move.made_by in state.actions
            assert GRANT.act_for(move.made_by) == GRANT.act_of(move)


@pytest.mark.django_db
def test_the_approval_asks_the_table_for_the_executive(gw):
    request = advance(gw, make_request(gw), Status.APPROVAL)
    with translation.override("th"):
        assert not can(gw.staff, GRANT.act_for(table.APPROVE), request)
        with pytest.raises(ValidationError) as refused:
            services.approve(user=gw.staff, request=request, line=gw.line, amount="15000")
        assert refused.value.messages == [str(EXECUTIVE_ONLY)]


@pytest.mark.django_db
def test_only_an_administrator_chooses_the_office_of_a_budget_line(world, gw):
    assert can(world.admin, "grants.budget_office")
    with translation.override("th"):
        for user in (gw.staff, gw.finance, gw.executive, world.district_a):
            allowed, reason = can(user, "grants.budget_office")
            assert not allowed and reason == str(OWN_OFFICE_LINES)
            assert any("\u0e00" <= c <= "\u0e7f" for c in reason)
