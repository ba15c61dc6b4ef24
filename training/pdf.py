"""Printed documents of the training app, rendered with WeasyPrint (kit/pdf.py).

- `certificates_pdf`: the certificates (วุฒิบัตร / เกียรติบัตร / หนังสือรับรอง), one A4 landscape page each,
  all in one PDF from one render;
- `signin_sheet_pdf`: the sign-in sheet of one session (แบบลงทะเบียนผู้เข้ารับการฝึกอบรม);
- `materials_pdf`: the signed record of practice materials (บันทึกการรับวัสดุฝึกปฏิบัติ).

Thai government documents: Thai literal text, Thai digits, Buddhist Era dates, rendered through kit.pdf
(Sarabun embedded, an exact text layer). Images (emblem, signature) are read through Django's storage API and
inlined as data: URIs, so any storage backend works. Never the national ID.
"""

import math
from decimal import Decimal

from kit import pdf as printing
from kit import thai

text_width_em = printing.text_width_em  # re-exported: the tests and the name sizing use it
name_parts = printing.name_parts

# The trainee's name on a certificate: the largest size, and the width it may take (the page's text column,
# A4 landscape less the margins and the frame, with some room to spare).
NAME_MAX_PT = 34
NAME_MIN_PT = 16
NAME_WIDTH_PT = 600
# The line "ได้ผ่านการฝึกอบรมหลักสูตร “…”" takes two lines of the column at 17 pt; a longer topic is set at 15 pt.
TOPIC_LINE_EM = 37


# ---------------------------------------------------------------------------------------------- helpers


def name_font_size(name: str) -> float:
    """The largest size (pt) up to NAME_MAX_PT at which `name` fits NAME_WIDTH_PT on one line."""
    width = printing.text_width_em(name)
    if width <= 0:
        return NAME_MAX_PT
    return max(NAME_MIN_PT, min(NAME_MAX_PT, math.floor(NAME_WIDTH_PT / width * 10) / 10))


