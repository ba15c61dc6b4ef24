"""Printed documents of the training app (training/pdf.py): certificates, sign-in sheet, materials record.

The PDFs are read back with pypdf (text, fonts, page size, images) and with poppler's pdftotext, which reads
the exact text layer (kit.pdf wraps each line in an ActualText span). pypdf reads glyphs only, so it sees
"ำ" (SARA AM) as "า": the pypdf assertions use strings without it, the pdftotext ones use any Thai.
"""

import datetime
import io
import os
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from pypdf import PdfReader

from kit import thai
from tests.registers.helpers import make_person
from tests.training.helpers import training_at
from training import pdf
from training.models import Attendance, Certificate, Enrollment, MaterialReceipt, Step
from training.services import certificates_issue

pytestmark = pytest.mark.django_db

BASE_URL = "https://lampao.go.th"
LONG_FIRST, LONG_LAST = "สุภาวดีรัตนาภรณ์", "ศรีสุวรรณวงศ์ไพบูลย์"
LONG_NAME = f"นางสาว{LONG_FIRST} {LONG_LAST}"


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in read(data).pages)


def pdftotext(data: bytes, *options: str) -> str:
    """The text as poppler's pdftotext reads it (what a user copies from the PDF, a search engine indexes)."""
    assert shutil.which("pdftotext"), "poppler-utils is installed by `make install-test`"
    return subprocess.run(
        ["pdftotext", *options, "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def lines_of(data: bytes) -> list[str]:
    return [line.strip() for line in text_of(data).splitlines()]


def fonts_of(data: bytes) -> dict[str, bool]:
    """Base font name -> whether the font program is embedded (FontFile2, TrueType)."""
    fonts = {}
    for page in read(data).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    return fonts


def forbidden_ids(person) -> list[str]:
    raw = person.national_id
    return [
        raw,
        thai.national_id_format(raw),
        thai.thai_digits(raw),
        thai.thai_digits(thai.national_id_format(raw)),
    ]


def png_bytes(color=(27, 42, 74)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def certified(world, catalogue):
    """A training at step 8 whose first trainee holds a certificate; the trainee has a long name."""
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    certificate = Certificate.objects.get(enrollment__training=training)
    person = certificate.enrollment.person
    person.title, person.first_name, person.last_name = "miss", LONG_FIRST, LONG_LAST
    person.save()
    office = world.office_a
    office.signer_name, office.signer_position = "นายสมชาย ใจดี", f"นายก{office.name}"
    office.save()
    return certificate


def all_certified(world, training):
    """Make every trainee of a step-8 training eligible and issue their certificates."""
    for enrollment in training.enrollments.all():
        for session in training.sessions.all():
            Attendance.objects.update_or_create(
                enrollment=enrollment, session=session, defaults={"hours": session.hours}
            )
        enrollment.post_score = Decimal(90)
        enrollment.save()
    certificates_issue(user=world.admin, training=training)
    return Certificate.objects.filter(enrollment__training=training).order_by("number")


# ---------------------------------------------------------------------------------------------- certificates


def test_certificate_text(certified):
    data = pdf.certificates_pdf(Certificate.objects.filter(pk=certified.pk), base_url=BASE_URL)
    text, lines = text_of(data), lines_of(data)
    training = certified.enrollment.training

    assert LONG_NAME in lines, "the long name must be whole, on one line"
    assert "ให้ไว้เพื่อแสดงว่า" in text
    assert training.certificate_title in text
    assert f"เลขที่ {thai.thai_digits(certified.serial)}" in text
    assert "ได้ผ่านการฝึกอบรมหลักสูตร" in text
    assert "ระหว่างวันที่ ๒๐–๒๑ มกราคม พ.ศ. ๒๕๖๙" in text
    assert "รวม ๑๒ ชั่วโมง" in text
    assert "ให้ไว้ ณ วันที่ ๒๑ มกราคม พ.ศ. ๒๕๖๙" in text
    assert "(นายสมชาย ใจดี)" in text
    assert "หมู่ที่ ๑ บ้านดอนสวรรค์" in text
    for national_id in forbidden_ids(certified.enrollment.person):
        assert national_id not in text


@pytest.mark.parametrize(
    "title, first, last",
    [
        ("miss", LONG_FIRST, LONG_LAST),
        ("mr", "ประเสริฐ", "คำภูษา"),  # SARA AM: shaped as two glyphs
        ("mrs", "กำไล", "น้ำใจดี"),  # SARA AM under a tone mark
        ("mr", "สมศักดิ์", "ปั้นน้ำ"),  # stacked marks: a vowel and a tone mark over one consonant
        ("miss", "ผู้ใหญ่", "ปิ่นฟื้นฝั่ง"),  # tone marks over lower vowels and tall consonants
    ],
)
def test_pdftotext_gives_back_the_name_exactly(certified, title, first, last):
    person = certified.enrollment.person
    person.title, person.first_name, person.last_name = title, first, last
    person.save()
    data = pdf.certificates_pdf([certified], base_url=BASE_URL)
    name = pdf.person_name(person)
    for options in [(), ("-raw",), ("-layout",)]:
        lines = [line.strip() for line in pdftotext(data, *options).splitlines()]
        assert name in lines, (options, lines)
    text = pdftotext(data)
    squeezed = "".join(text.split())  # Thai wraps lines between words without a space
    training = certified.enrollment.training
    assert "".join(training.topic.split()) in squeezed and "ตำบล" in text  # SARA AM in the body text too
    assert "ให้ไว้เพื่อแสดงว่า" in text and "ได้ผ่านการฝึกอบรมหลักสูตร" in text
    for national_id in forbidden_ids(person):
        assert national_id not in text


def test_certificate_links_to_its_verification_page(certified):
    url = pdf.verification_url(certified, BASE_URL + "/")
    assert url == f"{BASE_URL}/verify/{certified.code}/"
    text = text_of(pdf.certificates_pdf([certified], base_url=BASE_URL))
    assert f"/verify/{certified.code}/" in text
    assert "lampao.go.th" in text
    # The holder and whoever receives a copy are told what the code and the address are for.
    assert "ตรวจสอบใบรับรองนี้: สแกนคิวอาร์โค้ด หรือเปิด" in text


def test_certificate_is_a4_landscape_with_sarabun_embedded(certified):
    reader = read(pdf.certificates_pdf([certified], base_url=BASE_URL))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 in points
    fonts = fonts_of(pdf.certificates_pdf([certified], base_url=BASE_URL))
    assert fonts and all("Sarabun" in name for name in fonts), fonts
    assert all(fonts.values()), f"every font must be embedded: {fonts}"
    assert any("Bold" in name for name in fonts)


def test_three_certificates_three_pages_in_one_pdf(world, catalogue):
    training = training_at(world.office_a, Step.CERTIFY)
    certificates = all_certified(world, training)
    assert certificates.count() == 3
    data = pdf.certificates_pdf(certificates, base_url=BASE_URL)
    reader = read(data)
    assert len(reader.pages) == 3
    for page, certificate in zip(reader.pages, certificates, strict=True):
        page_text = page.extract_text()
        assert f"เลขที่ {thai.thai_digits(certificate.serial)}" in page_text
        assert str(certificate.enrollment.person) in page_text
        assert f"/verify/{certificate.code}/" in page_text
        box = page.mediabox
        assert float(box.width) > float(box.height)


def test_certificates_are_read_in_one_query(world, catalogue, django_assert_num_queries):
    training = training_at(world.office_a, Step.CERTIFY)
    certificates = all_certified(world, training)
    with django_assert_num_queries(1):
        pdf.certificates_pdf(certificates, base_url=BASE_URL)
    plain = [Certificate.objects.get(pk=c.pk) for c in certificates]  # a list of bare certificates
    with django_assert_num_queries(6):  # enrollments, people, trainings, villages, sub-districts, offices
        pdf.certificates_pdf(plain, base_url=BASE_URL)


def test_emblem_and_signature_are_read_through_the_storage_api(certified, settings):
    # No local files: with an in-memory storage the images exist only behind open()/read().
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    office = certified.office
    office.emblem.save("emblem.png", ContentFile(png_bytes()), save=False)
    office.signature.save("signature.png", ContentFile(png_bytes((20, 30, 120))), save=False)
    office.save()
    assert type(office.emblem.storage._wrapped).__name__ == "InMemoryStorage"
    assert not os.path.exists(office.emblem.path) and not os.path.exists(office.signature.path)
    data = pdf.certificates_pdf(Certificate.objects.filter(pk=certified.pk), base_url=BASE_URL)
    assert len(read(data).pages[0].images) == 2  # the emblem and the signature (the QR code is vector)


def test_without_emblem_or_signature_nothing_is_drawn(certified):
    data = pdf.certificates_pdf([certified], base_url=BASE_URL)
    assert len(read(data).pages[0].images) == 0


def test_a_missing_emblem_file_does_not_stop_the_batch(certified):
    office = certified.office
    office.emblem.name = "offices/emblems/gone.png"  # recorded, but not in storage
    office.save()
    data = pdf.certificates_pdf(Certificate.objects.filter(pk=certified.pk), base_url=BASE_URL)
    assert LONG_NAME in lines_of(data)


def test_one_day_training_and_attestation_title(certified):
    training = certified.enrollment.training
    training.end_date = training.start_date
    training.hours = Decimal("6.5")
    training.certificate_title = "หนังสือรับรอง"
    training.save()
    text = text_of(pdf.certificates_pdf(Certificate.objects.filter(pk=certified.pk), base_url=BASE_URL))
    assert "หนังสือรับรอง" in text
    assert "เมื่อวันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๙" in text
    assert "รวม ๖.๕ ชั่วโมง" in text


def test_revoked_certificate_is_marked(certified):
    from django.utils import timezone

    certified.revoked_at = timezone.now()
    certified.save()
    assert "ยกเลิกแล้ว" in text_of(pdf.certificates_pdf([certified], base_url=BASE_URL))


def test_no_certificates_is_an_error():
    with pytest.raises(ValueError):
        pdf.certificates_pdf(Certificate.objects.none(), base_url=BASE_URL)


def test_long_names_are_set_smaller_to_stay_on_one_line():
    short = pdf.name_font_size("นายวิชัย ใจดี")
    long = pdf.name_font_size(LONG_NAME)
    longest = pdf.name_font_size("ว่าที่ร้อยตรีหญิงเบญจมาภรณ์ประภัสสรวดี ณ พัทลุงศรีสุวรรณวงศ์ไพบูลย์กุลธร")
    assert short == pdf.NAME_MAX_PT
    assert pdf.NAME_MIN_PT <= longest < long <= short
    for name in (LONG_NAME, "ว่าที่ร้อยตรีหญิงเบญจมาภรณ์ประภัสสรวดี ณ พัทลุงศรีสุวรรณวงศ์ไพบูลย์กุลธร"):
        assert pdf.text_width_em(name) * pdf.name_font_size(name) <= pdf.NAME_WIDTH_PT + 0.5


def test_marks_take_no_width():
    assert pdf.text_width_em("ปู่") == pytest.approx(pdf.text_width_em("ป"))


# ---------------------------------------------------------------------------------------------- Thai formats


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ((2026, 1, 20), (2026, 1, 21), "ระหว่างวันที่ ๒๐–๒๑ มกราคม พ.ศ. ๒๕๖๙"),
        ((2026, 1, 20), (2026, 1, 20), "เมื่อวันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๙"),
        ((2026, 1, 30), (2026, 2, 2), "ระหว่างวันที่ ๓๐ มกราคม – ๒ กุมภาพันธ์ พ.ศ. ๒๕๖๙"),
        ((2025, 12, 30), (2026, 1, 2), "ระหว่างวันที่ ๓๐ ธันวาคม พ.ศ. ๒๕๖๘ – ๒ มกราคม พ.ศ. ๒๕๖๙"),
    ],
)
def test_training_dates(start, end, expected):
    from training.models import Training

    training = Training(start_date=datetime.date(*start), end_date=datetime.date(*end))
    assert pdf.training_dates(training) == expected


def test_training_place(world, catalogue):
    training = training_at(world.office_a, Step.TOPIC)
    training.venue = "ศาลาประชาคม"
    assert pdf.training_place(training) == (
        f"ณ ศาลาประชาคม หมู่ที่ ๑ บ้านดอนสวรรค์ ตำบล{training.village.sub_district.name_th}"
    )


# ---------------------------------------------------------------------------------------------- sign-in sheet


def test_signin_sheet(world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    session = training.sessions.first()
    data = pdf.signin_sheet_pdf(session)
    reader, text = read(data), text_of(data)
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert float(box.height) > float(box.width)  # A4 portrait
    assert "แบบลงทะเบียนผู้เข้ารับการฝึกอบรม" in text
    assert "พริกแปรรูปเพื่อ" in text  # part of the topic without SARA AM (see the module docstring)
    assert "วันที่ ๒๐ มกราคม พ.ศ. ๒๕๖๙" in text
    assert "เวลา ๐๙.๐๐–๑๖.๐๐ น." in text
    assert "ลายมือชื่อ" in text and "ผู้รับรอง" in text
    enrollments = list(training.enrollments.select_related("person"))
    assert len(enrollments) == 3
    for enrollment in enrollments:
        assert str(enrollment.person) in text
        for national_id in forbidden_ids(enrollment.person):
            assert national_id not in text
    names = [
        str(e.person) for e in sorted(enrollments, key=lambda e: (e.person.first_name, e.person.last_name))
    ]
    positions = [text.index(name) for name in names]
    assert positions == sorted(positions), "rows are ordered by name"
    assert all(fonts_of(data).values())


def test_long_signin_sheet_repeats_the_header(world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    for n in range(40):
        person = make_person(training.village, 9000 + n, first_name=f"สมหญิง{n:02d}", last_name="ใจดี")
        Enrollment.objects.create(training=training, person=person)
    reader = read(pdf.signin_sheet_pdf(training.sessions.first()))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert "ลายมือชื่อ" in page.extract_text() and "หมายเหตุ" in page.extract_text()
    assert "สมหญิง39" in reader.pages[-1].extract_text()


# ---------------------------------------------------------------------------------------------- materials


def test_materials_record(world, catalogue):
    training = training_at(world.office_a, Step.EVALUATE)
    first, second, third = training.enrollments.order_by("person__first_name")
    day = datetime.date(2026, 1, 20)
    MaterialReceipt.objects.create(
        enrollment=first, item="พริกแห้ง", quantity=Decimal(2), unit="กิโลกรัม", received_on=day
    )
    MaterialReceipt.objects.create(
        enrollment=first, item="ขวดโหลแก้ว", quantity=Decimal(20), unit="ใบ", received_on=day
    )
    MaterialReceipt.objects.create(
        enrollment=second, item="กระเทียม", quantity=Decimal("1.5"), unit="กิโลกรัม", received_on=day
    )
    data = pdf.materials_pdf(training)
    reader, text = read(data), text_of(data)
    assert len(reader.pages) >= 1
    box = reader.pages[0].mediabox
    assert float(box.height) > float(box.width)
    assert "บันทึกการรับวัสดุฝึกปฏิบัติ" in text
    assert "ลายมือชื่อผู้รับ" in text
    for expected in ("พริกแห้ง", "ขวดโหลแก้ว", "กระเทียม", "๑.๕", "๒๐", "กิโลกรัม", "๒๐ ม.ค. ๒๕๖๙"):
        assert expected in text
    assert "ยังไม่มีรายการวัสดุที่บันทึก" in text  # the third trainee received nothing yet
    # grouped by trainee: each trainee's items follow their name
    assert (
        text.index(str(first.person))
        < text.index("พริกแห้ง")
        < text.index(str(second.person))
        < text.index("กระเทียม")
        < text.index(str(third.person))
    )
    for enrollment in (first, second, third):
        for national_id in forbidden_ids(enrollment.person):
            assert national_id not in text
