"""Every URL, as every role, with hostile input.

The URL patterns come from the resolver (so a new app's pages are swept without touching this file); their
parameters are filled with real objects of office A (Kalasin) and office B (Chiang Mai), declared in
tests/sweep/objects.py. Each page is requested (GET, and POST where the view takes it) as anonymous and as
each role; every form the page renders is submitted with hostile values, and every page gets junk paging,
sorting and format parameters. The sweep asserts:

- no 5xx anywhere (nor on the page a successful POST redirects to: saved junk must not break a page);
- no 200 (nor an accepted POST) for an object outside the user's area;
- anonymous users reach only the pages declared public (kit/access.py), else a redirect to the login or a 404;
- every other refusal (400, 403, 409, ...) is a page with a Thai message;
- every refused action on a staff page (a 403, for a page or a POST) shows the policy's Thai reason.

The world and its objects are built once for the module (tests/sweep/objects.py), inside a transaction rolled
back after the module's last test; each role's sweep runs inside a savepoint of it, and each of its requests
inside a savepoint rolled back at once, so no request sees what another one saved.
"""

import copy
import html
import logging
import os
import re
import time
import traceback
from dataclasses import dataclass
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.template.base import Template
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import translation

from kit.access import is_public
from kit.policy import reasons
from tests.sweep.forms import BAD_ID, GOOD_ID, HOSTILE, JUNK_QUERIES, LONG, parse_forms, per_field_values
from tests.sweep.objects import CROSS_AREA, KWARGS, UNSCOPED, build_objects

ROLES = ["anonymous", "tao_a", "tao_a2", "tao_b", "district_a", "province_a", "province_b", "admin"]
# Who may see the objects of each side, and who must get a 404 for them.
IN_SCOPE = {"a": {"tao_a", "district_a", "province_a", "admin"}, "b": {"tao_b", "province_b", "admin"}}
OUT_OF_SCOPE = {"a": {"tao_a2", "tao_b", "province_b"}, "b": {"tao_a", "tao_a2", "district_a", "province_a"}}
THAI = re.compile("[\u0e01-\u0e5b]")
VALUE_NAMES = {
    LONG: "10,000 chars",
    GOOD_ID: "13 digits, right check digit",
    BAD_ID: "13 digits, wrong check digit",
    "": "empty",
    "\x00": "NUL",
}
# Django's admin internals left out of the sweep, each with its reason.
EXCLUDED = {
    "admin:view_on_site": (
        "the admin's 'view on site' redirect; our models have no get_absolute_url shown there"
    ),
}
# Patterns without a name, with the path that reaches them (the admin's old-style object URLs, redirects to
# the change page, are filled by `_unnamed_path`).
UNNAMED = {"admin/(?P<url>.*)$": "/admin/no-such-page/"}
# Forms posting to these leave the session (not hostile input; the sweep keeps its login).
SKIP_FORM_TARGETS = {"logout", "admin:logout", "set_language"}


# --- discovery ----------------------------------------------------------------------------------------------


@dataclass
class Route:
    name: str | None  # "registry:person_detail"; None for an unnamed pattern
    route: str  # the whole pattern, for messages
    kwargs: tuple  # parameter names the URL needs
    callback: object


def all_routes(patterns=None, prefix="", namespace=""):
    routes = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            routes += all_routes(p.url_patterns, prefix + str(p.pattern), ns)
            continue
        assert isinstance(p, URLPattern)
        whole = prefix + str(p.pattern)
        names = set(re.findall(r"<(?:\w+:)?(\w+)>", whole)) | set(re.findall(r"\(\?P<(\w+)>", whole))
        routes.append(
            Route(
                f"{namespace}{p.name}" if p.name else None,
                whole,
                tuple(sorted(names - set(p.default_args))),
                p.callback,
            )
        )
    return routes


def _admin_kwarg(route, kwarg, objects, side):
    """Admin pages: the object is any row of the admin's model (admins see every area)."""
    from django.contrib import admin

    if kwarg == "app_label":
        return "registry"
    models = [
        m
        for m in admin.site._registry
        if route.route.startswith(f"admin/{m._meta.app_label}/{m._meta.model_name}/")
    ]
    if kwarg in ("object_id", "id") and models:
        for obj in objects[side].values():
            if isinstance(obj, models[0]):
                return str(obj.pk)
        first = models[0]._default_manager.order_by("pk").first()
        return str(first.pk) if first else "1"
    raise KeyError(kwarg)


