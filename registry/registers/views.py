"""The generic register views. Each is given its `register` declaration in the URLconf."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.debug import sensitive_post_parameters

from kit import thai
from kit.paging import PER_PAGE_CHOICES
from kit.paging import per_page as page_size
from kit.policy import can, require
from registry.models import AuditEntry, ImportBatch, ImportStatus
from registry.pdpa import may_see_national_ids
from registry.registers.exports import export_response, exports_national_ids, template_response
from registry.registers.forms import ImportForm, RevealForm
from registry.registers.tables import build_table
from registry.scoping import Action
from registry.services.imports import import_queue, import_upload

SEARCH_MAX_CHARS = 200  # a search box's words; what is longer is cut before it goes into the list's URL


class RegisterView(LoginRequiredMixin, View):
    register = None

    def context(self, **kwargs):
        return {
            "register": self.register,
            "opts": self.register.model._meta,
            "can_change": self.register.can_add(self.request.user),
            "can_import": self.register.can_import(self.request.user),
            "may_export_full_ids": self.may_export_full_ids(),
            "list_links": self.register.list_links(self.request.user),
            **kwargs,
        }

    def may_export_full_ids(self):
        return may_see_national_ids(self.request.user) and exports_national_ids(self.register)

    def get_object(self, action=Action.VIEW):
        """The record in the user's area (else 404); to change it, the policy must allow it
        (else 403 with why)."""
        obj = get_object_or_404(self.register.queryset(self.request.user), pk=self.kwargs["pk"])
        if action == Action.CHANGE:
            require(self.request.user, "registry.change", obj)
        return obj


@method_decorator(sensitive_post_parameters("q"), name="dispatch")
class RegisterListView(RegisterView):
    """Search, filters, sortable columns, pagination; POST searches keep national IDs out of URLs."""

    def filtered(self, data):
        queryset = self.register.queryset(self.request.user)
        filterset = self.register.filterset_class(data, queryset=queryset, request=self.request)
        return filterset, filterset.qs

    def get(self, request):
        filterset, queryset = self.filtered(request.GET)
        return self.render_list(filterset, queryset)

    def post(self, request):
        # A search for a national ID comes by POST, so the number is never in a URL or an access log;
        # anything else is sent back as an ordinary GET search that can be bookmarked and paged.
        q = request.POST.get("q", "").strip()
        digits = thai.national_id_candidate(q)
        if digits:
            filterset, queryset = self.filtered(request.GET)
            condition = self.register.national_id_filter(digits)
            if condition is None:  # a register not about people: say so rather than search in vain
                return self.render_list(filterset, queryset.none(), national_id_not_applicable=True)
            return self.render_list(filterset, queryset.filter(condition), national_id_search=True)
        query = request.GET.copy()
        query["q"] = q[:SEARCH_MAX_CHARS]  # a longer search matches nothing and makes a URL browsers refuse
        query.pop("page", None)
        return redirect(f"{request.path}?{query.urlencode()}")

    def render_list(self, filterset, queryset, **extra):
        queryset = self.register.search(queryset, self.request.GET.get("q", "").strip())
        per_page = page_size(self.request.GET)
        table = build_table(
            queryset,
            self.register.columns(self.request.user),
            sort=self.request.GET.get("sort", ""),
            page_number=self.request.GET.get("page"),
            per_page=per_page,
        )
        return render(
            self.request,
            "registry/registers/list.html",
            self.context(
                filterset=filterset,
                table=table,
                per_page=per_page,
                per_page_choices=PER_PAGE_CHOICES,
                q=self.request.GET.get("q", ""),
                page_obj=table.page,
                **extra,
            ),
        )


class RegisterDetailView(RegisterView):
    def get(self, request, pk):
        obj = self.get_object()
        can_edit_this = can(request.user, "registry.change", obj)
        # The change log is for the record's own office and for admins.
        history = (
            AuditEntry.objects.for_object(obj).select_related("user", "import_batch", "content_type")[:50]
            if can_edit_this
            else None
        )
        return render(
            request,
            self.register.detail_template,
            self.context(
                object=obj,
                history=history,
                can_edit_this=can_edit_this,
                **self.register.detail_context(obj, request.user),
            ),
        )


@method_decorator(sensitive_post_parameters(), name="dispatch")
class RegisterEditView(RegisterView):
    """Create (no pk) or change a record through the register's service."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and "pk" not in kwargs:
            require(request.user, "registry.add", self.register.model)
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None):
        instance = self.get_object(Action.CHANGE) if "pk" in self.kwargs else self.register.model()
        initial = {k: v for k, v in self.request.GET.items() if k in self.register.form_class.base_fields}
        return self.register.form_class(data, instance=instance, user=self.request.user, initial=initial)

    def get(self, request, pk=None):
        return self.show(self.get_form())

    def post(self, request, pk=None):
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                obj = self.register.save(user=request.user, form=form)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Saved."))
                for warning in getattr(obj, "_warnings", []):
                    messages.warning(request, warning)
                return redirect(self.register.url("detail", obj.pk))
        return self.show(form)

    def show(self, form):
        return render(
            self.request,
            "registry/registers/form.html",
            self.context(form=form, object=form.instance if form.instance.pk else None),
        )


