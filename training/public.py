"""Public pages (no login): a trainee's certificate lookup and download, certificate verification from the
QR code, and the trainee's satisfaction survey.

These pages are for villagers, so their text is written in Thai here and in the templates directly (not
through gettext): they must read right even if the translation catalogue is out of date.
"""

import datetime
import re

from django import forms
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kit import lookups, thai
from kit.access import public_page
from training.models import (
    SATISFACTION_ITEMS,
    Certificate,
    Enrollment,
    PublicLookupAttempt,
    SatisfactionResponse,
)
from training.workflow import TRAINING

CODE_RE = re.compile(r"^[A-Za-z0-9_-]{8,32}$")  # verification codes and survey tokens (new_verification_code)

# --- Rate limiting of the certificate lookup -----------------------------------------------------
LIMIT = lookups.FailureLimit(PublicLookupAttempt)  # 5 failures in 15 minutes per client
MAX_FAILURES = LIMIT.max_failures
DOWNLOAD_TOKEN_AGE = 15 * 60  # seconds a result page's download buttons keep working
DOWNLOAD_SALT = "training.public.certificate-download"

MSG_NOT_FOUND = "ไม่พบใบรับรองที่ตรงกับข้อมูลที่กรอก โปรดตรวจสอบเลขประจำตัวประชาชนและวันเกิด"
MSG_TOO_MANY = "ลองผิดหลายครั้งเกินไป โปรดลองใหม่ในอีก 15 นาที"
MSG_EXPIRED = "หน้าผลการค้นหานี้หมดอายุแล้ว (ใช้ได้ 15 นาที) โปรดกรอกข้อมูลเพื่อค้นหาอีกครั้ง"
MSG_ALREADY_ANSWERED = "ท่านตอบแบบประเมินนี้แล้ว ขอบคุณค่ะ"


def _valid_certificates():
    return (
        Certificate.objects.filter(revoked_at__isnull=True)
        .select_related("office", "enrollment__person", "enrollment__training")
        .order_by("-issued_on", "-pk")
    )


def thai_date_range(start, end) -> str:
    """20–21 มกราคม พ.ศ. 2569; 30 มกราคม – 2 กุมภาพันธ์ พ.ศ. 2569; one date when the training is one day.

    A no-break space keeps "พ.ศ. 2569" together on a narrow phone screen.
    """
    if not start:
        return ""
    end = end or start
    if start == end:
        text = thai.date_long(start)
    elif (start.year, start.month) == (end.year, end.month):
        text = f"{start.day}–{end.day} {thai.MONTHS_LONG[end.month - 1]} พ.ศ. {thai.be_year(end)}"
    elif start.year == end.year:
        first, last = thai.MONTHS_LONG[start.month - 1], thai.MONTHS_LONG[end.month - 1]
        text = f"{start.day} {first} – {end.day} {last} พ.ศ. {thai.be_year(end)}"
    else:
        text = f"{thai.date_long(start)} – {thai.date_long(end)}"
    return text.replace("พ.ศ. ", "พ.ศ.\u00a0")


def _download_token(person_pk: int) -> str:
    return signing.TimestampSigner(salt=DOWNLOAD_SALT).sign(str(person_pk))


def _person_pk_from_token(token: str) -> int | None:
    try:
        value = signing.TimestampSigner(salt=DOWNLOAD_SALT).unsign(token or "", max_age=DOWNLOAD_TOKEN_AGE)
        return int(value)
    except (signing.BadSignature, ValueError):  # SignatureExpired is a BadSignature
        return None


# --- Forms ---------------------------------------------------------------------------------------
class CertificateLookupForm(forms.Form):
    national_id = forms.CharField(
        max_length=30, error_messages={"required": "โปรดกรอกเลขประจำตัวประชาชน 13 หลัก"}
    )
    birth_date = forms.CharField(max_length=30, error_messages={"required": "โปรดกรอกวันเกิด เช่น 01/05/2513"})

    def clean_national_id(self):
        # A typing mistake is caught by the check digit;
        # it says nothing about whether the number is registered.
        try:
            return thai.parse_national_id(self.cleaned_data["national_id"])
        except thai.InputError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_birth_date(self):
        try:
            value = thai.parse_date(self.cleaned_data["birth_date"])
        except thai.InputError:
            raise forms.ValidationError("โปรดกรอกวันเกิดเป็น วัน/เดือน/ปี พ.ศ. 4 หลัก เช่น 01/05/2513") from None
        if value > timezone.localdate():
            raise forms.ValidationError("วันเกิดอยู่ในอนาคต โปรดตรวจสอบปี พ.ศ.")
        return value