def fill(route, objects, side):
    """The route's URL for `side`'s objects; KeyError names an undeclared parameter."""
    if route.name is None:
        return _unnamed_path(route)
    kwargs = {}
    for kwarg in route.kwargs:
        if route.name.startswith("admin:"):
            kwargs[kwarg] = _admin_kwarg(route, kwarg, objects, side)
            continue
        key = KWARGS[route.name][kwarg]
        value = objects[side][key] if objects else key
        kwargs[kwarg] = getattr(value, "pk", value)
    return reverse(route.name, kwargs=kwargs) if objects else kwargs


def _unnamed_path(route):
    if route.route in UNNAMED:
        return UNNAMED[route.route]
    if (
        route.route.startswith("admin/")
        and route.route.endswith("/<path:object_id>/")
        and "(?P" not in route.route
    ):
        return "/" + route.route.replace("<path:object_id>", "1")
    raise KeyError(route.route)


def scoped(route):
    return (
        bool(route.kwargs)
        and not route.name.startswith("admin:")
        and not all(KWARGS[route.name][k] in UNSCOPED for k in route.kwargs)
    )


def swept_routes():
    return [r for r in all_routes() if r.name not in EXCLUDED]


def test_every_url_parameter_is_declared():
    """A new URL with a parameter the sweep cannot fill fails here: declare it in tests/sweep/objects.py."""
    missing = []
    for route in swept_routes():
        if route.name is None:
            try:
                _unnamed_path(route)
            except KeyError:
                missing.append(f"unnamed pattern {route.route}: add a sample path to UNNAMED")
            continue
        for kwarg in route.kwargs:
            if route.name.startswith("admin:"):
                if kwarg not in ("object_id", "id", "app_label"):
                    missing.append(f"{route.name}: {kwarg}")
            elif kwarg not in KWARGS.get(route.name, {}) or KWARGS[route.name][kwarg] == "?":
                missing.append(f"{route.name}: {kwarg} (declare it in tests/sweep/objects.py KWARGS)")
    assert not missing, missing
    # The sweep covers every app's pages, public ones and the admin's main pages.
    names = {r.name for r in swept_routes()}
    assert {
        "home",
        "registry:person_list",
        "training:detail",
        "groups:detail",
        "verify",
        "admin:index",
        "admin:registry_user_change",
        "admin:registry_user_add",
    } <= names


def test_public_pages_are_declared_in_the_app():
    public = sorted(r.name for r in swept_routes() if r.name and is_public(resolve(_sample_path(r))))
    assert public == sorted(
        [
            "about",
            "healthz",
            "login",
            "logout",
            "set_language",
            "admin:login",
            "admin:logout",
            "certificate_lookup",
            "certificate_download",
            "verify",
            "verify_json",
            "survey",
            "grants:status",
            "grants:public_list",
            "first_sign_in",  # the one-time code's sign-in and the e-mailed link (registry/views/signin.py)
            "signin_link",
        ]
    )


def _sample_path(route):
    kwargs = {k: ("abcdefgh123" if k in ("code", "token") else "1") for k in route.kwargs}
    for uuid_kwarg in re.findall(r"<uuid:(\w+)>", route.route):  # a grant file's, an export's id is a UUID
        kwargs[uuid_kwarg] = "00000000-0000-0000-0000-000000000001"
    if "app_label" in kwargs:
        kwargs["app_label"] = "registry"
    return reverse(route.name, kwargs=kwargs)


# --- the sweep ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    name: str
    method: str
    field: str
    value: str
    role: str
    status: int
    what: str

    def __str__(self):
        return (
            f"{self.name} {self.method} {self.field}={self.value!r} as {self.role}: {self.status} {self.what}"
        )


def policy_reason(body: str) -> bool:
    """Whether the page carries one of the policies' refusal sentences, in Thai (kit/policy.py `reasons`)."""
    with translation.override("th"):
        # Any "%(name)s" (an office, a village, a year) stands for a name.
        patterns = [re.sub(r"%\\\(\w+\\\)s", ".+?", re.escape(sentence)) for sentence in reasons()]
    return any(re.search(pattern, html.unescape(body)) for pattern in patterns)


def _writes(sql: str) -> bool:
    """A statement that changes a record (not the session or the audit of a refused change)."""
    head = sql.lstrip()[:40].upper()
    return head.startswith(("INSERT", "UPDATE", "DELETE")) and "django_session" not in sql[:80]


def _recording(statements):
    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    return record


def _label(value):
    if not isinstance(value, str):
        return "file"
    return VALUE_NAMES.get(value, value)


