"""Forms of the target-village pages; each hands its cleaned values to one
service of reports/services/targets.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kit.fields import ModelForm, RecordChoiceField, RecordMultipleChoiceField
from reports.forms.plans import ReasonMixin
from reports.models import Exclusion, Project


class PickForm(forms.Form):
    villages = RecordMultipleChoiceField(
        label=_("Villages to propose"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["villages"].queryset = villages


class BorrowForm(forms.Form):
    """A village with fewer than 20 target households, proposed with households of a nearby earlier target
    village (the one exception to the 20 households)."""

    village = RecordChoiceField(label=_("Village to propose"), queryset=None)
    borrowed_from = RecordChoiceField(
        label=_("Households borrowed from (a nearby earlier target village)"), queryset=None
    )
    households = forms.IntegerField(label=_("Households borrowed"), min_value=1, max_value=20)
    note = forms.CharField(
        label=_("Note on the borrowed households"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, villages, lenders, **kwargs):
        super().__init__(*args, prefix="borrow", **kwargs)
        self.fields["village"].queryset = villages
        self.fields["borrowed_from"].queryset = lenders


class MoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to send a list back."),
    )


class ExclusionForm(ReasonMixin, ModelForm):
    class Meta(ModelForm.Meta):
        model = Exclusion
        fields = ["project", "from_year", "to_year", "same_year"]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.fields["project"].queryset = Project.objects.order_by("name")
        self.add_reason(programme.plan)


class RemoveForm(ReasonMixin, forms.Form):
    exclusion = RecordChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, prefix="remove", **kwargs)
        self.fields["exclusion"].queryset = programme.exclusions.all()
        self.add_reason(programme.plan)
