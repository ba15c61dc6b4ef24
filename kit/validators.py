from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _

from kit import thai


def validate_national_id(value):
    # The message never repeats the number: it may end up on an error page or in a log.
    if not thai.national_id_is_valid(value):
        raise ValidationError(
            _("The national ID number is not valid (13 digits with a correct check digit)."),
            code="invalid_national_id",
        )


def validate_phone(value):
    """A phone number that thai.parse_phone reads (forms and imports store what it returns)."""
    try:
        thai.parse_phone(value)
    except thai.InputError as exc:
        raise ValidationError(str(exc), code="invalid_phone") from exc


def check_fields(obj, *, exclude=()):
    """The model's own checks of each field's value (digits and decimal places, integer range, length,
    choices), without a query: for services that save many rows at once with bulk_create or bulk_update, where
    full_clean() is not called. A number beyond its column would otherwise be saved,
    and then fail every page that reads it.

    Raises ValidationError {field: [messages]}; relations are left to the service (it loads them itself)."""
    relations = [f.name for f in obj._meta.fields if f.is_relation]
    obj.clean_fields(exclude=[*relations, *exclude])


def limited_field(model, name):
    """The model field whose limits (max digits, integer range, length) a value for `name` must keep, or None
    (not a field of the model, or a relation: resolved by the importer). Call its run_validators(value); it
    raises ValidationError with the field's messages (Thai through our catalogue)."""
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return None if field.is_relation or not field.concrete else field
