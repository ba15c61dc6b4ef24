"""Public pages (no login): a group follows its request (the status lookup), and anyone reads the approved
grants of an office and fiscal year.

For villagers: the text is written in Thai here and in the templates directly, like training/public.py.
Neither page shows personal data: the status page shows the request's states and their dates (never who moved
it, nor reasons, which may name people), the list shows groups, projects and amounts.
"""

from django import forms
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe

from grants.models import GrantRequest, RequestMove, StatusLookupAttempt
from grants.pdf import purposes_th, state_th
from grants.selectors import request_money
from grants.workflow import APPROVED_STATES
from kit import lookups, thai
from kit.access import public_page
from registry.models import Office

# The same limit as the certificate lookup (kit/lookups.py): 5 failures in 15 minutes per client.
LIMIT = lookups.FailureLimit(StatusLookupAttempt)
MAX_FAILURES = LIMIT.max_failures

MSG_NOT_FOUND = "ไม่พบคำร้องที่ตรงกับข้อมูลที่กรอก โปรดตรวจสอบเลขที่คำร้องและเลขทะเบียนกลุ่ม"
MSG_TOO_MANY = "ลองผิดหลายครั้งเกินไป โปรดลองใหม่ในอีก 15 นาที"
MSG_BAD_CHOICE = "ไม่พบหน่วยงานหรือปีงบประมาณที่เลือก โปรดเลือกใหม่จากรายการ"


def _squeeze(value: str) -> str:
    """Spaces, case and the digits' script do not count: "กษ 0012/2566" = "กษ๐๐๑๒/๒๕๖๖" (the printed
    documents use Thai digits)."""
    return thai.arabic_digits("".join(value.split())).casefold()


class StatusLookupForm(forms.Form):
    number = forms.CharField(
        max_length=40, error_messages={"required": "โปรดกรอกเลขที่คำร้อง", "max_length": "เลขที่คำร้องยาวเกินไป"}
    )
    registration = forms.CharField(
        max_length=50,
        error_messages={
            "required": "โปรดกรอกเลขทะเบียนกลุ่มที่จดทะเบียนกับอำเภอ",
            "max_length": "เลขทะเบียนกลุ่มยาวเกินไป",
        },
    )


def _find(number: str, registration: str) -> GrantRequest | None:
    wanted = _squeeze(registration)
    request = (
        GrantRequest.objects.select_related("group", "office")
        .filter(number__iexact=thai.arabic_digits("".join(number.split())))
        .first()
    )
    if request is None or not wanted or _squeeze(request.group.registration_number) != wanted:
        return None
    return request


def _status_page(request, *, form=None, error=None, status=200):
    # What was typed is never written back into the page.
    response = render(
        request,
        "grants/public/status.html",
        {"form": form or StatusLookupForm(), "error": error},
        status=status,
    )
    add_never_cache_headers(response)
    return response


@public_page
@sensitive_post_parameters("registration")
@require_http_methods(["GET", "POST"])
def status(request):
    """The group's request, found by its number and the group's district registration number (a POST form: the
    result is never reachable from a URL)."""
    if request.method == "GET":
        return _status_page(request)
    client = lookups.client_key(request)
    if LIMIT.locked_out(client):
        return _status_page(request, error=MSG_TOO_MANY, status=429)
    form = StatusLookupForm(request.POST)
    if not form.is_valid():
        return _status_page(request, form=form, status=400)
    found = _find(form.cleaned_data["number"], form.cleaned_data["registration"])
    LIMIT.record(client, succeeded=found is not None)
    if found is None:
        return _status_page(request, error=MSG_NOT_FOUND)
    # The timeline without who and why: the state and the day only.
    moves = [
        {"state": state_th(to_state), "on": timezone.localtime(at).date()}
        for to_state, at in RequestMove.objects.filter(request=found)
        .order_by("at", "pk")
        .values_list("to_state", "at")
    ]
    approved = found.status in APPROVED_STATES
    response = render(
        request,
        "grants/public/status_result.html",
        {
            "grant": found,
            "state": state_th(found.status),
            "moves": moves,
            "approved": approved,
            "paid": request_money(found).paid if approved else None,
        },
    )
    add_never_cache_headers(response)
    return response


# --- the public list of approved grants ---------------------------------------------------------------------


def _approved():
    return GrantRequest.objects.filter(status__in=APPROVED_STATES)


def _choices():
    """Offices with approved requests, and the fiscal years they have them in (newest first)."""
    offices = (
        Office.objects.filter(pk__in=_approved().values("office"))
        .order_by("name")
        .values_list("code", "name")
    )
    years = sorted(set(_approved().values_list("fiscal_year", flat=True)), reverse=True)
    return list(offices), years


@public_page
@require_safe
def public_list(request):
    offices, years = _choices()
    office_code, year_text = request.GET.get("office", ""), request.GET.get("year", "")
    context = {"offices": offices, "years": years, "office": None, "year": None, "rows": None, "error": None}
    if office_code or year_text:
        # Only the choices offered are looked up: junk (NUL bytes, huge numbers) never reaches a query.
        year = thai.whole_number(year_text[:10], max_digits=4)
        office = Office.objects.filter(code=office_code).first() if office_code in dict(offices) else None
        if office is None or year not in years:
            context["error"] = MSG_BAD_CHOICE
        else:
            grants = (
                _approved()
                .filter(office=office, fiscal_year=year)
                .select_related("group")
                .order_by("group__name", "number")
            )
            rows = [
                {
                    "group": g.group.name,
                    "title": g.title,
                    "purposes": purposes_th(g.purposes),
                    "amount": g.approved_amount,
                    "starts_on": g.starts_on,
                    "ends_on": g.ends_on,
                }
                for g in grants
            ]
            context.update(
                office=office,
                year=year,
                rows=rows,
                total=grants.aggregate(total=Sum("approved_amount"))["total"] or 0,
            )
    return render(request, "grants/public/list.html", context)
