from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from registry.forms import LoginForm
from registry.views import shell, signin

admin.site.site_header = _("Occupation promotion system — administration")
admin.site.site_title = _("Occupation promotion system")
admin.site.index_title = _("Offices, users and areas")

handler500 = "kit.outage.server_error"  # the Thai 503 page when the error was the database being unreachable

urlpatterns = [
    path("", shell.home, name="home"),
    path("about/", shell.about, name="about"),
    path("healthz", shell.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/set/", signin.set_password, name="set_password"),
    path("accounts/first-sign-in/", signin.first_sign_in, name="first_sign_in"),
    path("accounts/first-sign-in/<uidb64>/<token>/", signin.signin_link, name="signin_link"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("registry.urls")),
    path("training/", include("training.urls")),
    path("groups/", include("groups.urls")),
    path("grants/", include("grants.urls")),
    path("reports/", include("reports.urls")),
    path("", include("training.public_urls")),
    path("admin/", admin.site.urls),
]
# Uploaded and generated files (receipts, certificate batches, import files) are never served from MEDIA_URL,
# not even in development: each is read through the storage API by a view that checks who is asking.
