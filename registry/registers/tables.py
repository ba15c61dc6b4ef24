"""List columns of the registers: declared once per register, rendered by one lean template.

(django-tables2 spent about 2 ms a row in its cell and template machinery; a register page of 100
rows must render in a few milliseconds.)
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kit import thai
from registry.area_filters import shows_offices
from registry.pdpa import may_see_sensitive


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    value: Callable  # obj -> text or safe HTML
    order_by: tuple = ()  # empty: not sortable
    link: bool = False  # link the cell to the record's page
    numeric: bool = False
    css: str = ""


def _village(v):
    return f"ม.{v.number} {v.name}"


def _age(birth_date):
    if not birth_date:
        return ""
    today = timezone.localdate()
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def _badges(pairs):
    return format_html_join(" ", '<span class="badge text-bg-{}">{}</span>', pairs)


def office_columns(user, office=lambda r: r.office_name, district=lambda r: r.district):
    """The office and district of each row, for the users who read more than one office's records."""
    if not shows_offices(user):
        return []
    return [
        Col("office", _("office"), office, css="d-none d-md-table-cell"),
        Col("district", _("district"), district, ("district_id",), css="d-none d-lg-table-cell"),
    ]


def person_columns(user):
    return [
        Col("name", _("name"), str, ("first_name", "last_name"), link=True, css="text-nowrap"),
        *office_columns(user),
        Col(
            "national_id",
            _("national ID number"),
            lambda p: format_html('<span class="font-monospace text-nowrap">{}</span>', p.masked_national_id),
            css="d-none d-md-table-cell",
        ),
        Col("sex", _("sex"), lambda p: p.get_sex_display(), ("sex",), css="d-none d-md-table-cell"),
        Col("age", _("age"), lambda p: _age(p.birth_date), ("-birth_date",), numeric=True),
        Col(
            "village",
            _("village"),
            lambda p: _village(p.village),
            ("village__code", "house_number"),
            css="text-nowrap",
        ),
        Col(
            "house",
            _("house number"),
            lambda p: p.house_number,
            ("house_number",),
            css="d-none d-md-table-cell",
        ),
        Col("phone", _("phone"), lambda p: p.phone, css="d-none d-lg-table-cell"),
    ]


def household_columns(user):
    sensitive = may_see_sensitive(user)

    def flags(h):
        pairs = []
        if h.tpmap_poor:
            pairs.append(("danger", "TPMAP"))
        if h.jpt_low_income:
            pairs.append(("warning", "จปฐ."))
        if h.interested_in_training:
            pairs.append(("info", "สนใจฝึกอาชีพ"))
        if sensitive and h.released_prisoner:
            pairs.append(("secondary", "พ้นโทษ"))
        return _badges(pairs)

    return [
        Col("house", _("house number"), lambda h: h.house_number, ("house_number",), link=True),
        Col("village", _("village"), lambda h: _village(h.village), ("village__code", "house_number")),
        Col("head", _("head of household"), lambda h: h.head or "", ("head__first_name",)),
        Col("members", _("members"), lambda h: h.member_count, ("member_count",), numeric=True),
        Col(
            "income",
            _("income per year"),
            lambda h: thai.baht(h.yearly_income, 0),
            ("yearly_income",),
            numeric=True,
            css="d-none d-md-table-cell",
        ),
        Col(
            "per_person",
            _("per person"),
            lambda h: thai.baht(h.income_per_person, 0),
            ("income_per_person",),
            numeric=True,
        ),
        Col("flags", _("flags"), flags),
    ]


def target_columns(user):
    sensitive = may_see_sensitive(user)
    return [
        Col(
            "household",
            _("household"),
            lambda t: t.household,
            ("village__code", "household__house_number"),
            link=True,
        ),
        Col("year", _("fiscal year"), lambda t: t.fiscal_year, ("fiscal_year",)),
        Col(
            "criterion",
            _("criterion"),
            lambda t: "—" if t.criterion == "prison" and not sensitive else t.get_criterion_display(),
            ("criterion",),
        ),
        Col(
            "forum", _("date of the village forum"), lambda t: thai.date_short(t.forum_date), ("forum_date",)
        ),
    ]


