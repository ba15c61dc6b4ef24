"""The dashboard's query string
(?year=2569&programme=1&sort=households_promoted&dir=desc&measure=...&quarter=0): anything that is not one of
the choices falls back to the default, so no parameter, however hostile, breaks the page. The same values name
an export (what a user exports is what they saw)."""

from django import forms

from kit import thai
from reports.selectors.dashboard import CHART_MEASURES, COLUMNS

YEARS_BACK = 10


class DashboardForm(forms.Form):
    year = forms.IntegerField(required=False)
    programme = forms.IntegerField(required=False, min_value=1, max_value=99)
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in COLUMNS])
    dir = forms.ChoiceField(required=False, choices=[("asc", "asc"), ("desc", "desc")])
    measure = forms.ChoiceField(required=False, choices=[(m.value, m.label) for m in CHART_MEASURES])
    quarter = forms.IntegerField(required=False, min_value=0, max_value=4)

    @staticmethod
    def years() -> list[int]:
        now = thai.fiscal_year_now()
        return list(range(now + 1, now - YEARS_BACK, -1))

    def values(self) -> dict:
        """The dashboard's parameters (keyword arguments of reports.selectors.dashboard.dashboard), each field
        read on its own: one bad field does not lose the others."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        year = data.get("year")
        return {
            "fiscal_year": year if year in self.years() else thai.fiscal_year_now(),
            "programme": data.get("programme"),
            "sort": data.get("sort") or "",
            "descending": data.get("dir") == "desc",
            "measure": data.get("measure") or "",
            "quarter": data.get("quarter") or 0,
        }
