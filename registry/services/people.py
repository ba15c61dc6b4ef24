"""A person who moved: their record goes to the office where they now live."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kit import thai
from kit.policy import ensure
from registry.models import AuditAction, AuditEntry, Household, Office, Person, Village
from registry.scoping import Action
from registry.selectors import offices_holding
from registry.services.audit import audit

REASON_MAX = 300


@transaction.atomic
def person_move(*, user, national_id: str, village: Village, house_number: str, reason: str) -> Person:
    """Move the record of the person with this full national ID into `village` of the user's office.

    The person's occupations, needs and expert record follow them; a household of the old office that they
    headed loses its head (the old office picks a new one). The move is in the person's change log, and in the
    change log of both offices with the reason."""
    ensure(user, "registry.move_person")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Write why the person's record is moved."))
    if len(reason) > REASON_MAX:
        raise ValidationError(_("Too long: at most %(n)s characters.") % {"n": REASON_MAX})
    house_number = (house_number or "").strip()
    if not house_number or len(house_number) > Person._meta.get_field("house_number").max_length:
        raise ValidationError(_("Write the house number where the person now lives."))
    if not thai.national_id_is_valid(national_id):
        raise ValidationError(_("The national ID number is not valid."))
    national_id = thai.national_id_digits(national_id)
    if not Village.objects.for_user(user, Action.CHANGE).filter(pk=village.pk).exists():
        raise ValidationError(_("This record would be outside the areas your office looks after."))
    person = Person.objects.select_for_update().filter(national_id=national_id).first()
    if person is None:
        raise ValidationError(_("No one is registered with this national ID number: add the person instead."))
    if Person.objects.for_user(user, Action.CHANGE).filter(pk=person.pk).exists():
        raise ValidationError(_("This person is already in your office's register."))

    from_offices = offices_holding(person)
    old_village, old_house, old_household = person.village, person.house_number, person.household
    person.village, person.house_number = village, house_number
    person.household = Household.objects.filter(village=village, house_number=house_number).first()
    person.set_areas()
    person.full_clean()
    person.save()

    from_name = ", ".join(o.name for o in from_offices) or "—"
    to_name = user.office.name
    changes = {
        "village": [old_village, village],
        "house_number": [old_house, house_number],
        "office": [from_name, to_name],
        "move_reason": ["", reason],
    }
    if old_household != person.household:
        changes["household"] = [old_household, person.household]
    audit(user=user, obj=person, action=AuditAction.UPDATE, changes=changes)
    for household in Household.objects.select_for_update().filter(head=person).exclude(village=village):
        household.head = None
        household.save(update_fields=["head", "updated_at"])
        audit(
            user=user,
            obj=household,
            action=AuditAction.UPDATE,
            changes={"head": [person, None], "move_reason": ["", reason]},
        )
    # Each office's own change log: the old office no longer sees the record,
    # but sees that it left and where to.
    office_type = ContentType.objects.get_for_model(Office)
    label = f"{person.first_name} {person.last_name} ({person.masked_national_id})"[:300]
    for office in {*from_offices, user.office}:
        AuditEntry.objects.create(
            content_type=office_type,
            object_id=str(office.pk),
            object_repr=label,
            action=AuditAction.UPDATE,
            user=user,
            changes={"office": [from_name, to_name], "move_reason": ["", reason]},
        )
    return person