def occupation_columns(user):
    return [
        Col("person", _("person"), lambda o: o.person, ("person__first_name", "person__last_name")),
        Col(
            "village",
            _("village"),
            lambda o: _village(o.person.village),
            ("person__village__code",),
            css="d-none d-md-table-cell",
        ),
        Col("occupation", _("occupation"), lambda o: o.occupation, ("occupation__name",), link=True),
        Col("kind", _("main or secondary"), lambda o: o.get_kind_display(), ("kind",)),
        Col(
            "income",
            _("income per year"),
            lambda o: thai.baht(o.yearly_income, 0),
            ("yearly_income",),
            numeric=True,
        ),
    ]


def wanted_columns(user):
    return [
        Col("person", _("person"), lambda o: o.person, ("person__first_name", "person__last_name")),
        Col(
            "village",
            _("village"),
            lambda o: _village(o.person.village),
            ("person__village__code",),
            css="d-none d-md-table-cell",
        ),
        Col("occupation", _("occupation wanted"), lambda o: o.occupation, ("occupation__name",), link=True),
        Col("priority", _("priority"), lambda o: o.priority, ("priority",), numeric=True),
        Col("year", _("survey year (BE)"), lambda o: o.survey_year or "", ("survey_year",)),
    ]


def raw_material_columns(user):
    return [
        Col("name", _("raw material"), lambda m: m.name, ("name",), link=True),
        Col(
            "category",
            _("category"),
            lambda m: m.get_category_display(),
            ("category",),
            css="d-none d-md-table-cell",
        ),
        Col("village", _("village"), lambda m: _village(m.village), ("village__code",)),
        Col(
            "quantity",
            _("quantity"),
            lambda m: f"{thai.baht(m.quantity, 0)} {m.unit}".strip(),
            ("quantity",),
            numeric=True,
        ),
        Col("months", _("months available"), lambda m: m.months_display, css="d-none d-lg-table-cell"),
        Col("source", _("source or owner"), lambda m: m.source, ("source",), css="d-none d-lg-table-cell"),
        Col(
            "price",
            _("price per unit (baht)"),
            lambda m: thai.baht(m.price_per_unit),
            ("price_per_unit",),
            numeric=True,
        ),
    ]


def expert_columns(user):
    return [
        Col("person", _("name"), lambda e: e.person, ("person__first_name", "person__last_name"), link=True),
        Col(
            "village",
            _("village"),
            lambda e: _village(e.person.village),
            ("person__village__code",),
            css="d-none d-md-table-cell",
        ),
        Col("expertise", _("fields of expertise"), lambda e: ", ".join(o.name for o in e.expertise.all())),
        Col(
            "years",
            _("years of experience"),
            lambda e: e.years_experience,
            ("years_experience",),
            numeric=True,
        ),
        Col("status", _("status"), lambda e: e.title_display, ("-instructor_course_passed",)),
        Col("active", _("active"), lambda e: mark_safe("✓") if e.active else "—", ("-active",)),
    ]


@dataclass
class Table:
    """A page of rows: the columns, the sort in force, the paginator."""

    columns: list
    page: object
    sort: str
    rows: list

    @property
    def paginator(self):
        return self.page.paginator


def build_table(queryset, columns, *, sort: str, page_number, per_page: int, default_order=("-pk",)) -> Table:
    by_key = {c.key: c for c in columns if c.order_by}
    key = sort.lstrip("-")
    if key in by_key:
        fields = by_key[key].order_by
        if sort.startswith("-"):
            fields = tuple(f[1:] if f.startswith("-") else f"-{f}" for f in fields)
        queryset = queryset.order_by(*fields, "pk")
    else:
        sort = ""
        queryset = queryset.order_by(*default_order)
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(page_number)
    # Deferred join: the page's keys come from an index-only query, then only those rows are fetched
    # with their joins. Sorting 100,000 keys is cheap; sorting 100,000 joined rows is not.
    keys = list(page.object_list)
    objects = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=keys)}
    rows = [(objects[k], [(col, col.value(objects[k])) for col in columns]) for k in keys if k in objects]
    return Table(columns=columns, page=page, sort=sort, rows=rows)
