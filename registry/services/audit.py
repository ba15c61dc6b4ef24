"""The change log: every create, change and delete of a register record, with who and when."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from kit import thai
from kit.imports.bulk import insert_values
from registry.models import AuditAction, AuditEntry

SENSITIVE_FIELDS = {"national_id": thai.national_id_mask}
CHUNK = 2000


def _json(name, value):
    if value is None:
        return ""
    if name in SENSITIVE_FIELDS:
        return SENSITIVE_FIELDS[name](value)
    if isinstance(value, datetime.date):
        return thai.date_short(value)
    if isinstance(value, Decimal):
        return thai.baht(value)
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    return str(value)


def diff_to_json(changes: dict) -> dict:
    return {name: [_json(name, old), _json(name, new)] for name, (old, new) in changes.items()}


def model_changes(old, new, fields) -> dict:
    """{field: [old, new]} between two instances of a model, for the given field names."""
    changes = {}
    for name in fields:
        field = new._meta.get_field(name)
        before, after = getattr(old, field.attname) if old is not None else None, getattr(new, field.attname)
        if before != after:
            if field.is_relation:  # show the related records, not their keys
                before, after = getattr(old, name) if old is not None else None, getattr(new, name)
            elif field.choices:
                labels = dict(field.flatchoices)
                before, after = labels.get(before, before), labels.get(after, after)
            changes[name] = [before, after]
    return changes


def audit(*, user, obj, action, changes=None, import_batch=None):
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        action=action,
        changes=diff_to_json(changes or {}),
        user=user,
        import_batch=import_batch,
    )


def audit_bulk(*, user, created, updated, import_batch=None):
    """One entry per created object and per changed object ([(obj, changes)]), written in bulk."""
    now = timezone.now()
    user_id = user.pk if user else None
    batch_id = import_batch.pk if import_batch else None
    fields = ["content_type", "object_id", "object_repr", "action", "changes", "user", "at", "import_batch"]
    rows = []
    for obj in created:
        rows.append(
            [
                _content_type(obj),
                str(obj.pk),
                str(obj)[:300],
                AuditAction.CREATE.value,
                {},
                user_id,
                now,
                batch_id,
            ]
        )
    for obj, changes in updated:
        rows.append(
            [
                _content_type(obj),
                str(obj.pk),
                str(obj)[:300],
                AuditAction.UPDATE.value,
                diff_to_json(changes),
                user_id,
                now,
                batch_id,
            ]
        )
    insert_values(AuditEntry, fields, rows)


def _content_type(obj):
    return ContentType.objects.get_for_model(obj).pk
