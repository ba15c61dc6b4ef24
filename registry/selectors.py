"""Reads of the registers and the shell: what each role's home page shows, the needs survey summary. Totals
are computed in the database."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q

from registry.models import District, Office, Province, SubDistrict, User, Village
from registry.models.offices import LOCAL_KINDS
from registry.scoping import Role


def people_search(queryset, q: str, prefix: str = "", *, by_national_id: bool = False):
    """People (or records `prefix`ed to a person) whose first or last name contains every word of `q`.

    With `by_national_id`, a whole 13-digit national ID (with or without dashes) finds that one person
    instead: only for a `q` read from a POST body, never from a URL (PDPA)."""
    from kit import thai

    q = (q or "").strip()
    if not q:
        return queryset
    digits = thai.national_id_candidate(q)
    if by_national_id and digits:
        return queryset.filter(**{f"{prefix}national_id": digits})
    condition = Q()
    for word in q.split():
        condition &= Q(**{f"{prefix}first_name__icontains": word}) | Q(
            **{f"{prefix}last_name__icontains": word}
        )
    return queryset.filter(condition)


def register_counts(user) -> list[tuple[str, str, int]]:
    """(label, list URL name, count) of each register in the user's scope: one COUNT each, in the database."""
    from django.utils.translation import gettext as _

    from registry.models import Expert, Household, Person, RawMaterial, TargetHousehold

    return [
        (_("People"), "registry:person_list", Person.objects.for_user(user).count()),
        (_("Households"), "registry:household_list", Household.objects.for_user(user).count()),
        (_("Target households"), "registry:target_list", TargetHousehold.objects.for_user(user).count()),
        (_("Village experts"), "registry:expert_list", Expert.objects.for_user(user).count()),
        (_("Raw materials"), "registry:rawmaterial_list", RawMaterial.objects.for_user(user).count()),
    ]


def office_summary(*, user) -> dict:
    """Home page facts for any role, scoped like every other read."""
    villages = Village.objects.for_user(user)
    summary = {"village_count": villages.count(), "registers": register_counts(user)}
    office = user.office
    if user.role == Role.TAO_STAFF and office:
        summary["sub_districts"] = (
            office.sub_districts.select_related("district", "province")
            .annotate(village_count=Count("villages"))
            .order_by("code")
        )
    elif user.role == Role.DISTRICT_OFFICER and office:
        summary["offices"] = (
            Office.objects.filter(district=office.district, kind__in=LOCAL_KINDS)
            .annotate(
                sub_district_count=Count("sub_districts", distinct=True),
                village_count=Count("sub_districts__villages", distinct=True),
            )
            .order_by("name")
        )
    elif user.role == Role.PROVINCE_OFFICER and office:
        summary["districts"] = (
            District.objects.current()
            .filter(province=office.province)
            .annotate(
                office_count=Count("offices", filter=Q(offices__kind__in=LOCAL_KINDS), distinct=True),
                village_count=Count("villages", distinct=True),
            )
            .order_by("code")
        )
    elif user.role == Role.ADMIN:
        summary.update(
            office_count=Office.objects.count(),
            user_count=User.objects.filter(is_active=True).count(),
            province_count=Province.objects.current().count(),
            district_count=District.objects.current().count(),
            sub_district_count=SubDistrict.objects.current().count(),
        )
    return summary


# --- people who moved between offices -----------------------------------------------------------------------


def offices_holding(person_or_sub_district) -> list:
    """The local offices whose area holds a person's record (usually one)."""
    from registry.models.offices import LOCAL_KINDS

    sub_district_id = getattr(person_or_sub_district, "sub_district_id", person_or_sub_district)
    return list(Office.objects.filter(sub_districts=sub_district_id, kind__in=LOCAL_KINDS).order_by("name"))


def person_registered_elsewhere(*, user, national_id: str) -> list[Office] | None:
    """The offices holding this number's record when it lies outside the user's area; None otherwise.

    Only the offices' names are for the user's eyes: nothing else of the other office's record."""
    from registry.models import Person
    from registry.scoping import Action

    person = Person.objects.filter(national_id=national_id).only("pk", "sub_district_id").first()
    if person is None or Person.objects.for_user(user, Action.CHANGE).filter(pk=person.pk).exists():
        return None
    return offices_holding(person)


def office_moves(user):
    """People moved into or out of the user's office, newest first: the office's own change log of moves."""
    from django.contrib.contenttypes.models import ContentType

    from registry.models import AuditEntry

    office = getattr(user, "office", None)
    if office is None:
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Office), object_id=str(office.pk)
    ).select_related("user", "user__office")


# --- the needs survey (what people want to learn) -----------------------------------------------------------


@dataclass(frozen=True)
class WantedCount:
    """An occupation people want to learn, with how many people want it (and, in a village,
    its best priority)."""

    occupation: str
    people: int
    category: str = ""
    top_priority: int | None = None


@dataclass(frozen=True)
class VillageNeeds:
    code: str
    number: int
    name: str
    wants: tuple[WantedCount, ...]  # most wanted first


@dataclass(frozen=True)
class NeedsSummary:
    villages: tuple[VillageNeeds, ...]  # by village code
    totals: tuple[WantedCount, ...]  # the most wanted across the user's area, at most `top` of them
    years: tuple[int, ...]  # the survey years recorded, newest first


def needs_summary(*, user, year: int | None = None, top: int = 10) -> NeedsSummary:
    """ "What do people here want to learn": wanted occupations counted per village, in the database, in the
    user's area; of one survey year, or of all."""
    from registry.models import WantedOccupation

    scoped = WantedOccupation.objects.for_user(user)
    wanted = scoped if year is None else scoped.filter(survey_year=year)
    rows = (
        wanted.values(
            "person__village__code",
            "person__village__number",
            "person__village__name",
            "occupation__name",
            "occupation__category",
        )
        .annotate(people=Count("person", distinct=True), top_priority=Min("priority"))
        .order_by("person__village__code", "-people", "occupation__name")
    )
    villages: dict[str, tuple[dict, list[WantedCount]]] = {}
    for row in rows:
        _village, wants = villages.setdefault(row["person__village__code"], (row, []))
        wants.append(
            WantedCount(
                occupation=row["occupation__name"],
                category=row["occupation__category"],
                people=row["people"],
                top_priority=row["top_priority"],
            )
        )
    totals = (
        wanted.values("occupation__name")
        .annotate(people=Count("person", distinct=True))
        .order_by("-people", "occupation__name")[:top]
    )
    years = (
        scoped.exclude(survey_year=None)
        .values_list("survey_year", flat=True)
        .distinct()
        .order_by("-survey_year")
    )
    return NeedsSummary(
        villages=tuple(
            VillageNeeds(
                code=code,
                number=first["person__village__number"],
                name=first["person__village__name"],
                wants=tuple(wants),
            )
            for code, (first, wants) in villages.items()
        ),
        totals=tuple(WantedCount(occupation=t["occupation__name"], people=t["people"]) for t in totals),
        years=tuple(years),
    )
