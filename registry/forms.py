from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kit.fields import ModelForm, RecordChoiceField
from kit.imports.reading import check_upload
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


class FirstSignInForm(forms.Form):
    """Username and the one-time code from the printed sheet. A wrong username or code gets the same words
    (the page never tells whether a username exists); the holder of a spent or expired code is told so."""

    username = forms.CharField(label=_("Username"), max_length=150)
    code = forms.CharField(
        label=_("First sign-in code"),
        max_length=40,
        help_text=_("As printed on the sheet from your system administrator, e.g. ABCDE-23456."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "characters"}),
    )
    error_messages = {"invalid": _("The username or first sign-in code is not correct.")}

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)

    def clean(self):
        from registry.services.signin import signin_code_refusal

        username, code = self.cleaned_data.get("username"), self.cleaned_data.get("code")
        if username and code:
            # Through authenticate(), so django-axes throttles codes exactly as it throttles passwords.
            self.user_cache = authenticate(self.request, username=username, code=code)
            if self.user_cache is None:
                reason = signin_code_refusal(username=username, code=code)
                raise ValidationError(reason or self.error_messages["invalid"], code="invalid")
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class OwnPasswordForm(SetPasswordForm):
    """The user's own new password (after a first sign-in code or link, or when asked to change it): twice,
    checked against the password rules; saving clears the "must set a new password" flag and writes the
    change log."""

    def save(self, commit=True):
        from registry.services.signin import password_set_own

        password_set_own(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class OnboardForm(forms.Form):
    """The province set-up workbook and, if the province has it as a file of its own, its official village
    list."""

    province = RecordChoiceField(
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

    def clean_file(self):
        return check_upload(self.cleaned_data["file"])

    def clean_villages(self):
        return check_upload(self.cleaned_data["villages"])
