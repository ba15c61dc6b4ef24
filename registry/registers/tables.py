"""Sortable list columns of the registers (django-tables2)."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from registry import thai
from registry.models import (Expert, Household, PersonOccupation, Person, RawMaterial, TargetHousehold,
                             WantedOccupation)
from registry.pdpa import may_see_sensitive


class RegisterTable(tables.Table):
    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    class Meta:
        template_name = "django_tables2/bootstrap5-responsive.html"
        attrs = {"class": "table table-hover align-middle mb-0"}
        order_by_field = "sort"
        empty_text = _("No records found.")


def village_label(record):
    village = record.village
    return f"{village.number} {village.name}"


class PersonTable(RegisterTable):
    national_id = tables.Column(verbose_name=_("national ID number"), orderable=False)
    name = tables.Column(verbose_name=_("name"), order_by=("first_name", "last_name"), empty_values=(),
                         linkify=lambda record: record.get_absolute_url())
    sex = tables.Column(verbose_name=_("sex"))
    birth_date = tables.Column(verbose_name=_("age"), attrs={"td": {"class": "text-end"}})
    village = tables.Column(verbose_name=_("village"), order_by=("village__code",))
    house_number = tables.Column(verbose_name=_("house number"))
    phone = tables.Column(verbose_name=_("phone"), orderable=False)

    class Meta(RegisterTable.Meta):
        model = Person
        fields = ()
        sequence = ("national_id", "name", "sex", "birth_date", "village", "house_number", "phone")

    def render_national_id(self, value):
        return format_html('<span class="font-monospace text-nowrap">{}</span>', thai.national_id_mask(value))

    def render_name(self, record):
        return str(record)

    def render_birth_date(self, value):
        from django.utils import timezone

        today = timezone.localdate()
        return today.year - value.year - ((today.month, today.day) < (value.month, value.day))

    def render_village(self, record):
        return f"ม.{record.village.number} {record.village.name}"


class HouseholdTable(RegisterTable):
    house_number = tables.Column(verbose_name=_("house number"), linkify=lambda record: record.get_absolute_url(),
                                 order_by=("house_number",))
    village = tables.Column(verbose_name=_("village"), order_by=("village__code", "house_number"))
    head = tables.Column(verbose_name=_("head of household"), order_by=("head__first_name",))
    member_count = tables.Column(verbose_name=_("members"), attrs={"td": {"class": "text-end"}})
    yearly_income = tables.Column(verbose_name=_("income per year"), attrs={"td": {"class": "text-end"}})
    income_per_person = tables.Column(verbose_name=_("per person"), attrs={"td": {"class": "text-end"}})
    flags = tables.Column(verbose_name=_("flags"), empty_values=(), orderable=False)

    class Meta(RegisterTable.Meta):
        model = Household
        fields = ()
        sequence = ("house_number", "village", "head", "member_count", "yearly_income", "income_per_person", "flags")

    def render_village(self, record):
        return f"ม.{record.village.number} {record.village.name}"

    def render_yearly_income(self, value):
        return thai.baht(value, 0)

    def render_income_per_person(self, value):
        return thai.baht(value, 0)

    def render_flags(self, record):
        from django.utils.safestring import mark_safe

        badges = []
        if record.tpmap_poor:
            badges.append(("danger", "TPMAP"))
        if record.jpt_low_income:
            badges.append(("warning", "จปฐ."))
        if record.interested_in_training:
            badges.append(("info", "สนใจฝึกอาชีพ"))
        if record.released_prisoner and may_see_sensitive(self.user):
            badges.append(("secondary", "พ้นโทษ"))
        return mark_safe(" ".join(format_html('<span class="badge text-bg-{}">{}</span>', c, t) for c, t in badges))


class TargetHouseholdTable(RegisterTable):
    household = tables.Column(verbose_name=_("household"), linkify=lambda record: record.get_absolute_url(),
                              order_by=("village__code", "household__house_number"))
    fiscal_year = tables.Column(verbose_name=_("fiscal year"))
    criterion = tables.Column(verbose_name=_("criterion"))
    forum_date = tables.Column(verbose_name=_("date of the village forum"))

    class Meta(RegisterTable.Meta):
        model = TargetHousehold
        fields = ()
        sequence = ("household", "fiscal_year", "criterion", "forum_date")

    def render_forum_date(self, value):
        return thai.date_short(value)

    def render_criterion(self, record, value):
        if record.criterion == "prison" and not may_see_sensitive(self.user):
            return "—"
        return value


class PersonOccupationTable(RegisterTable):
    person = tables.Column(verbose_name=_("person"), linkify=lambda record: record.person.get_absolute_url(),
                           order_by=("person__first_name", "person__last_name"))
    village = tables.Column(verbose_name=_("village"), accessor="person__village", order_by=("person__village__code",))
    occupation = tables.Column(verbose_name=_("occupation"), order_by=("occupation__name",),
                               linkify=lambda record: record.get_absolute_url())
    kind = tables.Column(verbose_name=_("main or secondary"))
    yearly_income = tables.Column(verbose_name=_("income per year"), attrs={"td": {"class": "text-end"}})

    class Meta(RegisterTable.Meta):
        model = PersonOccupation
        fields = ()
        sequence = ("person", "village", "occupation", "kind", "yearly_income")

    def render_yearly_income(self, value):
        return thai.baht(value, 0)

    def render_village(self, value):
        return f"ม.{value.number} {value.name}"


class WantedOccupationTable(RegisterTable):
    person = tables.Column(verbose_name=_("person"), linkify=lambda record: record.person.get_absolute_url(),
                           order_by=("person__first_name", "person__last_name"))
    village = tables.Column(verbose_name=_("village"), accessor="person__village", order_by=("person__village__code",))
    occupation = tables.Column(verbose_name=_("occupation wanted"), order_by=("occupation__name",),
                               linkify=lambda record: record.get_absolute_url())
    priority = tables.Column(verbose_name=_("priority"), attrs={"td": {"class": "text-end"}})
    survey_year = tables.Column(verbose_name=_("survey year (BE)"))

    class Meta(RegisterTable.Meta):
        model = WantedOccupation
        fields = ()
        sequence = ("person", "village", "occupation", "priority", "survey_year")

    def render_village(self, value):
        return f"ม.{value.number} {value.name}"


class RawMaterialTable(RegisterTable):
    name = tables.Column(verbose_name=_("raw material"), linkify=lambda record: record.get_absolute_url())
    category = tables.Column(verbose_name=_("category"))
    village = tables.Column(verbose_name=_("village"), order_by=("village__code",))
    quantity = tables.Column(verbose_name=_("quantity"), attrs={"td": {"class": "text-end"}})
    months = tables.Column(verbose_name=_("months available"), orderable=False)
    source = tables.Column(verbose_name=_("source or owner"))
    price_per_unit = tables.Column(verbose_name=_("price per unit (baht)"), attrs={"td": {"class": "text-end"}})

    class Meta(RegisterTable.Meta):
        model = RawMaterial
        fields = ()
        sequence = ("name", "category", "village", "quantity", "months", "source", "price_per_unit")

    def render_village(self, record):
        return f"ม.{record.village.number} {record.village.name}"

    def render_quantity(self, record, value):
        return f"{thai.baht(value, 0)} {record.unit}"

    def render_months(self, record):
        return record.months_display

    def render_price_per_unit(self, value):
        return thai.baht(value)


class ExpertTable(RegisterTable):
    person = tables.Column(verbose_name=_("name"), linkify=lambda record: record.get_absolute_url(),
                           order_by=("person__first_name", "person__last_name"))
    village = tables.Column(verbose_name=_("village"), accessor="person__village", order_by=("person__village__code",))
    expertise = tables.Column(verbose_name=_("fields of expertise"), empty_values=(), orderable=False)
    years_experience = tables.Column(verbose_name=_("years of experience"), attrs={"td": {"class": "text-end"}})
    instructor_course_passed = tables.Column(verbose_name=_("status"))
    active = tables.BooleanColumn(verbose_name=_("active"))

    class Meta(RegisterTable.Meta):
        model = Expert
        fields = ()
        sequence = ("person", "village", "expertise", "years_experience", "instructor_course_passed", "active")

    def render_village(self, value):
        return f"ม.{value.number} {value.name}"

    def render_expertise(self, record):
        return ", ".join(o.name for o in record.expertise.all())

    def render_instructor_course_passed(self, record):
        return record.title_display
