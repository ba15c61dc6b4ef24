"""Who may see personal data in full (PDPA). One place, used by views, exports and templates."""

from registry.scoping import Role

# Full national IDs (after an explicit, logged "show") and export files with full IDs.
NATIONAL_ID_ROLES = frozenset({Role.TAO_STAFF, Role.ADMIN})
# Released-from-prison status (criminal-record data, PDPA section 26): the office that selects target
# households, and admins. District and provincial officers see counts only.
SENSITIVE_ROLES = frozenset({Role.TAO_STAFF, Role.ADMIN})


def may_see_national_ids(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in NATIONAL_ID_ROLES


def may_see_sensitive(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.role in SENSITIVE_ROLES
