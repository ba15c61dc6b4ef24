"""Stored dashboard figures (fast at national scale, and live).

A `Snapshot` keeps what the dashboard of one place (the country, a province, a district, a sub-district or a
village) computed for one fiscal year: the results, the budget's spending, the monthly charts and the "what is
missing" counts, i.e. every part of the page that does not depend on who looks (the places are read through
the area scoping rule, so anyone who may open a place sees the same figures there) nor on the view's choices
(programme, sort). A `FiguresChange` records when data of a province last changed (province "" = anywhere).

A snapshot is used only while it is current: made today (the "what is missing" counts depend on the date) and
no change recorded in its province (for the country: anywhere) since it began to be computed. Otherwise the
dashboard computes the figures live, as without snapshots, and stores them again. So a change shows on the
very next page; the snapshots only make the pages that follow fast. How changes are recorded and the stored
figures refreshed: reports/services/snapshots.py.

The data is Python's pickle of the dashboard's own dataclasses, written and read only by
reports/services/snapshots.py (as Django's database cache does): nothing a user sends is ever unpickled. No
personal data is stored: figures are counts and sums; the "what is missing" part holds counts per district."""

from django.db import models


class Snapshot(models.Model):
    fiscal_year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=20)  # reports.selectors.dashboard's place levels (not "office")
    key = models.CharField(max_length=20, blank=True)  # the place's code or village id; "" for the country
    province = models.CharField(
        max_length=2, blank=True
    )  # whose changes make it out of date; "" for the country
    taken_at = models.DateTimeField()  # when its computation began: changes after it are not in it
    taken_on = models.DateField()  # the day whose "today" it was computed with
    queued = models.BooleanField(default=False)  # a refresh is waiting for the worker
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "level", "key"], name="snapshot_place_unique")
        ]
        indexes = [models.Index(fields=["province"], name="snapshot_province")]

    def __str__(self):
        return f"{self.fiscal_year} {self.level} {self.key}"


class FiguresChange(models.Model):
    """When data of a province last changed ("" = any province, or one not known)."""

    province = models.CharField(max_length=2, primary_key=True, blank=True)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.province or '*'} {self.changed_at:%Y-%m-%d %H:%M:%S}"
