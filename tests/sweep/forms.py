"""The forms a page renders (parsed from its HTML) and the hostile values the sweep types into them."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.benchmarks.data import national_id

GOOD_ID = national_id(1234567, 1)  # a national ID with the right check digit
BAD_ID = GOOD_ID[:-1] + str((int(GOOD_ID[-1]) + 1) % 10)  # the same with a wrong one
LONG = "ก" * 10_000

# Typed into every field of every form, one value at a time (all fields at once).
HOSTILE = [
    "",
    LONG,
    "-1",
    "1e30",
    "12345678901234567890",
    "-99999999999999999999",
    "NaN",
    "31/02/2569",
    "0000-00-00",
    "9999-99-99",
    "<script>alert(1)</script>",
    "' \" ;-- ",
    GOOD_ID,
    BAD_ID,
    "๑๒๓",
    "\x00",
]
# Typed into one field at a time, the others holding sensible values (so the form gets as far as the service).
PER_FIELD = {
    "number": ["12345678901234567890", "-1", "1e30"],
    "text": ["12345678901234567890", LONG, "-1"],
    "date": ["31/02/2569", "9999-99-99"],
    "choice": ["12345678901234567890", "-1"],
}
# Junk paging, sorting and format parameters sent to every page a user may open.
JUNK_QUERIES = [
    {"page": "-1", "sort": "__class__", "per_page": "1e30", "format": "../../etc/passwd"},
    {"page": "99999999999999999999", "sort": "-", "per_page": "-1", "format": "junk", "q": LONG},
    {
        "page": "abc",
        "sort": "<script>",
        "per_page": "99999999999999999999",
        "format": "csv",
        "o": "'",
        "q": BAD_ID,
    },
]
# Fields that steer the request rather than carry data: the sweep keeps what the page rendered. A hidden
# `next` (where to go back to) is typed into like any field: it comes from the browser and may hold anything.
STEERING = {"action", "csrfmiddlewaretoken", "anchor"}


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list = field(default_factory=list)
    placeholder: str = ""
    multiple: bool = False
    inputmode: str = ""


@dataclass
class Form:
    method: str
    action: str
    fields: list = field(default_factory=list)

    def signature(self):
        steering = tuple(sorted((f.name, f.value) for f in self.fields if f.name == "action"))
        return self.method, self.action, steering, tuple(sorted({f.name for f in self.fields}))

    def sensible(self) -> dict:
        """What a careful user would submit: the rendered values, or a plausible value per field type."""
        data = {}
        for f in self.fields:
            if f.kind in ("submit", "button", "reset", "image"):
                continue
            value = _sensible(f)
            if value is None:
                continue
            if f.kind in ("checkbox",) or f.multiple:
                data.setdefault(f.name, []).append(value)
            else:
                data.setdefault(f.name, value)
        return data

    def typed(self):
        """The fields a user fills (one per name: a group of checkboxes is one field)."""
        fields = {}
        for f in self.fields:
            if f.name not in STEERING and f.kind not in ("submit", "button", "reset", "image"):
                fields.setdefault(f.name, f)
        return list(fields.values())

    def all_hostile(self, value) -> dict:
        data = self.sensible()
        for f in self.typed():
            data[f.name] = hostile_file() if f.kind == "file" else value
        return data

    def one_hostile(self, name, value) -> dict:
        data = self.sensible()
        data[name] = value
        return data


def per_field_values(f: Field) -> list[str]:
    """The hostile values worth typing into this one field while the others hold sensible values."""
    if f.kind == "file":
        return []
    if f.kind == "date" or "ปปปป" in f.placeholder:
        return PER_FIELD["date"]
    if f.kind in ("select", "checkbox", "radio", "hidden"):
        return PER_FIELD["choice"]
    return PER_FIELD["number" if f.kind == "number" or f.inputmode in ("numeric", "decimal") else "text"]


def hostile_file():
    return SimpleUploadedFile("<script>'.xlsx", b"<script>alert(1)</script>\x00" * 10)


def _sensible(f: Field):
    if f.kind == "file":
        return None
    if f.kind == "select":
        chosen = [v for v, selected in f.options if selected] or [v for v, _ in f.options if v]
        return chosen[0] if chosen else ""
    if f.kind in ("checkbox", "radio"):
        return f.value or "on"
    if f.value:
        return f.value
    today = timezone.localdate()
    if "ปปปป" in f.placeholder or f.kind == "date":
        return (
            f"{today.day:02d}/{today.month:02d}/{today.year + 543}" if f.kind != "date" else today.isoformat()
        )
    if f.inputmode in ("numeric", "decimal"):
        return "1"
    return {
        "number": "1",
        "email": "somchai@example.com",
        "tel": "0812345678",
        "time": "09:00",
        "hidden": "",
        "password": "correct-horse-2569",
    }.get(f.kind, "ทดสอบ")


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea, self.option = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(method=(a.get("method") or "get").lower(), action=a.get("action") or "")
            self.forms.append(self.form)
        elif self.form is None or not a.get("name") and tag != "option":
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "radio" and any(f.name == a["name"] for f in self.form.fields):
                return  # a group of radios is one field: the first one is the sensible choice
            self.form.fields.append(
                Field(
                    a["name"],
                    kind,
                    a.get("value") or "",
                    placeholder=a.get("placeholder") or "",
                    inputmode=a.get("inputmode") or "",
                )
            )
        elif tag == "select":
            self.select = Field(a["name"], "select", multiple="multiple" in a)
            self.form.fields.append(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [a.get("value"), "selected" in a, ""]
            self.select.options.append(self.option)
        elif tag == "textarea":
            self.textarea = Field(a["name"], "textarea", placeholder=a.get("placeholder") or "")
            self.form.fields.append(self.textarea)
        elif tag == "button" and a.get("name"):
            self.form.fields.append(
                Field(a["name"], "hidden" if a["name"] in STEERING else "submit", a.get("value") or "")
            )

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data
        elif self.option is not None:
            self.option[2] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            if self.select is not None:
                self.select.options = [
                    (v if v is not None else text.strip(), sel) for v, sel, text in self.select.options
                ]
            self.select = None
        elif tag == "option":
            self.option = None
        elif tag == "textarea":
            self.textarea = None


def parse_forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms
