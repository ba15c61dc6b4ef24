"""Target households: chosen at the village forum, 20 per target village per fiscal year."""

from django.db import transaction
from django.utils.translation import gettext as _

from registry.models import TargetHousehold
from registry.models.people import TARGETS_PER_VILLAGE
from registry.services.records import record_save


@transaction.atomic
def target_household_select(*, user, target: TargetHousehold) -> TargetHousehold:
    target.village = target.household.village
    target = record_save(user=user, obj=target)
    count = TargetHousehold.objects.filter(village=target.village, fiscal_year=target.fiscal_year).count()
    target._warnings = []
    if count > TARGETS_PER_VILLAGE:
        target._warnings.append(
            _(
                "%(village)s now has %(count)s target households in fiscal year %(year)s; "
                "the guideline is %(limit)s per village."
            )
            % {
                "village": target.village,
                "count": count,
                "year": target.fiscal_year,
                "limit": TARGETS_PER_VILLAGE,
            }
        )
    return target