LIKERT_LABELS = {1: "น้อยที่สุด", 2: "น้อย", 3: "ปานกลาง", 4: "มาก", 5: "มากที่สุด"}
# The items of SATISFACTION_ITEMS in Thai, in the model's order (zip strict: a new item must be added here).
SURVEY_QUESTIONS = dict(
    zip(
        (key for key, _label in SATISFACTION_ITEMS),
        (
            "เนื้อหาการอบรมตรงกับความต้องการของท่าน",
            "วิทยากรถ่ายทอดความรู้ได้ชัดเจน เข้าใจง่าย",
            "ระยะเวลาการอบรมเหมาะสม",
            "สถานที่และวัสดุฝึกปฏิบัติเหมาะสม",
            "ท่านสามารถนำความรู้ไปใช้ประกอบอาชีพได้",
        ),
        strict=True,
    )
)


class SurveyForm(forms.Form):
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="ข้อเสนอแนะเพิ่มเติม (ถ้ามี)",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, question in SURVEY_QUESTIONS.items():
            self.fields[key] = forms.TypedChoiceField(
                label=question,
                coerce=int,
                choices=list(LIKERT_LABELS.items()),
                widget=forms.RadioSelect,
                error_messages={"required": "โปรดเลือกคะแนนข้อนี้", "invalid_choice": "โปรดเลือกคะแนน 1 ถึง 5"},
            )
        self.order_fields([*SURVEY_QUESTIONS, "comment"])

    def questions(self):
        """(number, bound field) for the template, which draws its own touch-sized radio buttons."""
        return [(i, self[key]) for i, key in enumerate(SURVEY_QUESTIONS, start=1)]


# --- 1. Certificate lookup and download -----------------------------------------------------------
def _lookup_page(request, *, form=None, error=None, status=200):
    # The form is always drawn empty: the national ID and birth date typed are never echoed back.
    response = render(
        request,
        "training/public/lookup.html",
        {"form": form or CertificateLookupForm(), "error": error},
        status=status,
    )
    add_never_cache_headers(response)
    return response


@public_page
@sensitive_post_parameters("national_id", "birth_date")
@require_http_methods(["GET", "POST"])
def certificate_lookup(request):
    if request.method == "GET":
        return _lookup_page(request)
    client = lookups.client_key(request)
    if LIMIT.locked_out(client):
        return _lookup_page(request, error=MSG_TOO_MANY, status=429)
    form = CertificateLookupForm(request.POST)
    if not form.is_valid():
        return _lookup_page(request, form=form, status=400)
    # One query matching both facts at once: an unknown ID and a wrong birth date look (and take) the same.
    facts = form.cleaned_data
    certificates = list(
        _valid_certificates().filter(
            enrollment__person__national_id=facts["national_id"],
            enrollment__person__birth_date=facts["birth_date"],
        )
    )
    # A person found without a valid certificate counts as a failure too, so the count tells nothing.
    LIMIT.record(client, succeeded=bool(certificates))
    if not certificates:
        return _lookup_page(request, error=MSG_NOT_FOUND)
    person = certificates[0].enrollment.person
    for certificate in certificates:
        training = certificate.enrollment.training
        certificate.dates = thai_date_range(training.start_date, training.end_date)
    response = render(
        request,
        "training/public/lookup_result.html",
        {
            "person_name": str(person),
            "certificates": certificates,
            "token": _download_token(person.pk),
            "minutes": DOWNLOAD_TOKEN_AGE // 60,
        },
    )
    add_never_cache_headers(response)
    return response