class Sweep:
    def __init__(self, world, objects):
        self.world, self.objects = world, objects
        self.users = {"anonymous": None, **world.users()}
        self.client = Client(raise_request_exception=False)
        self.problems: list[Problem] = []
        self.seen_forms = set()
        self.requests = 0
        self.sign_ins = 0
        self.timing = {}

    def login(self, role):
        self.client.logout()
        if self.users[role] is not None:
            self.client.force_login(self.users[role])
            self.sign_ins += 1
        self.role = role
        self.signed_in_cookies = copy.deepcopy(self.client.cookies)

    def still_signed_in(self):
        """After a POST, the state of a fresh sign-in, without signing in again when nothing needs it.

        Every request is rolled back, so the session's row is as it was at sign-in; only a POST that ended or
        cycled the session (logout, password change) left the browser another session cookie: sign in again
        then. Otherwise the cookies go back to those of the sign-in (no message or CSRF cookie carried to the
        next request), which is what signing in again gave, for ten fewer queries a POST."""
        name = settings.SESSION_COOKIE_NAME
        if (
            self.client.cookies.get(name) is None
            or self.client.cookies[name].value != self.signed_in_cookies[name].value
        ):
            self.login(self.role)
        else:
            self.client.cookies = copy.deepcopy(self.signed_in_cookies)

    # One request, rolled back, checked against the rules that hold everywhere.
    def request(
        self, method, url, data=None, *, name, field="", value="", side=None, scoped_url=False, follow=False
    ):
        self.requests += 1
        started = time.monotonic()
        with transaction.atomic():
            # The statements' SQL only (CaptureQueriesContext would also render every statement with its
            # parameters, which on SQLite costs one more query each).
            statements = []
            with connection.execute_wrapper(_recording(statements)):
                if method == "GET":
                    response = self.client.get(url, data or {})
                else:
                    response = self.client.post(url, data or {})
            followed = None
            # After a POST that saved something, the page it leads to must still open (junk saved must not
            # break it).
            if follow and response.status_code == 302 and any(_writes(sql) for sql in statements):
                target = urlsplit(response["Location"]).path
                if target and not target.startswith(("/accounts/login", "/admin/login")):
                    followed = self.client.get(target)
            transaction.set_rollback(True)
        self.timing[name] = self.timing.get(name, 0) + time.monotonic() - started
        self.check(
            response, method, url, name=name, field=field, value=value, side=side, scoped_url=scoped_url
        )
        if followed is not None and followed.status_code >= 500:
            self.problem(
                name,
                method,
                field,
                value,
                followed.status_code,
                f"the page it redirects to fails: {self._error(followed)}",
            )
        if method == "POST" and self.role != "anonymous":
            self.still_signed_in()  # a POST may have ended the session (password change, logout)
        return response

    def problem(self, name, method, field, value, status, what):
        self.problems.append(Problem(name, method, field, _label(value), self.role, status, what))

    @staticmethod
    def _error(response):
        if getattr(response, "exc_info", None):
            exc = response.exc_info[1]
            frame = traceback.extract_tb(response.exc_info[2])[-1]
            return (
                f"{type(exc).__name__}: {str(exc)[:120]} ({frame.filename.rsplit('/', 2)[-1]}:{frame.lineno})"
            )
        return ""

    def check(self, response, method, url, *, name, field, value, side, scoped_url):
        status, role = response.status_code, self.role

        def say(what):
            return self.problem(name, method, field, value, status, what)

        if status >= 500:
            return say(f"server error {self._error(response)}")
        public = is_public(resolve(urlsplit(url).path))
        if role == "anonymous" and not public:
            location = response.get("Location", "")
            if status == 302 and urlsplit(location).path in (reverse("login"), reverse("admin:login")):
                return
            if status not in (404, 405):
                return say(f"anonymous reached a page not declared public ({location})")
            return
        if scoped_url and role in OUT_OF_SCOPE[side]:
            if status == 200:
                return say("another area's object answered 200")
            if status in (301, 302, 303) and method == "POST":
                return say(f"a POST on another area's object was accepted ({response.get('Location')})")
        if 400 <= status < 500 and status not in (404, 405):
            body = response.content.decode(errors="replace")
            if not THAI.search(body):
                say(f"refusal without a Thai message: {body[:80]!r}")
            # The Django admin refuses by its own model permissions (read-only log models); the app's pages
            # ask the policy.
            if status == 403 and not public and not name.startswith("admin:") and not policy_reason(body):
                say(f"a refusal without the policy's reason: {body[:80]!r}")

    def hostile(self, name):
        """Hostile input is typed once per page: by the office that owns the objects (every form of the TAO's
        pages), by the admin on the admin's pages, by anonymous on the public pages (the other roles see the
        same forms or none; they are swept for access and scope)."""
        if name.startswith("admin:"):
            return self.role == "admin"
        return self.role in ("tao_a", "anonymous")

    # Everything one role does on one URL.
    def visit(self, route, url, side):
        name = route.name or route.route
        kw = {"name": name, "side": side, "scoped_url": scoped(route) if route.name else False}
        response = self.request("GET", url, **kw)
        self.request("POST", url, {}, **kw, field="(no data)")
        if response.status_code != 200 or side == "b" or not self.hostile(name):
            return
        for junk in JUNK_QUERIES:
            self.request("GET", url, junk, **kw, field="&".join(junk), value="junk")
        if not response.get("Content-Type", "").startswith("text/html"):
            return
        for form in parse_forms(response.content.decode()):
            self.submit(form, url, name)

    def submit(self, form, page_url, page_name):
        target = form.action or page_url
        try:
            match = resolve(urlsplit(target).path)
        except Resolver404:
            return
        if match.view_name in SKIP_FORM_TARGETS:
            return
        signature = (self.role, match.view_name, form.signature()[2:])
        if signature in self.seen_forms:
            return
        self.seen_forms.add(signature)
        method = "POST" if form.method == "post" else "GET"
        name = f"{match.view_name}" + (f"[{form.signature()[2][0][1]}]" if form.signature()[2] else "")
        kw = {"name": name, "follow": method == "POST"}
        if not form.typed():
            self.request(method, target, form.sensible(), **kw, field="(as rendered)")
            return
        for value in HOSTILE:
            self.request(method, target, form.all_hostile(value), **kw, field="*", value=value)
        for f in one_per_field(form.typed()):
            for value in per_field_values(f):
                self.request(
                    method,
                    target,
                    form.one_hostile(f.name, value),
                    **kw,
                    field=re.sub(r"\d+", "N", f.name),
                    value=value,
                )
        if method == "POST" and self.role != "anonymous":
            self.cross_area(form, target, name)

    def cross_area(self, form, target, name):
        """Office B's records typed into office A's form: the form must refuse them (no success message)."""
        action = dict(form.signature()[2]).get("action", "")
        for f in form.typed():
            for key in CROSS_AREA.get(f.name, ()) or CROSS_AREA.get(f"{action}.{f.name}", ()):
                other = self.objects["b"][key]
                with transaction.atomic():
                    response = self.client.post(target, form.one_hostile(f.name, str(other.pk)))
                    page = (
                        self.client.get(urlsplit(response["Location"]).path)
                        if response.status_code == 302
                        else None
                    )
                    transaction.set_rollback(True)
                self.requests += 2
                self.still_signed_in()
                if response.status_code >= 500 or (page is not None and page.status_code >= 500):
                    self.problem(
                        name,
                        "POST",
                        f.name,
                        f"office B's {key}",
                        response.status_code,
                        "server error " + self._error(response if response.status_code >= 500 else page),
                    )
                elif (
                    page is not None and "alert-success alert-dismissible" in page.content.decode()
                ):  # messages.html
                    self.problem(
                        name,
                        "POST",
                        f.name,
                        f"office B's {key}",
                        response.status_code,
                        "accepted a record of another area",
                    )


