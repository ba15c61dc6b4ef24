"""Filters of the group list: the area steps of registry/area_filters.py on the group's village and office."""

from groups.models import Group
from registry.area_filters import AreaStepsFilterSet


class GroupFilterSet(AreaStepsFilterSet):
    office_field = "office"
    steps_for_one_office = False

    class Meta:
        model = Group
        fields = []