@public_page
@require_POST
def certificate_download(request):
    """POST token (+ code for one certificate, none for all): the PDF of the person's valid certificates."""
    person_pk = _person_pk_from_token(request.POST.get("token"))
    if person_pk is None:
        return _lookup_page(request, error=MSG_EXPIRED, status=403)
    certificates = _valid_certificates().filter(enrollment__person_id=person_pk)
    code = request.POST.get("code", "")
    if code:
        certificates = certificates.filter(code=code) if CODE_RE.match(code) else certificates.none()
    # What the certificate pages print (training.pdf.CERTIFICATE_RELATED), oldest first.
    certificates = list(
        certificates.select_related("enrollment__training__village__sub_district").order_by("issued_on", "pk")
    )
    if not certificates:
        raise Http404("ไม่พบใบรับรอง")

    from training.pdf import certificates_pdf  # WeasyPrint takes a second to import: only when needed

    pdf = certificates_pdf(certificates, base_url=request.build_absolute_uri("/"))
    name = (
        f"ใบรับรอง-{certificates[0].number}-{certificates[0].fiscal_year}.pdf"
        if len(certificates) == 1
        else "ใบรับรองทั้งหมด.pdf"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    add_never_cache_headers(response)
    return response


# --- 2. Verification (QR scans: one query, no session, never cached stale) ------------------------
def _certificate_by_code(code: str) -> Certificate:
    if not CODE_RE.match(code):
        raise Http404
    try:
        return (
            Certificate.objects.select_related("office", "enrollment__person", "enrollment__training")
            .only(
                "code",
                "number",
                "fiscal_year",
                "issued_on",
                "revoked_at",
                "revoke_reason",
                "office__name",
                "enrollment__person__title",
                "enrollment__person__title_other",
                "enrollment__person__first_name",
                "enrollment__person__last_name",
                "enrollment__training__topic",
                "enrollment__training__start_date",
                "enrollment__training__end_date",
                "enrollment__training__hours",
                "enrollment__training__certificate_title",
            )
            .get(code=code)
        )
    except Certificate.DoesNotExist:
        raise Http404 from None


def _no_cache(response):
    # Revalidate every time: a revocation must show at the next scan, not after a cache expires.
    patch_cache_control(response, no_cache=True)
    return response


def _hours(value) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")


def _hours_number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@public_page
@require_safe
def verify(request, code):
    certificate = _certificate_by_code(code)
    training = certificate.enrollment.training
    return _no_cache(
        render(
            request,
            "training/public/verify.html",
            {
                "certificate": certificate,
                "training": training,
                "person_name": str(certificate.enrollment.person),
                "hours": _hours(training.hours),
                "dates": thai_date_range(training.start_date, training.end_date),
            },
        )
    )


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


@public_page
@require_safe
def verify_json(request, code):
    certificate = _certificate_by_code(code)
    training = certificate.enrollment.training
    data = {
        "code": certificate.code,
        "serial": certificate.serial,
        "status": "valid" if certificate.is_valid else "revoked",
        "name": str(certificate.enrollment.person),
        "course": training.topic,
        "start_date": _iso(training.start_date),
        "end_date": _iso(training.end_date),
        "hours": _hours_number(training.hours),
        "office": certificate.office.name,
        "issued_on": _iso(certificate.issued_on),
        "revoked_on": _iso(certificate.revoked_at),
        "revoke_reason": certificate.revoke_reason if certificate.revoked_at else "",
    }
    return _no_cache(JsonResponse(data, json_dumps_params={"ensure_ascii": False}))


# --- 3. Satisfaction survey -------------------------------------------------------------------------
def _answered(enrollment) -> bool:
    return SatisfactionResponse.objects.filter(enrollment=enrollment).exists()


@public_page
@require_http_methods(["GET", "POST"])
def survey(request, token):
    if not CODE_RE.match(token):
        raise Http404
    try:
        enrollment = Enrollment.objects.select_related("training__office").get(survey_token=token)
    except Enrollment.DoesNotExist:
        raise Http404 from None
    training = enrollment.training
    context = {
        "enrollment": enrollment,
        "training": training,
        "likert": LIKERT_LABELS,
        "dates": thai_date_range(training.start_date, training.end_date),
    }

    def page(state, form=None, message=None, status=200):
        response = render(
            request,
            "training/public/survey.html",
            {**context, "state": state, "form": form, "message": message},
            status=status,
        )
        add_never_cache_headers(response)
        return response

    if not TRAINING.is_open(training, "survey"):
        return page("closed", status=200 if request.method == "GET" else 409)
    if _answered(enrollment):
        if request.method == "POST":
            return page("answered", message=MSG_ALREADY_ANSWERED, status=409)
        return page("answered")
    if request.method == "GET":
        return page("open", form=SurveyForm())
    form = SurveyForm(request.POST)
    if not form.is_valid():
        return page("open", form=form, status=400)
    try:
        # The OneToOne on enrollment is the guard against a double tap or two open tabs.
        with transaction.atomic():
            SatisfactionResponse.objects.create(training=training, enrollment=enrollment, **form.cleaned_data)
    except IntegrityError:
        return page("answered", message=MSG_ALREADY_ANSWERED, status=409)
    return redirect(request.path)
