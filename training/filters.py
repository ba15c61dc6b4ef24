"""Filters of the training list: the area steps of registry/area_filters.py on the training's
village and office."""

from registry.area_filters import AreaStepsFilterSet
from training.models import Training


class TrainingFilterSet(AreaStepsFilterSet):
    office_field = "office"
    steps_for_one_office = False

    class Meta:
        model = Training
        fields = []
