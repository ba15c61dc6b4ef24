"""Filters of the request list and its export: state, fiscal year, group, overdue, a search, and the area
steps of registry/area_filters.py (district -> office -> sub-district -> village) on the request's village
and funding office."""

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grants.models import GrantRequest, Status
from grants.selectors import overdue_q
from kit import thai
from registry.area_filters import MAX_CHOICES, AreaStepsFilterSet
from registry.models import OfficeKind


class RequestFilterSet(AreaStepsFilterSet):
    office_field = "office"
    steps_for_one_office = False

    q = filters.CharFilter(label=_("Number, project or group"), method="filter_q")
    status = filters.ChoiceFilter(label=_("State"), choices=Status.choices)
    fiscal_year = filters.ChoiceFilter(label=_("Fiscal year"))
    group = filters.ChoiceFilter(label=_("Occupation group"), method="filter_group")
    overdue = filters.BooleanFilter(
        label=_("Report overdue only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    # The area steps' "office" lists the local offices; a district office funds groups too (group formation).
    funder = filters.ChoiceFilter(
        label=_("Funded by"),
        method="filter_funder",
        choices=[
            ("local", _("a TAO or municipality")),
            ("district", _("the district community development office")),
        ],
    )

    class Meta:
        model = GrantRequest
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        # The years and groups that have requests in the user's scope: one query each, no more with the rows.
        years = set(queryset.order_by().values_list("fiscal_year", flat=True).distinct())
        years.add(thai.fiscal_year_now())
        self.filters["fiscal_year"].extra.update(
            choices=[(y, y) for y in sorted(years, reverse=True)], empty_label=_("All fiscal years")
        )
        self.filters["status"].extra["empty_label"] = _("All states")
        groups = list(
            queryset.order_by("group__name")
            .values_list("group_id", "group__name")
            .distinct()[: MAX_CHOICES + 1]
        )
        if len(groups) > MAX_CHOICES or len(groups) <= 1:
            del self.filters["group"]  # too many to read: the search finds a group by name
        else:
            self.filters["group"].extra.update(choices=groups, empty_label=_("All groups"))
        if not queryset.filter(office__kind=OfficeKind.DISTRICT_CD).exists():
            del self.filters["funder"]  # no request in scope is funded by a district office
        else:
            self.filters["funder"].extra["empty_label"] = _("Any funding office")
        for name in ("status", "fiscal_year", "group", "funder"):
            if name in self.filters:
                self.filters[name].extra["widget"] = forms.Select(attrs={"class": "form-select"})

    def filter_q(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value) | Q(title__icontains=value) | Q(group__name__icontains=value)
        )

    def filter_group(self, queryset, name, value):
        return queryset.filter(group_id=value)

    def filter_funder(self, queryset, name, value):
        return (
            queryset.filter(office__kind=OfficeKind.DISTRICT_CD)
            if value == "district"
            else queryset.exclude(office__kind=OfficeKind.DISTRICT_CD)
        )

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue_q(timezone.localdate())) if value else queryset
