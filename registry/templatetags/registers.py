"""Show a register record's fields generically, formatted the Thai way and with personal data guarded."""

import datetime
from decimal import Decimal

from django import template

from kit import thai
from registry.pdpa import may_see_sensitive

register = template.Library()

HIDDEN = {"id", "created_at", "updated_at", "sub_district", "district", "province", "national_id"}
SENSITIVE = {"released_prisoner", "prisoner_consent", "prisoner_consent_date", "prisoner_source"}


def display(obj, field):
    if field.many_to_many:
        return ", ".join(str(o) for o in getattr(obj, field.name).all())
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    value = getattr(obj, field.name)
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    if isinstance(value, datetime.date):
        return thai.date_short(value)
    if isinstance(value, Decimal):
        return thai.baht(value)
    if field.name == "months":
        return obj.months_display
    return value


@register.filter
def record_fields(obj, user):
    hidden = HIDDEN | (set() if may_see_sensitive(user) else SENSITIVE)
    fields = [
        f
        for f in obj._meta.get_fields()
        if (f.concrete or f.many_to_many) and not f.auto_created and f.name not in hidden
    ]
    return [(f.verbose_name, display(obj, f)) for f in fields]
