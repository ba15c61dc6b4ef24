"""Forms of the plan pages; each hands its cleaned values to one service of reports/services/plans.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kit.fields import ModelForm, RecordChoiceField
from registry.models import Province
from reports.models import Indicator, Programme


class ReasonMixin:
    """A published plan changes only with a written reason (the service checks it; the form asks for it)."""

    def add_reason(self, plan):
        if plan.is_published:
            self.fields["reason"] = forms.CharField(
                label=_("Reason for the change"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("The plan is published: the change is logged with this reason."),
            )


class PlanForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("Fiscal year (B.E.)"), min_value=2500, max_value=2700)
    province = RecordChoiceField(
        label=_("Province"), queryset=Province.objects.order_by("name_th"), required=False
    )
    copy_previous = forms.BooleanField(
        label=_("Copy the programmes, indicators and targets of the previous fiscal year's plan"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_admin:  # a provincial officer writes their own province's plan
            del self.fields["province"]
        else:
            self.fields["province"].required = True


class ProgrammeForm(ReasonMixin, ModelForm):
    class Meta(ModelForm.Meta):
        model = Programme
        fields = [
            "number",
            "name",
            "objective",
            "organising_level",
            "start_month",
            "end_month",
            "unit_label",
            "stated_units",
            "unit_budget",
            "stated_total",
            "project",
        ]
        widgets = {"objective": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        self.add_reason(plan)


class IndicatorForm(ReasonMixin, ModelForm):
    class Meta(ModelForm.Meta):
        model = Indicator
        fields = [
            "number",
            "name",
            "kind",
            "unit_label",
            "per_unit",
            "stated_target",
            "numerator",
            "denominator",
            "measure",
        ]

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.add_reason(programme.plan)


class ReasonForm(ReasonMixin, forms.Form):
    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_reason(plan)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (xlsx)"))
