"""The first sign-in: with a printed one-time code, or a link by e-mail; then the user's own password.

The code's sign-in goes through `authenticate()` (django-axes throttles it like a password); the services are
in registry/services/signin.py; registry/middleware.py keeps a user who must set a password on that page.
"""

from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import PasswordResetConfirmView
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from kit.access import public_page
from registry.forms import FirstSignInForm, OwnPasswordForm
from registry.services.signin import signin_link_tokens

CODE_BACKEND = "registry.backends.SignInCodeBackend"


@public_page
@never_cache
@sensitive_post_parameters("code")
def first_sign_in(request):
    if request.user.is_authenticated and not request.user.needs_password:
        return redirect("home")
    form = FirstSignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user(), backend=CODE_BACKEND)
        return redirect("set_password")
    return render(request, "registration/first_sign_in.html", {"form": form})


@login_required
@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def set_password(request):
    """Where every request leads while the user must set a password; afterwards the usual change page."""
    if not request.user.needs_password:
        return redirect("password_change")
    form = OwnPasswordForm(request.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)
        messages.success(request, _("Your password is set. Use it from now on to sign in."))
        return redirect("home")
    return render(request, "registration/set_password.html", {"form": form})


@method_decorator(public_page, name="dispatch")
class SignInLinkView(PasswordResetConfirmView):
    """The link e-mailed by the administrator: valid for PASSWORD_RESET_TIMEOUT, once (the token hashes the
    password and the last sign-in, so setting the password or signing in ends it)."""

    token_generator = signin_link_tokens
    form_class = OwnPasswordForm
    template_name = "registration/signin_link.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is set. Use it from now on to sign in."))
        return response


signin_link = public_page(SignInLinkView.as_view())
