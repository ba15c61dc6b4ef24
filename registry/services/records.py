"""Create, change and delete one register record: scope check, validation, save, change log."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from kit.policy import ensure
from registry.models import AuditAction, Person, Village
from registry.models.base import VillageRecord
from registry.scoping import DEFAULT_CHANGE_ROLES, Action, scope_q
from registry.services.audit import audit, model_changes


def in_change_scope(user, obj) -> bool:
    """Whether the record (as it would be saved) lies in an area the user may change: the record's own change
    roles (a district office keeps the trainings and groups of the village
    programme too: registry/scoping.py)."""
    if isinstance(obj, VillageRecord):
        roles = getattr(type(obj)._default_manager.get_queryset(), "change_roles", DEFAULT_CHANGE_ROLES)
        q = scope_q(user, Village.area_paths, Action.CHANGE, roles)
        return (
            (Village.objects.all() if q is None else Village.objects.filter(q))
            .filter(pk=obj.village_id)
            .exists()
        )
    if getattr(obj, "person_id", None):
        return Person.objects.for_user(user, Action.CHANGE).filter(pk=obj.person_id).exists()
    return False


def _tracked_fields(obj):
    return [
        f.name
        for f in obj._meta.concrete_fields
        if f.editable and f.name not in ("id", "created_at", "updated_at")
    ]


@transaction.atomic
def record_save(*, user, obj, form=None, permission="registry.change"):
    """Save a new or changed record after checking it stays in the user's area; log what changed. `permission`
    is the policy's action a change asks (a register record's by default; a training's, a group's)."""
    model = type(obj)
    old = None
    if obj.pk:
        old = model.objects.for_user(user, Action.CHANGE).filter(pk=obj.pk).first()
        if old is None:
            raise ValidationError(_("You may not change this record."))
        ensure(user, permission, old)
    if isinstance(obj, VillageRecord) and obj.village_id:
        obj.set_areas()
    if not in_change_scope(user, obj):
        raise ValidationError(_("This record would be outside the areas your office looks after."))
    obj.full_clean()
    m2m_before = {}
    if form is not None and old is not None:
        m2m_before = {
            f.name: sorted(v.pk for v in getattr(old, f.name).all())
            for f in model._meta.many_to_many
            if f.name in form.cleaned_data
        }
    obj.save()
    changes = model_changes(old, obj, _tracked_fields(obj)) if old is not None else {}
    if form is not None:
        for field in model._meta.many_to_many:
            if field.name in form.cleaned_data:
                getattr(obj, field.name).set(form.cleaned_data[field.name])
        for name, before in m2m_before.items():
            after = sorted(v.pk for v in getattr(obj, name).all())
            if before != after:
                changes[name] = [
                    ", ".join(map(str, getattr(old, name).model.objects.filter(pk__in=before))),
                    ", ".join(map(str, getattr(obj, name).all())),
                ]
    if old is None:
        audit(user=user, obj=obj, action=AuditAction.CREATE)
    elif changes:
        audit(user=user, obj=obj, action=AuditAction.UPDATE, changes=changes)
    return obj


@transaction.atomic
def record_delete(*, user, obj):
    if not type(obj).objects.for_user(user, Action.CHANGE).filter(pk=obj.pk).exists():
        raise ValidationError(_("You may not change this record."))
    ensure(user, "registry.change", obj)
    audit(user=user, obj=obj, action=AuditAction.DELETE)
    try:
        obj.delete()
    except ProtectedError as exc:
        raise ValidationError(_("This record cannot be deleted: other records refer to it.")) from exc
