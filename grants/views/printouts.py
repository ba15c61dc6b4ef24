"""Printed documents of a request (the request receipt, the decision letter, the agreement) and the grant file
for auditors, for the users who may see the request (out of scope: 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import services
from grants.models import GrantFile, GrantRequest
from kit.redirects import back_to


def _request(user, pk) -> GrantRequest:
    return get_object_or_404(GrantRequest.objects.for_user(user), pk=pk)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _status_url(request) -> str:
    """The public status page's absolute address (printed on the receipt and the decision letter)."""
    return request.build_absolute_uri(reverse("grants:status"))


@login_required
def receipt_pdf(request, pk):
    from grants.pdf import NotReceived
    from grants.pdf import receipt_pdf as render_receipt

    grant = _request(request.user, pk)
    try:
        return _pdf(render_receipt(grant, status_url=_status_url(request)), f"receipt-{grant.number}")
    except NotReceived:
        raise Http404(_("The request is not submitted yet: its receipt is printed once it is.")) from None


@login_required
def decision_pdf(request, pk):
    from grants.pdf import NoDecision
    from grants.pdf import decision_pdf as render_decision

    grant = _request(request.user, pk)
    try:
        return _pdf(render_decision(grant, status_url=_status_url(request)), f"decision-{grant.number}")
    except NoDecision:
        raise Http404(_("The request has no decision yet.")) from None
    except ValidationError as refused:  # approved lines that do not add up to the approved amount
        return _refused(request, grant, refused)


@login_required
def agreement_pdf(request, pk):
    from grants.pdf import NoDecision
    from grants.pdf import agreement_pdf as render_agreement

    grant = _request(request.user, pk)
    try:
        return _pdf(render_agreement(grant), f"agreement-{grant.number}")
    except NoDecision:
        raise Http404(_("The request has no agreement yet.")) from None
    except ValidationError as refused:  # approved lines that do not add up to the approved amount
        return _refused(request, grant, refused)


def _refused(request, grant, refused: ValidationError):
    messages.error(request, " ".join(refused.messages))
    return redirect(grant.get_absolute_url())


def _back(request, grant):
    return back_to(request, grant.get_absolute_url())


@login_required
@require_POST
def file_request(request, pk):
    """Queue the grant file (one PDF for auditors): anyone who may read the request may ask for it."""
    grant = _request(request.user, pk)
    services.grant_file_request(user=request.user, request=grant)
    messages.success(request, _("The grant file is being made; it will be ready to download on this page."))
    return _back(request, grant)


@login_required
def grant_file(request, pk, file_pk):
    grant = _request(request.user, pk)
    made = get_object_or_404(grant.files.filter(state=GrantFile.State.READY).exclude(file=""), pk=file_pk)
    response = FileResponse(
        made.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"grant-file-{grant.number}.pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