class RegisterDeleteView(RegisterView):
    def get(self, request, pk):
        return render(
            request, "registry/confirm_delete.html", self.context(object=self.get_object(Action.CHANGE))
        )

    def post(self, request, pk):
        obj = self.get_object(Action.CHANGE)
        try:
            self.register.delete(user=request.user, obj=obj)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(self.register.url("detail", obj.pk))
        messages.success(request, _("Deleted."))
        return redirect(self.register.url("list"))


@method_decorator(sensitive_post_parameters("reason"), name="dispatch")
class RegisterExportView(RegisterListView):
    """The list's rows (same filters and search, same scope) as xlsx or csv, national IDs masked. A file with
    full IDs is asked for by POST with a written reason, by those who may see full IDs, and is logged."""

    def rows(self, request):
        filterset, queryset = self.filtered(request.GET)
        return self.register.search(queryset, request.GET.get("q", "").strip())

    def get(self, request):
        if "full_ids" in request.GET:
            return self.ask_reason(RevealForm())
        return export_response(
            register=self.register,
            user=request.user,
            queryset=self.rows(request),
            file_format=request.GET.get("format", "xlsx"),
        )

    def post(self, request):
        form = RevealForm(request.POST)
        if not form.is_valid():
            return self.ask_reason(form)
        return export_response(
            register=self.register,
            user=request.user,
            queryset=self.rows(request),
            file_format=request.POST.get("format", "xlsx"),
            reason=form.cleaned_data["reason"],
        )

    def dispatch(self, request, *args, **kwargs):
        full_ids = request.method == "POST" or "full_ids" in request.GET
        if full_ids and request.user.is_authenticated and not self.may_export_full_ids():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def ask_reason(self, form):
        return render(
            self.request,
            "registry/registers/export_full.html",
            self.context(form=form, count=self.rows(self.request).count()),
        )


class RegisterImportView(RegisterView):
    """Upload → preview with every problem (row, column, message) → confirm. Nothing is written before."""

    def dispatch(self, request, *args, **kwargs):
        if not self.register.import_kind:
            raise Http404
        if request.user.is_authenticated:
            require(request.user, "registry.import")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if request.GET.get("template") in ("xlsx", "csv"):
            return template_response(
                register=self.register, office=request.user.office, file_format=request.GET["template"]
            )
        return self.show(ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form)
        batch = import_upload(
            user=request.user,
            office=request.user.office,
            kind=self.register.import_kind,
            upload=form.cleaned_data["file"],
        )
        return redirect(self.register.url("import_preview", batch.pk))

    def show(self, form):
        log = ImportBatch.objects.filter(
            office=self.request.user.office, kind=self.register.import_kind
        ).select_related("user")[:20]
        return render(self.request, "registry/registers/import.html", self.context(form=form, log=log))


class RegisterImportPreviewView(RegisterImportView):
    def batch(self):
        return get_object_or_404(
            ImportBatch, pk=self.kwargs["pk"], office=self.request.user.office, kind=self.register.import_kind
        )

    def get(self, request, pk):
        return render(request, "registry/registers/import_preview.html", self.context(batch=self.batch()))

    def post(self, request, pk):
        batch = self.batch()
        try:
            batch = import_queue(user=request.user, batch=batch)
        except ValidationError as exc:
            messages.error(request, _("Nothing was imported: ") + " ".join(exc.messages))
            return redirect(self.register.url("import"))
        if batch.status == ImportStatus.COMMITTED:
            messages.success(
                request,
                _("Imported %(file)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {
                    "file": batch.file_name,
                    "created": batch.created_count,
                    "updated": batch.updated_count,
                    "unchanged": batch.unchanged_count,
                },
            )
            return redirect(self.register.url("list"))
        return redirect(request.path)  # the page follows the import until it is done (or says why it failed)
