from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry import thai


def validate_national_id(value):
    # The message never repeats the number: it may end up on an error page or in a log.
    if not thai.national_id_is_valid(value):
        raise ValidationError(_("The national ID number is not valid (13 digits with a correct check digit)."),
                              code="invalid_national_id")
