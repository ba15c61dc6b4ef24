"""The policy machinery of kit/policy.py on its own: a Decision's truth and reason, a rule registered once per
action, who is asked to sign in before any rule, the apps' policies discovered once, and require/ensure
turning a refusal into a 403 or a ValidationError that carries the reason."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy

from kit import policy

NOT_YOURS = gettext_lazy("Only the funding office's finance officer records payments and refunds.")


def person(role="tao_staff", **extra):
    return SimpleNamespace(role=role, is_authenticated=True, is_active=True, **extra)


@pytest.fixture
def rules(monkeypatch):
    """A fresh table of rules with the "sample" app's two rules; the apps' own rules are left alone."""
    table = {}
    monkeypatch.setattr(policy, "RULES", table)
    monkeypatch.setattr(policy, "_loaded", True)
    sample = policy.Policy("sample")
    asked = []

    @sample.rule("read")
    def _read(user, obj):
        asked.append((user, obj))
        return policy.ALLOWED

    @sample.rule("change")
    def _change(user, obj):
        asked.append((user, obj))
        return policy.role_may(user, ("finance",), NOT_YOURS)

    return SimpleNamespace(table=table, policy=sample, asked=asked, read=_read, change=_change)


def test_a_decision_is_true_when_allowed_and_unpacks_to_allowed_and_reason():
    assert bool(policy.ALLOWED) is True and tuple(policy.ALLOWED) == (True, "")
    with translation.override("th"):
        refusal = policy.refused(NOT_YOURS)
        assert bool(refusal) is False
        allowed, reason = refusal
        assert allowed is False and reason == refusal.reason == str(NOT_YOURS)
        assert type(reason) is str and reason.startswith("เฉพาะเจ้าหน้าที่การเงิน")


def test_a_rule_is_registered_under_app_dot_action_once(rules):
    assert rules.table == {"sample.read": rules.read, "sample.change": rules.change}
    assert rules.policy.rule("read")(rules.read) is rules.read  # the same function again: no harm
    with pytest.raises(ImproperlyConfigured, match=r"The permission sample\.read is declared twice\."):
        rules.policy.rule("read")(lambda user, obj: policy.ALLOWED)
    assert rules.table["sample.read"] is rules.read


def test_the_rule_answers_for_a_signed_in_active_user(rules):
    record = object()
    finance, staff = person("finance"), person("tao_staff")
    assert policy.can(finance, "sample.change", record) is policy.ALLOWED
    assert rules.policy.can(finance, "sample.change", record) is policy.ALLOWED
    with translation.override("th"):
        assert tuple(policy.can(staff, "sample.change")) == (False, str(NOT_YOURS))
    assert rules.asked == [(finance, record), (finance, record), (staff, None)]


@pytest.mark.parametrize(
    "user",
    [
        SimpleNamespace(role="admin", is_active=True),  # no is_authenticated at all
        SimpleNamespace(role="admin", is_authenticated=False, is_active=True),
        SimpleNamespace(role="admin", is_authenticated=True, is_active=False),
    ],
    ids=["not a user", "anonymous", "inactive"],
)
def test_anyone_not_signed_in_or_inactive_is_asked_to_sign_in_before_any_rule(rules, user):
    with translation.override("th"):
        assert tuple(policy.can(user, "sample.read")) == (False, "โปรดเข้าสู่ระบบก่อน")
    assert rules.asked == []


def test_an_unknown_action_is_a_programming_error(rules):
    with pytest.raises(KeyError):
        policy.can(person(), "sample.delete")


def test_require_and_ensure_refuse_with_the_reason_or_answer_the_decision(rules):
    finance, staff = person("finance"), person("tao_staff")
    assert policy.require(finance, "sample.change") is policy.ALLOWED
    assert policy.ensure(finance, "sample.change") is policy.ALLOWED
    with translation.override("th"):
        with pytest.raises(PermissionDenied) as denied:
            policy.require(staff, "sample.change", object())
        assert str(denied.value) == str(NOT_YOURS)
        with pytest.raises(ValidationError) as invalid:
            policy.ensure(staff, "sample.change", object())
        assert invalid.value.messages == [str(NOT_YOURS)]


def test_role_may_allows_the_named_roles_only():
    assert policy.role_may(person("executive"), ("executive", "admin"), NOT_YOURS) is policy.ALLOWED
    refusal = policy.role_may(person("finance"), ("executive", "admin"), NOT_YOURS)
    assert tuple(refusal) == (False, str(NOT_YOURS))


def test_the_apps_policies_are_discovered_once(monkeypatch, rules):
    discovered = []
    monkeypatch.setattr(policy, "autodiscover_modules", discovered.append)
    monkeypatch.setattr(policy, "_loaded", False)
    policy.can(person(), "sample.read")
    policy.can(person(), "sample.read")
    policy.reasons()
    assert discovered == ["policies"]


def test_every_declared_reason_is_listed_in_the_active_language(monkeypatch):
    policy.reasons()  # the apps' policies are loaded, with their reasons
    monkeypatch.setattr(policy, "REASONS", list(policy.REASONS))
    assert policy.reason(NOT_YOURS) is NOT_YOURS
    with translation.override("th"):
        listed = policy.reasons()
        assert listed[-1] == str(NOT_YOURS) and "โปรดเข้าสู่ระบบก่อน" in listed
    assert all(type(text) is str for text in listed)
    with translation.override("en"):
        assert "Sign in first." in policy.reasons()
