"""Printed documents of a request (the decision letter, the agreement) and the grant file for auditors, for
the users who may see the request (out of scope: 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from grants import services
from grants.models import GrantFile, GrantRequest


def _request(user, pk) -> GrantRequest:
    return get_object_or_404(GrantRequest.objects.for_user(user), pk=pk)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def decision_pdf(request, pk):
    from grants.pdf import NoDecision
    from grants.pdf import decision_pdf as render_decision

    grant = _request(request.user, pk)
    try:
        return _pdf(render_decision(grant), f"decision-{grant.number}")
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
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(grant.get_absolute_url())


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