def one_per_field(fields):
    """The fields that take one hostile value at a time: every field of the form, but of a formset's rows
    ("lines-0-amount", "lines-1-amount", ...) only the first and the last, which are the same field; the
    first is usually a saved row and the last an empty one, which a form checks differently. Every row still
    gets each hostile value in the all-at-once pass."""
    rows = {}
    for f in fields:
        rows.setdefault(re.sub(r"\d+", "N", f.name), []).append(f)
    return [f for same in rows.values() for f in (same[:1] + same[1:][-1:])]


def _render_uninstrumented(self, context):
    """Template._render as Django has it outside tests: the test runner's version signals every template and
    include rendered, and the test client copies each one's context; the sweep reads neither."""
    return self.nodelist.render(context)


def _sweep(world, objects, roles):
    sweep = Sweep(world, objects)
    routes = swept_routes()
    with mock.patch.object(Template, "_render", _render_uninstrumented):
        for role in roles:
            sweep.login(role)
            for route in routes:
                sides = ["a", "b"] if route.kwargs else [None]
                for side in sides:
                    url = fill(route, objects, side or "a")
                    sweep.visit(route, url, side)
    return sweep


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """(world, objects), built once for the module inside a transaction that is rolled back after its last
    test."""
    from registry.catalogue import ensure_catalogue
    from registry.models import Occupation
    from tests.scoping import ScopeWorld

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            ensure_catalogue(Occupation)
            world = ScopeWorld.build()
            objects = build_objects(world, {o.name: o for o in Occupation.objects.all()})
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield world, objects
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(built, db):
    """The module's world (tests/conftest.py builds one per test elsewhere); each test runs in a savepoint of
    it."""
    return built[0]


