"""django-axes' own strings, so that `makemessages` keeps their Thai in
our catalogue (locale/th/LC_MESSAGES/django.po).

django-axes ships no Thai translation; its admin screens (where an administrator unlocks a paused sign-in)
read these from our catalogue. Without this list, `makemessages` would mark them obsolete. Nothing
imports this module.
"""

from django.utils.translation import gettext_noop

AXES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Username"),
    gettext_noop("IP Address"),
    gettext_noop("Failed Logins"),
    gettext_noop("Attempt Time"),
    gettext_noop("User Agent"),
    gettext_noop("Logout Time"),
    gettext_noop("Expires At"),
]
