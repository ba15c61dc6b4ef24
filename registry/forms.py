from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kit.fields import ModelForm, RecordChoiceField
from kit.imports.reading import max_bytes
from registry.models import Province, SubDistrict, Village
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


class OnboardForm(forms.Form):
    """The province set-up workbook and, if the province has it as a file of its own, its official village
    list."""

    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=None,
        help_text=_("Every office, sub-district and village in the file must be in this province."),
    )
    file = forms.FileField(
        label=_("Set-up workbook (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    villages = forms.FileField(
        label=_("Official village list (optional)"),
        required=False,
        help_text=_("As received from the department: รหัสหมู่บ้าน, หมู่ที่, ชื่อหมู่บ้าน (.xlsx or .csv)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.current()

    def _limited(self, name):
        upload = self.cleaned_data[name]
        if upload is not None and upload.size > max_bytes():
            raise ValidationError(
                _("The file is larger than %(mb)s MB. Split it into smaller files.")
                % {"mb": max_bytes() // (1024 * 1024)}
            )
        return upload

    def clean_file(self):
        return self._limited("file")

    def clean_villages(self):
        return self._limited("villages")
