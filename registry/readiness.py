"""Is this province ready? What a province still lacks before its offices can work in the system.

Four gaps, each one queryset (`Gap.records()`): active offices without an active user, current sub-districts
that no active office covers, villages without a household, active users of an office who never signed in.
The table counts each gap per province in the database (one GROUP BY query per gap, whatever the number of
provinces); the list behind a count is the same queryset narrowed to one province, so a count always equals
its list's length.

Who sees which province: an administrator every province, a provincial officer their own (`provinces_for`);
the page itself is the policy's "registry.readiness".
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from registry.models import Household, Office, Province, SubDistrict, User, Village
from registry.scoping import Role


def offices_without_users():
    active_user = User.objects.filter(office=OuterRef("pk"), is_active=True)
    return (
        Office.objects.filter(is_active=True)
        .filter(~Exists(active_user))
        .select_related("district", "province")
        .order_by("district_id", "name", "pk")
    )


def uncovered_sub_districts():
    covering = Office.sub_districts.through.objects.filter(
        subdistrict_id=OuterRef("pk"), office__is_active=True
    )
    return SubDistrict.objects.current().filter(~Exists(covering)).with_path().order_by("code")


def villages_without_households():
    return (
        Village.objects.filter(~Exists(Household.objects.filter(village=OuterRef("pk"))))
        .with_areas()
        .order_by("code")
    )


def users_never_signed_in():
    return (
        User.objects.filter(is_active=True, last_login__isnull=True, office__isnull=False)
        .select_related("office")
        .order_by("office__name", "username")
    )


@dataclass(frozen=True)
class Gap:
    code: str
    label: str
    definition: str
    records: object  # () -> queryset of the whole country
    province: str  # the column holding the record's province code
    admin_url: str  # the admin's change page of a record ("admin:<app>_<model>_change")


GAPS = (
    Gap(
        "offices",
        _("Offices without users"),
        _("Active offices with no active user account."),
        offices_without_users,
        "province_id",
        "admin:registry_office_change",
    ),
    Gap(
        "sub_districts",
        _("Sub-districts no office covers"),
        _("Sub-districts (not abolished) that no active office covers."),
        uncovered_sub_districts,
        "province_id",
        "admin:registry_subdistrict_change",
    ),
    Gap(
        "villages",
        _("Villages without households"),
        _("Villages with no household recorded."),
        villages_without_households,
        "province_id",
        "admin:registry_village_change",
    ),
    Gap(
        "users",
        _("Users who never signed in"),
        _("Active users of an office of the province who have never signed in."),
        users_never_signed_in,
        "office__province_id",
        "admin:registry_user_change",
    ),
)


def gap_of(code: str) -> Gap | None:
    return next((gap for gap in GAPS if gap.code == code), None)


def provinces_for(user):
    """The provinces whose readiness the user may see: every one (administrator) or their own (provincial
    officer); none for anyone else."""
    if user.role == Role.ADMIN:
        return Province.objects.all()
    if user.role == Role.PROVINCE_OFFICER and user.office_id and user.office.province_id:
        return Province.objects.filter(pk=user.office.province_id)
    return Province.objects.none()


@dataclass(frozen=True)
class ReadinessRow:
    province: Province
    counts: list  # [(gap, n)] in GAPS order

    @property
    def ready(self) -> bool:
        return not any(n for _gap, n in self.counts)


def readiness_table(*, user) -> list[ReadinessRow]:
    """One row per province in the user's view that has an office (a province being set up), or their own."""
    provinces = provinces_for(user)
    if user.role == Role.ADMIN:
        provinces = provinces.filter(pk__in=Office.objects.values("province_id"))
    provinces = list(provinces.order_by("code"))
    codes = [p.pk for p in provinces]
    counts = {}
    for gap in GAPS:
        counts[gap.code] = dict(
            gap.records()
            .filter(**{f"{gap.province}__in": codes})
            .order_by()
            .values_list(gap.province)
            .annotate(n=Count("pk"))
            .values_list(gap.province, "n")
        )
    return [ReadinessRow(p, [(gap, counts[gap.code].get(p.pk, 0)) for gap in GAPS]) for p in provinces]


def gap_records(*, gap: Gap, province: Province):
    return gap.records().filter(**{gap.province: province.pk})
