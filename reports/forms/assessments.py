"""Forms of the sufficiency-village pages. They parse input;
the rules are in reports/services/assessments.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kit import thai
from kit.fields import RecordChoiceField, ThaiDateField, bootstrap
from reports.models import Level, Round
from reports.services.assessments import AnswerInput

YEAR = {"min_value": 2500, "max_value": 2700}
ANSWER_CHOICES = [("1", _("passed")), ("0", _("not passed"))]


class YearRoundForm(forms.Form):
    """The fiscal year and round a page is about (?year=2569&round=1); junk falls back to the defaults."""

    year = forms.IntegerField(label=_("fiscal year"), required=False, **YEAR)
    round = forms.TypedChoiceField(label=_("round"), choices=Round.choices, coerce=int, required=False)

    def values(self, default_round=Round.BEFORE):
        year, round_number = thai.fiscal_year_now(), default_round
        if self.is_valid():
            year = self.cleaned_data["year"] or year
            round_number = self.cleaned_data["round"] or round_number
        return year, round_number


class RoundForm(forms.Form):
    """One round: the date, the committee and every indicator's answer with a note, on one page."""

    assessed_on = ThaiDateField(label=_("date of the assessment"))
    committee = forms.CharField(
        label=_("village committee members"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("The names of the village committee members who assessed with you, one per line."),
    )

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[self.answer_name(indicator)] = forms.ChoiceField(
                label=indicator.text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Answer this indicator.")},
            )
            self.fields[self.note_name(indicator)] = forms.CharField(
                label=_("note on indicator %(number)s") % {"number": indicator.number},
                max_length=500,
                required=False,
            )
        self.fields["committee"].widget.attrs["rows"] = 3
        bootstrap(self)

    @staticmethod
    def answer_name(indicator):
        return f"answer_{indicator.pk}"

    @staticmethod
    def note_name(indicator):
        return f"note_{indicator.pk}"

    def clean(self):
        cleaned = super().clean()
        getlist = getattr(self.data, "getlist", None)
        for indicator in self.indicators:
            name = self.answer_name(indicator)
            if (
                getlist and len(getlist(name)) > 1
            ):  # a tampered or doubled form: never pick one of two answers
                self.add_error(
                    name,
                    _("Indicator %(number)s is answered twice: give one answer.")
                    % {"number": indicator.number},
                )
        return cleaned

    def rows(self):
        """[(indicator, answer field, note field)] in the indicators' order, for the template."""
        return [(i, self[self.answer_name(i)], self[self.note_name(i)]) for i in self.indicators]

    def answers(self) -> list[AnswerInput]:
        return [
            AnswerInput(
                indicator_id=i.pk,
                passed=self.cleaned_data[self.answer_name(i)] == "1",
                note=self.cleaned_data[self.note_name(i)],
            )
            for i in self.indicators
        ]

    @classmethod
    def initial_from(cls, assessment) -> dict:
        initial = {"assessed_on": assessment.assessed_on, "committee": assessment.committee}
        for answer in assessment.answers.all():
            initial[f"answer_{answer.indicator_id}"] = "1" if answer.passed else "0"
            initial[f"note_{answer.indicator_id}"] = answer.note
        return initial


class PlanItemForm(forms.Form):
    activity = forms.CharField(label=_("project or activity"), max_length=300)
    indicator = RecordChoiceField(label=_("indicator it raises"), queryset=None, required=False)
    responsible = forms.CharField(label=_("who does it"), max_length=200, required=False)
    due_on = ThaiDateField(label=_("to be done by"), required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = criteria.indicators.order_by("number")
        bootstrap(self)


class ListFilterForm(forms.Form):
    year = forms.IntegerField(label=_("fiscal year"), required=False, **YEAR)
    round = forms.TypedChoiceField(
        label=_("round"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("any round"))] + Round.choices,
    )
    level = forms.ChoiceField(
        label=_("level"), required=False, choices=[("", _("any level"))] + Level.choices
    )
    missing = forms.ChoiceField(
        label=_("missing round"),
        required=False,
        choices=[
            ("", _("all villages")),
            ("1", _("round 1 not recorded")),
            ("2", _("round 2 not recorded")),
            ("any", _("a round not recorded")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = thai.fiscal_year_now()
        bootstrap(self)

    def values(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "fiscal_year": data.get("year") or thai.fiscal_year_now(),
            "round_number": data.get("round"),
            "level": data.get("level") or "",
            "missing": data.get("missing") or "",
        }
