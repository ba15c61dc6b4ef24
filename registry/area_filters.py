"""Area filters of every list, step by step: district, office, sub-district, village.

A province has about 2,000 villages: one flat select of them does not work. Each level lists only what lies
inside the user's scope and inside the level chosen above it, and is offered once it is short enough to read
(a TAO sees its own villages at once; a provincial officer chooses a district first). Changing a level asks
the same list page again with htmx and swaps in the filter form (the next level gets its choices) and the
rows; without JavaScript "filter" does it.
"""

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Office, SubDistrict, Village
from registry.models.offices import LOCAL_KINDS
from registry.scoping import Role

MAX_CHOICES = 60  # a level with more choices than this waits for the level above
AREA_LEVELS = ("district", "office", "sub_district", "village")


def shows_offices(user) -> bool:
    """Whether the user reads the records of more than one office,
    so lists name each record's office and district."""
    return user.role in (Role.DISTRICT_OFFICER, Role.PROVINCE_OFFICER, Role.ADMIN)


class AreaStepsFilterSet(filters.FilterSet):
    """District, office, sub-district and village filters on a record's own area (or, with `area_prefix`, its
    person's). `office_field` names the record's own office; without one,
    an office is the sub-districts it covers."""

    area_prefix = ""
    office_field = None
    # Whether a TAO's own staff get the steps too (its villages). Lists that hold a handful of a TAO's records
    # (trainings, groups) offer the steps only to district and provincial officers, and cost a TAO no query.
    steps_for_one_office = True

    # Plain choice filters: each level's choices are read once (one query), and a value is checked against
    # them without another query (junk, however long, is simply not one of them).
    district = filters.ChoiceFilter(label=_("District"), method="filter_district")
    office = filters.ChoiceFilter(label=_("Office"), method="filter_office")
    sub_district = filters.ChoiceFilter(label=_("Sub-district"), method="filter_sub_district")
    village = filters.ChoiceFilter(label=_("Village"), method="filter_village")

    WAITS_FOR = {
        "office": _("Choose a district first"),
        "sub_district": _("Choose a district first"),
        "village": _("Choose a sub-district first"),
    }
    ALL = {
        "district": _("All districts"),
        "office": _("All offices"),
        "sub_district": _("All sub-districts"),
        "village": _("All villages"),
    }

    def __init__(self, data=None, *args, request=None, **kwargs):
        data = data.copy() if data is not None else None
        steps = self.steps_for_one_office or shows_offices(request.user)
        levels = self.area_levels(request.user, data) if steps else dict.fromkeys(AREA_LEVELS, [])
        super().__init__(data, *args, request=request, **kwargs)
        for f in self.filters.values():
            if isinstance(f, filters.ChoiceFilter | filters.ModelChoiceFilter):
                f.extra["empty_label"] = _("All")
        for name, choices in levels.items():
            self.offer(name, choices, request)

    def area_levels(self, user, data) -> dict:
        """Each level's (value, label) choices inside the scope and the levels chosen above. A value that is
        not one of them (another district's sub-district after the district changed,
        junk) is dropped from `data`."""

        def choose(name, choices):
            value = data.get(name) if data is not None else None
            if value and value not in {key for key, _label in choices}:
                data.pop(name)
                return None
            return value or None

        villages = Village.objects.for_user(user)
        # (code, name, district code, district name) of every sub-district with villages in scope: one query.
        sub_districts = list(
            SubDistrict.objects.filter(pk__in=villages.values("sub_district_id"))
            .order_by("code")
            .values_list("pk", "name_th", "district_id", "district__name_th")
        )
        districts = sorted({(d, d_name) for _s, _name, d, d_name in sub_districts})
        district = choose("district", districts)
        if district:
            villages = villages.filter(district_id=district)
            sub_districts = [s for s in sub_districts if s[2] == district]
        offices = []
        if shows_offices(user):
            offices = [
                (str(pk), name)
                for pk, name in Office.objects.filter(
                    kind__in=LOCAL_KINDS, sub_districts__in=villages.values("sub_district_id")
                )
                .distinct()
                .order_by("name")
                .values_list("pk", "name")
            ]
        office = choose("office", offices)
        if office:
            covered = set(
                Office.sub_districts.through.objects.filter(office_id=office).values_list(
                    "subdistrict_id", flat=True
                )
            )
            sub_districts = [s for s in sub_districts if s[0] in covered]
            villages = villages.filter(sub_district_id__in=covered)
        sub_choices = [(s[0], s[1]) for s in sub_districts]
        sub_district = choose("sub_district", sub_choices)
        if sub_district:
            villages = villages.filter(sub_district_id=sub_district)
        village_choices = [
            (str(pk), _("Moo %(number)s %(name)s") % {"number": number, "name": name})
            for pk, number, name in villages.order_by("code")[: MAX_CHOICES + 1].values_list(
                "pk", "number", "name"
            )
        ]
        choose("village", village_choices)
        return {
            "district": districts,
            "office": offices,
            "sub_district": sub_choices,
            "village": village_choices,
        }

    def offer(self, name, choices, request):
        """Hide a level with one choice or none; ask for the level above when it has too many; otherwise list
        them. Changing a level brings back the filter form, with the next level's choices, and the list's rows
        (`#list-results`), filtered (htmx)."""
        f = self.filters[name]
        if len(choices) <= 1:
            del self.filters[name]
            return
        attrs = {
            "class": "form-select",
            "hx-get": request.path,
            "hx-trigger": "change",
            "hx-include": "closest form",
            "hx-target": "closest [data-area-filter]",
            "hx-select": "[data-area-filter]",
            "hx-swap": "outerHTML",
            "hx-select-oob": "#list-results",
            "hx-push-url": "true",
        }
        if len(choices) > MAX_CHOICES:
            f.extra["choices"] = []
            f.extra["disabled"] = True
            f.extra["empty_label"] = self.WAITS_FOR.get(name, _("All"))
        else:
            f.extra["choices"] = choices
            f.extra["empty_label"] = self.ALL[name]
        f.extra["widget"] = forms.Select(attrs=attrs)

    # --- filtering ------------------------------------------------------------------------------------------
    def filter_district(self, queryset, name, value):
        return queryset.filter(**{f"{self.area_prefix}district_id": value})

    def filter_office(self, queryset, name, value):
        if self.office_field:
            return queryset.filter(**{f"{self.office_field}_id": value})
        covered = Office.sub_districts.through.objects.filter(office_id=value).values("subdistrict_id")
        return queryset.filter(**{f"{self.area_prefix}sub_district_id__in": covered})

    def filter_sub_district(self, queryset, name, value):
        return queryset.filter(**{f"{self.area_prefix}sub_district_id": value})

    def filter_village(self, queryset, name, value):
        return queryset.filter(**{f"{self.area_prefix}village_id": value})

    @property
    def area_fields(self):
        return [self.form[name] for name in AREA_LEVELS if name in self.form.fields]

    @property
    def other_fields(self):
        return [field for field in self.form if field.name not in AREA_LEVELS]
