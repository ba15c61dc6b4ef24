"""The registers (occupations, raw materials, village experts, households and people),
each a page of declarations on the shared machinery."""

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kit.policy import can
from registry.models import (
    Expert,
    Household,
    Person,
    PersonOccupation,
    RawMaterial,
    TargetHousehold,
    WantedOccupation,
)
from registry.models.experts import HOUSEHOLDS_PER_INSTRUCTOR
from registry.pdpa import may_see_national_ids, may_see_sensitive
from registry.registers import filters, forms, tables
from registry.registers.base import Register
from registry.selectors import people_search

PERSON_PLACEHOLDER = _("Name, or the full 13-digit national ID number")


class PeopleRegister(Register):
    key, name, model, label = "people", "person", Person, _("People")
    columns, filterset_class, form_class = (
        staticmethod(tables.person_columns),
        filters.PersonFilterSet,
        forms.PersonForm,
    )
    import_kind = "people"
    detail_template = "registry/registers/person_detail.html"

    search_placeholder = PERSON_PLACEHOLDER

    def search(self, queryset, q):
        return people_search(queryset, q)

    def national_id_filter(self, digits):
        return Q(national_id=digits)

    def list_links(self, user):
        if not can(user, "registry.move_person"):
            return []
        return [
            (
                reverse("registry:person_move"),
                _("Move a person here from another office"),
                "box-arrow-in-down",
            ),
            (reverse("registry:person_moves"), _("Moves between offices"), "clock-history"),
        ]

    def detail_context(self, obj, user):
        return {
            "occupations": obj.occupations.select_related("occupation"),
            "wanted": obj.wanted_occupations.select_related("occupation"),
            "expert": Expert.objects.filter(person=obj).prefetch_related("expertise").first(),
            "may_reveal": may_see_national_ids(user),
            "household": obj.household,
        }


def household_of(digits, via=""):
    """The households the person heads or belongs to; with via="household__",
    the records of those households."""
    member = Person.objects.filter(household=OuterRef(via.removesuffix("__") or "pk"), national_id=digits)
    return Q(**{f"{via}head__national_id": digits}) | Q(Exists(member))


class HouseholdRegister(Register):
    key, name, model, label = "households", "household", Household, _("Households")
    search_placeholder = _("House number, head of household, or a member's full 13-digit national ID number")
    columns, filterset_class, form_class = (
        staticmethod(tables.household_columns),
        filters.HouseholdFilterSet,
        forms.HouseholdForm,
    )
    import_kind = "households"
    detail_template = "registry/registers/household_detail.html"

    def search(self, queryset, q):
        if not q:
            return queryset
        return queryset.filter(
            Q(house_number__icontains=q) | Q(head__first_name__icontains=q) | Q(head__last_name__icontains=q)
        )

    def national_id_filter(self, digits):
        return household_of(digits)

    def detail_context(self, obj, user):
        return {
            "members": obj.members.all(),
            "targets": obj.target_selections.all(),
            "mentors": obj.mentorships.select_related("expert__person"),
            "may_see_sensitive": may_see_sensitive(user),
            "income": Household.objects.with_income()
            .filter(pk=obj.pk)
            .values("income_per_person", "jpt_threshold", "jpt_low_income")
            .first(),
        }


class TargetHouseholdRegister(Register):
    key, name, model, label = "targets", "target", TargetHousehold, _("Target households")
    columns, filterset_class = staticmethod(tables.target_columns), filters.TargetHouseholdFilterSet
    form_class = forms.TargetHouseholdForm

    def queryset(self, user, action="view"):
        return TargetHousehold.objects.for_user(user, action).select_related(
            "household", "household__village", "village"
        )

    search_placeholder = _("A member's full 13-digit national ID number")

    def national_id_filter(self, digits):
        return household_of(digits, "household__")

    def save(self, *, user, form):
        from registry.services.households import target_household_select

        return target_household_select(user=user, target=form.instance)

    def detail_context(self, obj, user):
        return {"may_see_sensitive": may_see_sensitive(user)}


class OccupationRegister(Register):
    key, name, model, label = "occupations", "occupation", PersonOccupation, _("Occupation register")
    columns, filterset_class = staticmethod(tables.occupation_columns), filters.PersonOccupationFilterSet
    form_class = forms.PersonOccupationForm
    import_kind = "occupations"

    def queryset(self, user, action="view"):
        return self.model.objects.for_user(user, action).select_related(
            "person", "person__village", "occupation"
        )

    search_placeholder = PERSON_PLACEHOLDER

    def search(self, queryset, q):
        return people_search(queryset, q, "person__")

    def national_id_filter(self, digits):
        return Q(person__national_id=digits)


class WantedOccupationRegister(OccupationRegister):
    key, name, model, label = "wanted", "wanted", WantedOccupation, _("Wanted occupations (needs survey)")
    columns, filterset_class = staticmethod(tables.wanted_columns), filters.WantedOccupationFilterSet
    form_class = forms.WantedOccupationForm
    detail_template = "registry/registers/detail.html"


class RawMaterialRegister(Register):
    key, name, model, label = "raw-materials", "rawmaterial", RawMaterial, _("Raw-material register")
    columns, filterset_class = staticmethod(tables.raw_material_columns), filters.RawMaterialFilterSet
    form_class = forms.RawMaterialForm
    import_kind = "raw-materials"

    def queryset(self, user, action="view"):
        return RawMaterial.objects.for_user(user, action).select_related("village")

    # Raw materials are not about people (the source or owner is free text): a national ID finds nothing here.
    search_placeholder = _("Raw material, source or owner, or product")
    national_id_not_applicable = _(
        "Raw materials are not recorded by person: a national ID number finds nothing "
        "here. Search by the raw material's name, its source or owner, or a product."
    )

    def search(self, queryset, q):
        return (
            queryset.filter(Q(name__icontains=q) | Q(source__icontains=q) | Q(products__icontains=q))
            if q
            else queryset
        )


class ExpertRegister(Register):
    key, name, model, label = "experts", "expert", Expert, _("Village-expert register")
    columns, filterset_class, form_class = (
        staticmethod(tables.expert_columns),
        filters.ExpertFilterSet,
        forms.ExpertForm,
    )
    import_kind = "experts"
    detail_template = "registry/registers/expert_detail.html"

    def queryset(self, user, action="view"):
        return (
            Expert.objects.for_user(user, action)
            .select_related("person", "person__village")
            .prefetch_related("expertise")
        )

    search_placeholder = PERSON_PLACEHOLDER

    def search(self, queryset, q):
        return people_search(queryset, q, "person__")

    def national_id_filter(self, digits):
        return Q(person__national_id=digits)

    def detail_context(self, obj, user):
        mentorships = obj.mentorships.select_related("household", "household__village").order_by(
            "-fiscal_year"
        )
        teams = obj.team_memberships.select_related("team", "team__village")
        return {"mentorships": mentorships, "teams": teams, "limit": HOUSEHOLDS_PER_INSTRUCTOR}


REGISTERS = [
    PeopleRegister(),
    HouseholdRegister(),
    TargetHouseholdRegister(),
    OccupationRegister(),
    WantedOccupationRegister(),
    RawMaterialRegister(),
    ExpertRegister(),
]
BY_KEY = {r.key: r for r in REGISTERS}