@pytest.fixture
def swept_objects(built, db):
    return built[1]


@pytest.mark.parametrize("role", ROLES)
def test_sweep(world, swept_objects, role, caplog):
    started, cpu = time.monotonic(), time.process_time()
    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    try:
        sweep = _sweep(world, swept_objects, [role])
    finally:
        logging.getLogger("django.request").setLevel(logging.NOTSET)
    if os.environ.get("SWEEP_REPORT"):  # a directory: every problem found, one file per role
        with open(os.path.join(os.environ["SWEEP_REPORT"], f"{role}.txt"), "w") as out:
            out.write("\n".join(str(p) for p in dict.fromkeys(sweep.problems)))
    print(
        f"{role}: {sweep.requests} requests ({sweep.sign_ins} sign-ins) "
        f"in {time.monotonic() - started:.1f} s "
        f"({time.process_time() - cpu:.1f} s of CPU in this process)"
    )
    print(sorted(((round(t, 1), n) for n, t in sweep.timing.items()), reverse=True)[:25])
    assert not sweep.problems, "\n".join(str(p) for p in dict.fromkeys(sweep.problems))


def test_static_and_media_paths(client, world):
    """Static files are served to anyone (no 5xx for odd paths); uploaded files never by URL (see
    config/urls.py)."""
    paths = [
        "/static/css/app.css",
        "/static/no-such-file.js",
        "/static/../config/settings.py",
        "/static/%00",
        "/static/" + "a" * 2000,
        "/media/",
        "/media/receipts/1/receipt.pdf",
        "/media/../db.sqlite3",
        "/media/certificates/batch.pdf",
    ]
    for role in (None, world.tao_a):
        if role:
            client.force_login(role)
        for path in paths:
            response = client.get(path)
            assert response.status_code < 500, (path, response.status_code)
            if path.startswith("/media/"):
                assert response.status_code in (302, 404), (path, response.status_code)


def test_the_sweep_catches_each_kind_of_failure(world):
    """The sweep's rules on made-up answers: each kind of failure is reported, a proper refusal is not."""
    from django.http import HttpResponse, HttpResponseRedirect

    sweep = Sweep(world, {})
    people, login = reverse("registry:person_list"), reverse("login")
    cases = [  # (role, answer, url, side, scoped, reported)
        ("tao_a", HttpResponse(status=500), people, None, False, True),
        ("anonymous", HttpResponse("<p>ทะเบียน</p>"), people, None, False, True),
        ("anonymous", HttpResponseRedirect(f"{login}?next={people}"), people, None, False, False),
        ("anonymous", HttpResponse("ok"), reverse("about"), None, False, False),
        (
            "tao_b",
            HttpResponse("<p>ทะเบียน</p>"),
            reverse("registry:person_detail", args=[1]),
            "a",
            True,
            True,
        ),
        ("tao_b", HttpResponse(status=404), reverse("registry:person_detail", args=[1]), "a", True, False),
        (
            "province_a",
            HttpResponse("<p>ทะเบียน</p>"),
            reverse("registry:person_detail", args=[1]),
            "a",
            True,
            False,
        ),
        ("tao_a", HttpResponse("Forbidden", status=403), people, None, False, True),
        # A Thai refusal that is not one of the policies' reasons, then one that is.
        ("tao_a", HttpResponse("<p>ไม่มีสิทธิ์ใช้หน้านี้</p>", status=403), people, None, False, True),
        (
            "tao_a",
            HttpResponse("<p>คุณไม่มีสิทธิ์แก้ไขรายการนี้ เพราะอยู่นอกพื้นที่ที่คุณรับผิดชอบ</p>", status=403),
            people,
            None,
            False,
            False,
        ),
    ]
    for role, answer, url, side, scoped_url, reported in cases:
        sweep.role, before = role, len(sweep.problems)
        sweep.check(answer, "GET", url, name="x", field="", value="", side=side, scoped_url=scoped_url)
        assert (len(sweep.problems) > before) == reported, (role, answer.status_code, url)
