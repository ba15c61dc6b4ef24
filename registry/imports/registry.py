"""Which importer serves which register (the KIND of `manage.py import_register`)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def importers():
    from registry.imports.people import PeopleImporter
    from registry.imports.registers import (
        ExpertImporter,
        HouseholdImporter,
        OccupationImporter,
        RawMaterialImporter,
    )

    return {
        "people": PeopleImporter,
        "households": HouseholdImporter,
        "occupations": OccupationImporter,
        "raw-materials": RawMaterialImporter,
        "experts": ExpertImporter,
    }


def importer_for(kind, **kwargs):
    try:
        return importers()[kind](**kwargs)
    except KeyError as exc:
        raise ValidationError(_("Unknown register: %(kind)s") % {"kind": kind}) from exc


def exporter_for(kind, **kwargs):
    """The column spec for exporting a register: its importer's, or an export-only one."""
    from registry.imports.registers import TargetHouseholdExport

    spec = {**importers(), "targets": TargetHouseholdExport, "wanted": importers()["occupations"]}.get(kind)
    if spec is None:
        raise ValidationError(_("Unknown register: %(kind)s") % {"kind": kind})
    return spec(**kwargs)