def _number(value) -> str:
    """12.00 -> ๑๒, 7.50 -> ๗.๕ (Thai digits, no trailing zeros)."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value.quantize(Decimal(1))}" if value == value.to_integral() else f"{value.normalize():f}"
    return thai.thai_digits(text)


def _date_long(value) -> str:
    return thai.thai_digits(thai.date_long(value))


def training_dates(training) -> str:
    """'ระหว่างวันที่ ๒๐–๒๑ มกราคม พ.ศ. ๒๕๖๙', or 'เมื่อวันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๙' for one day."""
    start, end = training.start_date, training.end_date or training.start_date
    if not start:
        return ""
    if start == end:
        return f"เมื่อวันที่ {_date_long(start)}"
    if (start.year, start.month) == (end.year, end.month):
        span = f"{start.day}–{end.day} {thai.MONTHS_LONG[end.month - 1]} พ.ศ. {thai.be_year(end)}"
    elif start.year == end.year:
        span = (
            f"{start.day} {thai.MONTHS_LONG[start.month - 1]} – "
            f"{end.day} {thai.MONTHS_LONG[end.month - 1]} พ.ศ. {thai.be_year(end)}"
        )
    else:
        span = f"{thai.date_long(start)} – {thai.date_long(end)}"
    return f"ระหว่างวันที่ {thai.thai_digits(span)}"


def training_place(training, *, prefix: str = "ณ ") -> str:
    """'ณ ศาลาประชาคม หมู่ที่ ๑ บ้านดอนสวรรค์ ตำบลลำปาว'"""
    parts = [training.venue.strip()] if training.venue and training.venue.strip() else []
    village = training.village
    if village is not None:
        parts.append(f"หมู่ที่ {thai.thai_digits(village.number)} {village.name}".strip())
        if village.sub_district_id:
            parts.append(f"ตำบล{village.sub_district.name_th}")
    return f"{prefix}{' '.join(parts)}" if parts else ""


def person_name(person) -> str:
    """Title + first + last name: 'นางสาวสุภาวดี ศรีสุข' (never the national ID)."""
    return f"{person.display_title}{person.first_name} {person.last_name}".strip()


def _village_label(person) -> list[dict]:
    """'ม.๑ บ้านดอนสวรรค์' as parts for a table cell (see name_parts)."""
    village = getattr(person, "village", None)
    if village is None:
        return []
    return [
        {"text": f"ม.{thai.thai_digits(village.number)}", "nowrap": True},
        {"text": village.name, "nowrap": printing.text_width_em(village.name, 400) <= 8},
    ]


def _signer(office) -> dict:
    return {
        "name": office.signer_name.strip(),
        "position": office.signer_position.strip(),
        "signature": printing.data_uri(office.signature),
    }


# ---------------------------------------------------------------------------------------------- certificates


def verification_url(certificate, base_url: str) -> str:
    """The public page that confirms the certificate: <base_url>/verify/<code>/ (the code is URL-safe)."""
    return f"{base_url.rstrip('/')}/verify/{certificate.code}/"


CERTIFICATE_RELATED = ("enrollment__person", "enrollment__training__village__sub_district", "office")


def _certificate_context(certificate, base_url: str, offices: dict) -> dict:
    enrollment = certificate.enrollment
    training, person = enrollment.training, enrollment.person
    office = certificate.office
    if office.pk not in offices:  # read each office's emblem and signature once per batch
        offices[office.pk] = {
            "emblem": printing.data_uri(office.emblem),
            "signer": _signer(office),
            "name": office.name,
        }
    url = verification_url(certificate, base_url)
    host, path = printing.printed_address(url)
    name = person_name(person)
    title = training.certificate_title or "วุฒิบัตร"
    hours = _number(training.hours) if training.hours else ""
    return {
        "office": offices[office.pk],
        "title": title,
        "name": name,
        "name_size": name_font_size(name),
        "topic": training.topic,
        "long_topic": printing.text_width_em(f"ได้ผ่านการฝึกอบรมหลักสูตร “{training.topic}”") > 2 * TOPIC_LINE_EM,
        "dates": training_dates(training),
        "hours": f"รวม {hours} ชั่วโมง" if hours else "",
        "place": training_place(training),
        "given_on": f"ให้ไว้ ณ วันที่ {_date_long(certificate.issued_on)}" if certificate.issued_on else "",
        "serial": f"เลขที่ {thai.thai_digits(certificate.serial)}",
        "blessing": title != "หนังสือรับรอง",
        "qr": printing.qr_data_uri(url, dark="#1b2a4a"),
        "url_host": host,
        "url_path": path,
        "revoked": certificate.revoked_at is not None,
    }


def certificates_pdf(certificates, *, base_url: str) -> bytes:
    """One A4 landscape page per certificate, all in one PDF (one WeasyPrint render for the batch).

    `certificates`: a queryset or a list of training.models.Certificate; `base_url`: the site's public address
    (e.g. "https://lampao.go.th"), for the verification QR code.
    """
    if hasattr(certificates, "select_related"):
        certificates = list(certificates.select_related(*CERTIFICATE_RELATED))
    else:  # a list: load what is missing in a few queries, not a few per certificate
        from django.db.models import prefetch_related_objects

        certificates = list(certificates)
        prefetch_related_objects(certificates, *CERTIFICATE_RELATED)
    if not certificates:
        raise ValueError("No certificates to print.")
    offices: dict = {}
    pages = [_certificate_context(c, base_url, offices) for c in certificates]
    return printing.render("training/pdf/certificates.html", {"certificates": pages})


# ---------------------------------------------------------------------------------------------- sign-in sheet


def _time(value) -> str:
    return thai.thai_digits(f"{value:%H.%M}")


def signin_sheet_pdf(session) -> bytes:
    """แบบลงทะเบียนผู้เข้ารับการฝึกอบรม for one session: one row per trainee, a blank signature column."""
    from training.models import Enrollment, Session

    session = Session.objects.select_related("training__village__sub_district", "training__office").get(
        pk=session.pk
    )
    training = session.training
    enrollments = (
        Enrollment.objects.filter(training=training)
        .select_related("person__village")
        .order_by("person__first_name", "person__last_name", "pk")
    )
    rows = [
        {
            "number": thai.thai_digits(i),
            "name": person_name(e.person),
            "name_parts": name_parts(e.person, 11.5),
            "village": _village_label(e.person),
        }
        for i, e in enumerate(enrollments, start=1)
    ]
    return printing.render(
        "training/pdf/signin_sheet.html",
        {
            "office": training.office,
            "topic": training.topic,
            "session_title": session.title,
            "date": f"วันที่ {_date_long(session.date)}",
            "time": f"เวลา {_time(session.start_time)}–{_time(session.end_time)} น.",
            "place": training_place(training, prefix=""),
            "rows": rows,
            "count": thai.thai_digits(len(rows)),
        },
    )


# ---------------------------------------------------------------------------------------------- materials


def materials_pdf(training) -> bytes:
    """บันทึกการรับวัสดุฝึกปฏิบัติ: each trainee's practice materials, grouped by trainee, with a signature column."""
    from django.db.models import Prefetch

    from training.models import Enrollment, MaterialReceipt, Training

    training = Training.objects.select_related("village__sub_district", "office").get(pk=training.pk)
    enrollments = (
        Enrollment.objects.filter(training=training)
        .select_related("person__village")
        .prefetch_related(
            Prefetch("materials", queryset=MaterialReceipt.objects.order_by("received_on", "pk"))
        )
        .order_by("person__first_name", "person__last_name", "pk")
    )
    groups = []
    for i, enrollment in enumerate(enrollments, start=1):
        items = [
            {
                "item": m.item,
                "quantity": _number(m.quantity),
                "unit": m.unit,
                "received_on": thai.thai_digits(thai.date_short(m.received_on)),
            }
            for m in enrollment.materials.all()
        ]
        groups.append(
            {
                "number": thai.thai_digits(i),
                "name": person_name(enrollment.person),
                "name_parts": name_parts(enrollment.person, 8.1),
                "village": _village_label(enrollment.person),
                "items": items,
                "span": max(len(items), 1),
            }
        )
    return printing.render(
        "training/pdf/materials.html",
        {
            "office": training.office,
            "topic": training.topic,
            "dates": training_dates(training),
            "place": training_place(training),
            "groups": groups,
            "count": thai.thai_digits(len(groups)),
            "item_count": thai.thai_digits(sum(len(g["items"]) for g in groups)),
        },
    )
