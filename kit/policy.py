"""Who may do what, and why not: one policy per app (Hypha's permissions: small functions with a reason).

Each app writes its rules once, in its own `policies.py`:

    policy = Policy("training")

    @policy.rule("change")
    def _change(user, training):
        return office_may(user, training, owner_id=training.office_id, roles=KEEPERS, role_reason=...)

(`office_may`, the usual "area + keeping office + role" rule, is in registry/ownership.py:
it needs the offices.)

and everything else asks the same question, `can(user, "training.change", training)`, which answers a
`Decision` (`allowed, reason = can(...)`; the reason is a Thai sentence for the refused button, message or 403
page): views (`require(...)` raises a 403 with the reason), services (`ensure(...)` raises a ValidationError
with it), templates (`{% can "training.change" training as may %}` ... `{{ may.reason }}`) and the navigation.

Seeing is area scoping (`Model.objects.for_user(user)`: out of scope is a 404, never asked here). Changing is:
the record is in the user's area, AND the user's office keeps it (or the rule names which other office may,
e.g. the district's community developer recording follow-up visits), AND the role allows it. An administrator
may change anything. An office whose area merely overlaps another's (two local offices covering one
sub-district) does not change the other's records.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy

REASONS: list = []  # every reason a rule may give (lazy; "%(office)s" stands for a name), for the URL sweep


def reason(text):
    """Declare a refusal's sentence (a gettext_lazy string) where the rules are written."""
    REASONS.append(text)
    return text


SIGN_IN = reason(gettext_lazy("Sign in first."))


@dataclass(frozen=True)
class Decision:
    """The policy's answer: truthy when allowed; `reason` says why not, in the user's language."""

    allowed: bool
    reason: str = ""

    def __bool__(self):
        return self.allowed

    def __iter__(self):  # allowed, reason = can(...)
        yield self.allowed
        yield self.reason


ALLOWED = Decision(True)


def refused(reason) -> Decision:
    return Decision(False, str(reason))


RULES: dict[str, Callable] = {}  # "app.action" -> rule(user, obj) -> Decision


class Policy:
    """The rules of one app; `@policy.rule("change")` registers "app.change"."""

    def __init__(self, app: str):
        self.app = app

    def rule(self, name: str):
        def register(func):
            action = f"{self.app}.{name}"
            if action in RULES and RULES[action] is not func:
                raise ImproperlyConfigured(f"The permission {action} is declared twice.")
            RULES[action] = func
            return func

        return register

    def can(self, user, action: str, obj=None) -> Decision:
        return can(user, action, obj)


_loaded = False


def _load():
    global _loaded
    if not _loaded:
        autodiscover_modules("policies")  # each app's policies.py registers its rules
        _loaded = True


def can(user, action: str, obj=None) -> Decision:
    """May `user` do `action` (e.g. "training.change") to `obj` (a record, or None for a page without one)?"""
    _load()
    rule = RULES[action]  # an unknown action is a programming error, not a refusal
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return refused(SIGN_IN)
    return rule(user, obj)


def require(user, action: str, obj=None) -> Decision:
    """For views: a refusal is a 403 page that shows the reason (out-of-scope records are 404 before this)."""
    decision = can(user, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    return decision


def ensure(user, action: str, obj=None) -> Decision:
    """For services: a refusal is a ValidationError carrying the reason, so nothing is written."""
    decision = can(user, action, obj)
    if not decision:
        raise ValidationError(decision.reason)
    return decision


# --- the common checks the apps' rules are made of ----------------------------------------------------------


def role_may(user, roles, reason) -> Decision:
    return ALLOWED if user.role in roles else refused(reason)


def reasons() -> list[str]:
    """Every reason the policies may give, in the active language ("%(office)s" left in)."""
    _load()
    return [str(text) for text in REASONS]
