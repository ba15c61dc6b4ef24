from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from kit.fields import ModelForm, RecordChoiceField
from registry.models import SubDistrict, Village
from registry.scoping import Action


class VillageForm(ModelForm):
    class Meta(ModelForm.Meta):
        model = Village
        fields = ["sub_district", "number", "name"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_district"].queryset = (
            SubDistrict.objects.for_user(user, Action.CHANGE).current().select_related("district", "province")
        )
        self.fields["sub_district"].label_from_instance = lambda s: s.full_name()
        self.fields["number"].widget.attrs.update({"min": 1, "max": 99})
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", _("Save")))


class VillageFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    sub_district = RecordChoiceField(
        label=_("Sub-district"),
        queryset=SubDistrict.objects.none(),
        required=False,
        empty_label=_("All sub-districts"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_district"].queryset = (
            SubDistrict.objects.for_user(user).filter(villages__isnull=False).distinct().order_by("code")
        )


class LoginForm(AuthenticationForm):
    """The same words whichever of the two was wrong: the page never tells whether a username exists."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not correct."),
    }
