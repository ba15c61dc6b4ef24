"""Filters of the register lists (django-filter). Every choice list is limited to the user's areas."""

import django_filters as filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from registry.area_filters import AreaStepsFilterSet
from registry.models import (
    Expert,
    Household,
    MaterialCategory,
    Occupation,
    OccupationCategory,
    OccupationKind,
    Person,
    PersonOccupation,
    RawMaterial,
    Sex,
    TargetCriterion,
    TargetHousehold,
    WantedOccupation,
)
from registry.pdpa import may_see_sensitive

YES_NO = [("1", _("yes")), ("0", _("no"))]


def fiscal_years():
    from kit.thai import fiscal_year_now

    now = fiscal_year_now()
    return [(y, str(y)) for y in range(now + 1, now - 5, -1)]


class AreaFilterSet(AreaStepsFilterSet):
    """District, office, sub-district and village, step by step (registry/area_filters.py)."""


def _bool(queryset, lookup, value):
    return queryset.filter(**{lookup: value == "1"})


class PersonFilterSet(AreaFilterSet):
    sex = filters.ChoiceFilter(label=_("Sex"), choices=Sex.choices)
    occupation = filters.ModelChoiceFilter(
        label=_("Occupation"), queryset=Occupation.objects.all(), method="filter_occupation"
    )
    target_year = filters.ChoiceFilter(
        label=_("Target household in fiscal year"), choices=fiscal_years, method="filter_target"
    )

    class Meta:
        model = Person
        fields = []

    def filter_occupation(self, queryset, name, value):
        return queryset.filter(
            Exists(PersonOccupation.objects.filter(person=OuterRef("pk"), occupation=value))
        )

    def filter_target(self, queryset, name, value):
        return queryset.filter(
            Exists(TargetHousehold.objects.filter(household=OuterRef("household"), fiscal_year=int(value)))
        )


class HouseholdFilterSet(AreaFilterSet):
    tpmap_poor = filters.ChoiceFilter(
        label=_("poor in TPMAP"), choices=YES_NO, method=lambda qs, n, v: _bool(qs, "tpmap_poor", v)
    )
    jpt_low_income = filters.ChoiceFilter(
        label=_("low income in the จปฐ. survey"),
        choices=YES_NO,
        method=lambda qs, n, v: _bool(qs, "jpt_low_income", v),
    )
    interested = filters.ChoiceFilter(
        label=_("interested in occupational training"),
        choices=YES_NO,
        method=lambda qs, n, v: _bool(qs, "interested_in_training", v),
    )
    released_prisoner = filters.ChoiceFilter(
        label=_("released from prison"),
        choices=YES_NO,
        method=lambda qs, n, v: _bool(qs, "released_prisoner", v),
    )
    target_year = filters.ChoiceFilter(
        label=_("Target household in fiscal year"), choices=fiscal_years, method="filter_target"
    )

    class Meta:
        model = Household
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not may_see_sensitive(request.user):
            del self.filters["released_prisoner"]

    def filter_target(self, queryset, name, value):
        return queryset.filter(
            Exists(TargetHousehold.objects.filter(household=OuterRef("pk"), fiscal_year=int(value)))
        )


class TargetHouseholdFilterSet(AreaFilterSet):
    fiscal_year = filters.ChoiceFilter(label=_("fiscal year"), choices=fiscal_years)
    criterion = filters.ChoiceFilter(label=_("criterion"), choices=TargetCriterion.choices)

    class Meta:
        model = TargetHousehold
        fields = []

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        if not may_see_sensitive(request.user):
            self.filters["criterion"].extra["choices"] = [
                c for c in TargetCriterion.choices if c[0] != TargetCriterion.PRISON
            ]


class PersonRecordFilterSet(AreaFilterSet):
    area_prefix = "person__"
    occupation = filters.ModelChoiceFilter(label=_("Occupation"), queryset=Occupation.objects.all())
    category = filters.ChoiceFilter(
        label=_("category"), choices=OccupationCategory.choices, field_name="occupation__category"
    )


class PersonOccupationFilterSet(PersonRecordFilterSet):
    kind = filters.ChoiceFilter(label=_("main or secondary"), choices=OccupationKind.choices)

    class Meta:
        model = PersonOccupation
        fields = []


class WantedOccupationFilterSet(PersonRecordFilterSet):
    survey_year = filters.NumberFilter(label=_("survey year (BE)"))

    class Meta:
        model = WantedOccupation
        fields = []


class RawMaterialFilterSet(AreaFilterSet):
    category = filters.ChoiceFilter(label=_("category"), choices=MaterialCategory.choices)
    month = filters.ChoiceFilter(
        label=_("available in month"),
        method="filter_month",
        choices=[
            (m, n)
            for m, n in enumerate(
                (
                    "มกราคม",
                    "กุมภาพันธ์",
                    "มีนาคม",
                    "เมษายน",
                    "พฤษภาคม",
                    "มิถุนายน",
                    "กรกฎาคม",
                    "สิงหาคม",
                    "กันยายน",
                    "ตุลาคม",
                    "พฤศจิกายน",
                    "ธันวาคม",
                ),
                1,
            )
        ],
    )
    occupation = filters.ModelChoiceFilter(
        label=_("Occupation"), queryset=Occupation.objects.all(), field_name="occupations"
    )

    class Meta:
        model = RawMaterial
        fields = []

    def filter_month(self, queryset, name, value):
        from django.db.models import F

        bit = 1 << (int(value) - 1)
        return queryset.alias(month_bit=F("months").bitand(bit)).filter(month_bit=bit)


class ExpertFilterSet(AreaFilterSet):
    area_prefix = "person__"
    occupation = filters.ModelChoiceFilter(
        label=_("fields of expertise"), queryset=Occupation.objects.all(), field_name="expertise"
    )
    instructor = filters.ChoiceFilter(
        label=_("community occupation instructor"),
        choices=YES_NO,
        method=lambda qs, n, v: _bool(qs, "instructor_course_passed", v),
    )
    active = filters.ChoiceFilter(
        label=_("active"), choices=YES_NO, method=lambda qs, n, v: _bool(qs, "active", v)
    )

    class Meta:
        model = Expert
        fields = []
