"""Which importer serves which register (the KIND of `manage.py import_register`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def importers():
    from registry.imports.people import PeopleImporter

    return {
        "people": PeopleImporter,
    }


def importer_for(kind, **kwargs):
    try:
        return importers()[kind](**kwargs)
    except KeyError as exc:
        raise ValidationError(_("Unknown register: %(kind)s") % {"kind": kind}) from exc
