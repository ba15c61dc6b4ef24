"""Offices and their users. A user belongs to one office with one role."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kit.validators import validate_phone
from registry.models.areas import District, Province, SubDistrict
from registry.scoping import Role


class OfficeKind(models.TextChoices):
    TAO = "tao", _("Subdistrict Administrative Organization (TAO)")
    MUNICIPALITY = "municipality", _("Municipality")
    DISTRICT_CD = "district_cd", _("District Community Development Office")
    PROVINCE_CD = "province_cd", _("Provincial Community Development Office")


LOCAL_KINDS = (OfficeKind.TAO, OfficeKind.MUNICIPALITY)

# Which office kinds each role works in.
ROLE_OFFICE_KINDS = {
    Role.TAO_STAFF: LOCAL_KINDS,
    Role.DISTRICT_OFFICER: (OfficeKind.DISTRICT_CD,),
    Role.PROVINCE_OFFICER: (OfficeKind.PROVINCE_CD,),
    # Offices that fund occupation groups have finance officers and an executive.
    Role.FINANCE: (*LOCAL_KINDS, OfficeKind.DISTRICT_CD),
    Role.EXECUTIVE: (*LOCAL_KINDS, OfficeKind.DISTRICT_CD),
}


class Office(models.Model):
    code = models.CharField(
        _("office code"),
        max_length=20,
        unique=True,
        help_text=_("The office's official code, e.g. the DLA code of a TAO."),
    )
    name = models.CharField(_("office name"), max_length=200)
    kind = models.CharField(_("kind of office"), max_length=20, choices=OfficeKind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="offices", verbose_name=_("province")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.PROTECT,
        related_name="offices",
        null=True,
        blank=True,
        verbose_name=_("district"),
    )
    sub_districts = models.ManyToManyField(
        SubDistrict, related_name="offices", blank=True, verbose_name=_("sub-districts covered")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Printed on certificates: the emblem, and who signs for the office.
    emblem = models.ImageField(_("emblem"), upload_to="offices/emblems/", blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    signer_position = models.CharField(
        _("signer's position"), max_length=200, blank=True, help_text=_("e.g. นายกองค์การบริหารส่วนตำบลลำปาว")
    )
    signature = models.ImageField(_("signature image"), upload_to="offices/signatures/", blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["province_id", "district_id", "name"]

    def __str__(self):
        return self.name

    @property
    def is_local(self):
        return self.kind in LOCAL_KINDS

    def clean(self):
        try:
            validate_phone(self.phone)  # the same reading as a person's phone (kit/thai.py)
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
        if self.kind in (*LOCAL_KINDS, OfficeKind.DISTRICT_CD) and not self.district_id:
            raise ValidationError({"district": _("A district or local office must name its district.")})
        if self.district_id and self.province_id and self.district.province_id != self.province_id:
            raise ValidationError({"district": _("The district is not in the office's province.")})

    @staticmethod
    def check_sub_districts(*, province, sub_districts):
        """An office covers sub-districts of its own province only. A many-to-many field is saved after the
        office, so `clean()` never sees it: the office's form (or a service setting the field) asks this."""
        if province is None or not sub_districts:
            return
        outside = [s for s in sub_districts if s.province_id != province.pk]
        if outside:
            raise ValidationError(
                _(
                    "An office covers only sub-districts of its own province (%(province)s); outside it: "
                    "%(sub_districts)s."
                ),
                code="sub_district_outside_province",
                params={
                    "province": province.path(),
                    "sub_districts": ", ".join(s.path_label() for s in outside),
                },
            )


class User(AbstractUser):
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
        verbose_name=_("office"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.TAO_STAFF)
    position = models.CharField(_("position"), max_length=150, blank=True)
    # Set for a user created by an administrator and for one who signed in with a first sign-in code: every
    # page leads to the set-password page until they choose their own (registry/middleware.py).
    must_change_password = models.BooleanField(
        _("must set a new password"),
        default=False,
        help_text=_("The user is asked to set their own password before anything else at the next sign-in."),
    )

    # Changes the change log records about a user that are no field of theirs (registry/services/signin.py).
    AUDIT_LABELS = {
        "sign_in_code": _("first sign-in code"),
        "sign_in_link": _("sign-in link by e-mail"),
        "password": _("password"),
    }

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        kinds = ROLE_OFFICE_KINDS.get(self.role)
        if kinds is None:
            return
        if self.office_id is None:
            raise ValidationError({"office": _("This role needs an office.")})
        if self.office.kind not in kinds:
            raise ValidationError(
                {
                    "office": _("This office does not fit the role: %(role)s works in %(kinds)s.")
                    % {
                        "role": Role(self.role).label,
                        "kinds": ", ".join(str(OfficeKind(k).label) for k in kinds),
                    }
                }
            )

    def save(self, *args, **kwargs):
        # The admin role and Django's superuser flag are one thing; createsuperuser gives the role.
        if self._state.adding and self.is_superuser:
            self.role = Role.ADMIN
        self.is_staff = self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def is_admin(self):
        return self.role == Role.ADMIN

    @property
    def needs_password(self) -> bool:
        """Whether the user must set their own password before anything else: flagged so, or without a usable
        one (created in bulk or in the admin without a password, then signed in with a one-time code)."""
        return self.must_change_password or not self.has_usable_password()


class SignInCode(models.Model):
    """A user's one-time first sign-in code, printed by an administrator. Only its keyed hash is stored: the
    code is shown once, on the printed sheet. Printing again replaces it (one row per user), so an older sheet
    stops working."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="sign_in_code", verbose_name=_("user")
    )
    code_hash = models.CharField(max_length=64)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )

    class Meta:
        verbose_name = _("first sign-in code")
        verbose_name_plural = _("first sign-in codes")
