"""The views every area-bound page is built from. Each starts from `Model.objects.for_user()`."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import generic

from kit.policy import can, require
from registry.scoping import Action


class ScopedMixin(LoginRequiredMixin):
    """Limits the queryset to the user's area for this view's action; out of scope means 404."""

    model = None
    action = Action.VIEW

    def get_queryset(self):
        return self.base_queryset().for_user(self.request.user)

    def get_object(self, queryset=None):
        """In the user's area (else 404); to change it, the policy must allow it
        (else 403 with the reason)."""
        obj = super().get_object(queryset)
        if self.action == Action.CHANGE:
            require(self.request.user, "registry.change", obj)
        return obj

    def base_queryset(self):
        return self.model.objects.all()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = can(self.request.user, "registry.add", self.model)
        if getattr(self, "object", None) is not None:
            context["can_change"] = can(self.request.user, "registry.change", self.object)
        context["opts"] = self.model._meta
        return context


class ScopedListView(ScopedMixin, generic.ListView):
    paginate_by = 25


class ScopedDetailView(ScopedMixin, generic.DetailView):
    pass


class ServiceFormMixin:
    """Create/edit through one service function; its ValidationError lands on the form."""

    action = Action.CHANGE
    success_message = _("Saved.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def save(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.object = self.save(form)
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class ScopedCreateView(ServiceFormMixin, ScopedMixin, generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require(request.user, "registry.add", self.model)
        return super().dispatch(request, *args, **kwargs)


class ScopedUpdateView(ServiceFormMixin, ScopedMixin, generic.UpdateView):
    pass


class ScopedDeleteView(ScopedMixin, generic.DeleteView):
    action = Action.CHANGE
    success_message = _("Deleted.")

    def delete_object(self, obj):
        raise NotImplementedError

    def form_valid(self, form):
        obj = self.get_object()
        try:
            self.delete_object(obj)
        except ValidationError as exc:
            messages.error(self.request, " ".join(exc.messages))
            return redirect(self.request.path)
        messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())
