"""Public pages: certificate lookup and download, verification from the QR code, the satisfaction survey."""

import datetime
import io
import json
import re
import time

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from kit import thai
from tests.benchmarks.data import national_id
from tests.training.helpers import new_training, training_at
from training import public
from training.models import Certificate, Enrollment, PublicLookupAttempt, SatisfactionResponse, Step

pytestmark = pytest.mark.django_db

BIRTH = datetime.date(1970, 5, 1)
BIRTH_BE = "01/05/2513"
LOOKUP = "/certificates/"
DOWNLOAD = "/certificates/download/"
NOT_FOUND = "ไม่พบใบรับรองที่ตรงกับข้อมูลที่กรอก โปรดตรวจสอบเลขประจำตัวประชาชนและวันเกิด"
TOO_MANY = "ลองผิดหลายครั้งเกินไป โปรดลองใหม่ในอีก 15 นาที"
ALREADY = "ท่านตอบแบบประเมินนี้แล้ว ขอบคุณค่ะ"
ANSWERS = {"q1": "5", "q2": "4", "q3": "3", "q4": "4", "q5": "5", "comment": "อยากให้มีการอบรมต่อยอดเรื่องบรรจุภัณฑ์"}


@pytest.fixture
def certificate(world, catalogue):
    """The certificate of ผู้อบรม1 (the only eligible trainee), whose birth date is 1 May 1970."""
    training = training_at(world.office_a, Step.CERTIFY, ready=True)
    certificate = Certificate.objects.select_related(
        "enrollment__person", "enrollment__training", "office"
    ).get(enrollment__training=training)
    person = certificate.enrollment.person
    person.birth_date = BIRTH
    person.save()
    return certificate


def nid(certificate):
    return certificate.enrollment.person.national_id


def lookup(client, national_id_value, birth_date=BIRTH_BE, ip="203.0.113.7"):
    return client.post(LOOKUP, {"national_id": national_id_value, "birth_date": birth_date}, REMOTE_ADDR=ip)


def html(response):
    return response.content.decode()


def text_of(response):
    """The page's text: tags removed, no-break spaces as spaces, runs of white space as one."""
    return " ".join(re.sub(r"<[^>]+>", " ", html(response)).replace("\xa0", " ").split())


def without_csrf(text):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def token_of(response):
    return re.search(r'name="token" value="([^"]+)"', html(response)).group(1)


def assert_id_absent(text, national_id_value):
    for form in (
        national_id_value,
        thai.national_id_format(national_id_value),
        national_id_value[:6],
        thai.national_id_mask(national_id_value),
    ):
        assert form not in text


def revoke(certificate, reason="ผู้รับแจ้งว่าชื่อสกุลพิมพ์ผิด ออกฉบับใหม่แทนแล้ว"):
    certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    return certificate


def second_certificate(world, person, *, topic="การทอผ้าไหมลายพื้นบ้าน", number=77, **fields):
    """Another training of the same person, with its own certificate."""
    day = datetime.date(2026, 2, number % 28 + 1)
    training = new_training(
        world.office_a, topic=topic, step=Step.CERTIFY, start_date=day, end_date=day, hours=6
    )
    enrollment = Enrollment.objects.create(training=training, person=person)
    return Certificate.objects.create(
        enrollment=enrollment, office=world.office_a, fiscal_year=2569, number=number, issued_on=day, **fields
    )


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2026, 1, 20), (2026, 1, 21), "20–21 มกราคม พ.ศ. 2569"),
        ((2026, 1, 20), (2026, 1, 20), "20 มกราคม พ.ศ. 2569"),
        ((2026, 1, 30), (2026, 2, 2), "30 มกราคม – 2 กุมภาพันธ์ พ.ศ. 2569"),
        ((2025, 12, 30), (2026, 1, 2), "30 ธันวาคม พ.ศ. 2568 – 2 มกราคม พ.ศ. 2569"),
    ],
)
def test_thai_date_range(start, end, expected):
    text = public.thai_date_range(datetime.date(*start), datetime.date(*end))
    assert text.replace("\xa0", " ") == expected and "พ.ศ.\xa0" in text


# --- lookup -------------------------------------------------------------------------------------------------


def test_lookup_form_is_public_and_posts_to_itself(client):
    response = client.get(LOOKUP)
    assert response.status_code == 200
    assert 'method="post"' in html(response) and 'action="/certificates/"' in html(response)
    assert "no-cache" in response["Cache-Control"]


def test_lookup_with_a_buddhist_era_birth_date(client, certificate):
    response = lookup(client, nid(certificate), "01/05/2513")
    assert response.status_code == 200
    page = html(response)
    training = certificate.enrollment.training
    assert training.topic in page and certificate.serial in page and certificate.office.name in page
    assert "20–21 มกราคม พ.ศ. 2569" in text_of(response)  # the training's dates, in BE
    assert "ดาวน์โหลดใบรับรอง" in page and "ดาวน์โหลดทั้งหมด" in page
    assert NOT_FOUND not in page
    assert_id_absent(page, nid(certificate))
    assert "01/05/2513" not in page and "1970-05-01" not in page
    assert PublicLookupAttempt.objects.get().succeeded


def test_lookup_with_a_christian_era_birth_date_and_a_dashed_id(client, certificate):
    dashed = thai.national_id_format(nid(certificate))
    response = lookup(client, dashed, "1/5/1970")
    assert response.status_code == 200
    assert certificate.serial in html(response)
    response = lookup(client, dashed.replace("-", " "), "01/05/1970")
    assert certificate.serial in html(response)


def test_a_two_digit_year_is_refused_not_guessed(client, certificate):
    response = lookup(client, nid(certificate), "01/05/13")
    assert response.status_code == 400
    assert "ปี พ.ศ. 4 หลัก" in html(response) and certificate.serial not in html(response)


def test_wrong_id_and_wrong_birth_date_look_the_same(client, certificate):
    unknown_id = national_id(987654, 1)  # a valid number nobody has
    wrong_id = lookup(client, unknown_id, BIRTH_BE)
    wrong_birth = lookup(client, nid(certificate), "02/05/2513")
    for response in (wrong_id, wrong_birth):
        assert response.status_code == 200
        assert NOT_FOUND in html(response)
        assert certificate.serial not in html(response)
        assert certificate.enrollment.person.first_name not in html(response)
    assert without_csrf(html(wrong_id)) == without_csrf(html(wrong_birth))
    assert_id_absent(html(wrong_birth), nid(certificate))
    assert_id_absent(html(wrong_id), unknown_id)
    assert "02/05/2513" not in html(wrong_birth)
    assert PublicLookupAttempt.objects.filter(succeeded=False).count() == 2


def test_a_person_without_a_valid_certificate_gets_the_same_answer(client, certificate):
    revoke(certificate)
    response = lookup(client, nid(certificate))
    assert response.status_code == 200 and NOT_FOUND in html(response)
    assert not PublicLookupAttempt.objects.filter(succeeded=True).exists()


def test_the_national_id_never_travels_in_a_url(client, certificate):
    # A GET with the facts in the query string does not look anything up.
    response = client.get(LOOKUP, {"national_id": nid(certificate), "birth_date": BIRTH_BE})
    assert response.status_code == 200 and certificate.serial not in html(response)
    assert not PublicLookupAttempt.objects.exists()
    # The POST answers in place (no redirect to a URL carrying anything), and no link or form carries the ID.
    response = lookup(client, nid(certificate))
    assert response.status_code == 200 and "Location" not in response
    urls = re.findall(r'(?:href|action|src)="([^"]*)"', html(response))
    assert urls and not any(nid(certificate) in url or nid(certificate)[:6] in url for url in urls)
    # Django's error reports hide what was typed.
    assert set(response.wsgi_request.sensitive_post_parameters) == {"national_id", "birth_date"}
    # The download token carries the person's pk, signed, never the ID.
    token = token_of(response)
    assert nid(certificate) not in token
    signer = signing.TimestampSigner(salt=public.DOWNLOAD_SALT)
    assert signer.unsign(token) == str(certificate.enrollment.person_id)


def test_sixth_failure_is_refused_even_with_the_right_answer(client, certificate):
    for _ in range(public.MAX_FAILURES):
        response = lookup(client, nid(certificate), "02/05/2513")
        assert response.status_code == 200 and NOT_FOUND in html(response)
    refused = lookup(client, nid(certificate), "02/05/2513")
    assert refused.status_code == 429 and TOO_MANY in html(refused)
    right = lookup(client, nid(certificate), BIRTH_BE)
    assert right.status_code == 429 and TOO_MANY in html(right)
    assert certificate.serial not in html(right) and 'name="token"' not in html(right)
    # Refused without checking the input: no more attempts were recorded.
    assert PublicLookupAttempt.objects.count() == public.MAX_FAILURES
    # The client is stored hashed; another client is not affected.
    stored = PublicLookupAttempt.objects.values_list("client", flat=True).first()
    assert len(stored) == 64 and "203.0.113.7" not in stored
    other = lookup(client, nid(certificate), BIRTH_BE, ip="198.51.100.20")
    assert other.status_code == 200 and certificate.serial in html(other)


def test_failures_older_than_the_window_do_not_count_and_old_rows_are_deleted(client, certificate):
    for _ in range(public.MAX_FAILURES):
        lookup(client, nid(certificate), "02/05/2513")
    PublicLookupAttempt.objects.update(at=timezone.now() - datetime.timedelta(minutes=16))
    stale = PublicLookupAttempt.objects.create(client="x" * 64)
    PublicLookupAttempt.objects.filter(pk=stale.pk).update(at=timezone.now() - datetime.timedelta(days=2))
    response = lookup(client, nid(certificate))
    assert response.status_code == 200 and certificate.serial in html(response)
    assert not PublicLookupAttempt.objects.filter(pk=stale.pk).exists()
    assert PublicLookupAttempt.objects.count() == public.MAX_FAILURES + 1


# --- download -----------------------------------------------------------------------------------------------


def test_download_one_certificate_with_the_signed_token(client, certificate):
    token = token_of(lookup(client, nid(certificate)))
    response = client.post(DOWNLOAD, {"token": token, "code": certificate.code})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_download_all_leaves_out_revoked_certificates(client, world, certificate):
    from pypdf import PdfReader

    person = certificate.enrollment.person
    valid_other = second_certificate(world, person)
    revoked = second_certificate(
        world, person, topic="การเลี้ยงไก่ไข่", number=78, revoked_at=timezone.now(), revoke_reason="ออกซ้ำ"
    )
    page = lookup(client, nid(certificate))
    text = html(page)
    assert certificate.serial in text and valid_other.serial in text
    assert revoked.code not in text and "การเลี้ยงไก่ไข่" not in text
    token = token_of(page)
    everything = client.post(DOWNLOAD, {"token": token})
    assert everything.status_code == 200 and everything.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(everything.content)).pages) == 2
    # The revoked one cannot be asked for by its code, though it still verifies (as revoked).
    assert client.post(DOWNLOAD, {"token": token, "code": revoked.code}).status_code == 404
    assert client.get(reverse("verify_json", args=[revoked.code])).json()["status"] == "revoked"


def test_download_needs_a_good_token(client, world, certificate):
    token = token_of(lookup(client, nid(certificate)))
    value, timestamp, signature = token.split(":")
    signer = signing.TimestampSigner(salt=public.DOWNLOAD_SALT)
    someone_else = Certificate.objects.exclude(pk=certificate.pk)
    bad_tokens = {
        "missing": "",
        "tampered pk": f"{int(value) + 1}:{timestamp}:{signature}",
        "tampered signature": f"{value}:{timestamp}:{signature[:-2]}xx",
        "other salt": signing.TimestampSigner(salt="something-else").sign(value),
        "plain signer": signing.Signer(salt=public.DOWNLOAD_SALT).sign(value),
        # Signed right but 16 minutes old.
        "expired": signing.Signer.sign(signer, f"{value}:{signing.b62_encode(int(time.time()) - 16 * 60)}"),
    }
    for name, bad in bad_tokens.items():
        response = client.post(DOWNLOAD, {"token": bad, "code": certificate.code})
        assert response.status_code == 403, name
        assert response["Content-Type"].startswith("text/html"), name
        assert "หมดอายุ" in html(response), name
    assert not someone_else.exists()  # nobody else's certificate to reach by changing the pk anyway
    # 14 minutes old is still fine.
    fresh = signing.Signer.sign(signer, f"{value}:{signing.b62_encode(int(time.time()) - 14 * 60)}")
    assert client.post(DOWNLOAD, {"token": fresh, "code": certificate.code}).status_code == 200


def test_a_token_reaches_only_its_own_persons_certificates(client, world, certificate):
    other_training = training_at(world.office_a, Step.CERTIFY, ready=True)
    other = Certificate.objects.get(enrollment__training=other_training)
    token = token_of(lookup(client, nid(certificate)))
    assert client.post(DOWNLOAD, {"token": token, "code": other.code}).status_code == 404
    assert client.post(DOWNLOAD, {"token": token, "code": "not a code!"}).status_code == 404


def test_download_is_post_only(client, certificate):
    token = token_of(lookup(client, nid(certificate)))
    assert client.get(DOWNLOAD, {"token": token, "code": certificate.code}).status_code == 405


def test_nobody_can_list_certificates(client, certificate):
    assert client.get("/verify/").status_code == 404
    assert client.get("/certificates/download/").status_code == 405
    response = lookup(client, "", "")
    assert response.status_code == 400 and certificate.serial not in html(response)


# --- verification -------------------------------------------------------------------------------------------


def test_verify_a_valid_certificate(client, certificate):
    response = client.get(reverse("verify", args=[certificate.code]))
    assert response.status_code == 200
    page = html(response)
    person = certificate.enrollment.person
    assert f"นาง{person.first_name} {person.last_name}" in page
    assert "การทำน้ำพริกแปรรูปเพื่อจำหน่าย" in page
    text = text_of(response)
    assert "20–21 มกราคม พ.ศ. 2569" in text
    assert "12 ชั่วโมง" in text
    assert certificate.serial in page
    assert f"ใบรับรองนี้ออกโดย {certificate.office.name} และยังมีผลอยู่" in text
    assert 'data-status="valid"' in page and "status-valid" in page
    assert_id_absent(page, person.national_id)
    rest = page.replace(certificate.code, "")
    assert "1970" not in rest and "2513" not in rest and "01/05" not in rest  # no birth date in any era
    assert "no-cache" in response["Cache-Control"] and "max-age" not in response["Cache-Control"]


def test_verify_a_revoked_certificate(client, certificate):
    revoke(certificate, reason="พบว่าเข้าอบรมไม่ครบตามเกณฑ์")
    page = html(client.get(reverse("verify", args=[certificate.code])))
    assert 'data-status="revoked"' in page and "ใบรับรองนี้ถูกเพิกถอนแล้ว" in page
    assert thai.date_long(certificate.revoked_at) in page and "พบว่าเข้าอบรมไม่ครบตามเกณฑ์" in page
    assert "และยังมีผลอยู่" not in page


def test_verify_json(client, certificate):
    response = client.get(reverse("verify_json", args=[certificate.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    data = response.json()
    person = certificate.enrollment.person
    assert data == {
        "code": certificate.code,
        "serial": certificate.serial,
        "status": "valid",
        "name": f"นาง{person.first_name} {person.last_name}",
        "course": "การทำน้ำพริกแปรรูปเพื่อจำหน่าย",
        "start_date": "2026-01-20",
        "end_date": "2026-01-21",
        "hours": 12,
        "office": certificate.office.name,
        "issued_on": certificate.issued_on.isoformat(),
        "revoked_on": None,
        "revoke_reason": "",
    }
    body = response.content.decode()
    assert person.national_id not in body and "1970-05-01" not in body and "birth" not in body
    assert not response.cookies  # no session, no CSRF cookie: a machine can call it bare


def test_verify_json_of_a_revoked_certificate(client, certificate):
    revoke(certificate, reason="ออกซ้ำ")
    data = client.get(reverse("verify_json", args=[certificate.code])).json()
    assert data["status"] == "revoked" and data["revoke_reason"] == "ออกซ้ำ"
    assert data["revoked_on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    "code", ["UnknownCode1234", "short", "has.dots.inside", "a" * 33, "bad*code", "%20" * 4]
)
def test_unknown_or_malformed_codes_are_not_found(client, certificate, code):
    assert client.get(f"/verify/{code}/").status_code == 404
    assert client.get(f"/verify/{code}.json").status_code == 404


def test_verify_query_count(client, certificate, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(reverse("verify", args=[certificate.code])).status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(reverse("verify_json", args=[certificate.code])).status_code == 200


# --- satisfaction survey ------------------------------------------------------------------------------------


@pytest.fixture
def enrollment(world, catalogue):
    training = training_at(world.office_a, Step.RUN, ready=True)
    return training.enrollments.order_by("pk").first()


def survey_url(enrollment):
    return reverse("survey", args=[enrollment.survey_token])


def test_survey_page_shows_the_five_items(client, enrollment):
    response = client.get(survey_url(enrollment))
    assert response.status_code == 200
    page = html(response)
    for question in public.SURVEY_QUESTIONS.values():
        assert question in page
    for label in ("น้อยที่สุด", "ปานกลาง", "มากที่สุด"):
        assert label in page
    assert page.count('type="radio"') == 25
    assert enrollment.training.topic in page


def test_survey_is_answered_once(client, enrollment):
    response = client.post(survey_url(enrollment), ANSWERS)
    assert response.status_code == 302 and response["Location"] == survey_url(enrollment)
    answer = SatisfactionResponse.objects.get()
    assert (answer.training_id, answer.enrollment_id) == (enrollment.training_id, enrollment.pk)
    assert [answer.q1, answer.q2, answer.q3, answer.q4, answer.q5] == [5, 4, 3, 4, 5]
    assert answer.comment == ANSWERS["comment"]
    thanks = client.get(survey_url(enrollment))
    assert "ขอบคุณ" in html(thanks) and 'type="radio"' not in html(thanks)
    again = client.post(survey_url(enrollment), {**ANSWERS, "q1": "1", "comment": "เปลี่ยนใจ"})
    assert again.status_code == 409 and ALREADY in html(again)
    answer.refresh_from_db()
    assert SatisfactionResponse.objects.count() == 1
    assert answer.q1 == 5 and answer.comment == ANSWERS["comment"]


def test_a_double_submit_is_stopped_by_the_database(client, enrollment, monkeypatch):
    client.post(survey_url(enrollment), ANSWERS)
    # Two taps racing: both passed the "already answered?" check before either saved.
    monkeypatch.setattr(public, "_answered", lambda enrollment: False)
    response = client.post(survey_url(enrollment), {**ANSWERS, "q1": "1"})
    assert response.status_code == 409 and ALREADY in html(response)
    assert SatisfactionResponse.objects.count() == 1 and SatisfactionResponse.objects.get().q1 == 5


def test_missing_items_are_a_form_error(client, enrollment):
    response = client.post(survey_url(enrollment), {"q1": "5", "q2": "4", "q3": "9", "comment": "ดีมาก"})
    assert response.status_code == 400
    page = html(response)
    for message in ("โปรดเลือกคะแนนให้ครบทุกข้อ", "โปรดเลือกคะแนนข้อนี้", "โปรดเลือกคะแนน 1 ถึง 5"):
        assert message in page
    assert re.search(r'name="q1" id="q1-5" value="5"\s+autocomplete="off" checked', page)  # answers are kept
    assert "ดีมาก" in page
    assert not SatisfactionResponse.objects.exists()


def test_unknown_or_malformed_survey_token_is_not_found(client, enrollment):
    assert client.get("/survey/NoSuchToken12345/").status_code == 404
    assert client.post("/survey/NoSuchToken12345/", ANSWERS).status_code == 404
    assert client.get("/survey/bad*token/").status_code == 404


def test_survey_opens_only_from_step_6(client, enrollment):
    # The trainee list exists from step 6; a training moved back to step 5 closes its survey.
    enrollment.training.step = Step.BUDGET
    enrollment.training.save()
    page = client.get(survey_url(enrollment))
    assert page.status_code == 200
    assert "แบบประเมินยังไม่เปิด" in html(page) and 'type="radio"' not in html(page)
    response = client.post(survey_url(enrollment), ANSWERS)
    assert "แบบประเมินยังไม่เปิด" in html(response)
    assert not SatisfactionResponse.objects.exists()


def test_survey_needs_no_account(client, enrollment):
    response = client.get(survey_url(enrollment))
    assert response.status_code == 200 and "/accounts/login/" not in response.get("Location", "")


def test_public_pages_are_thai_without_the_catalogue(client, certificate):
    """The text is written in Thai in the templates and views; switching to English changes only the frame."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = html(client.get(reverse("verify", args=[certificate.code])))
    assert "ใบรับรองนี้ออกโดย" in page
    data = json.loads(client.get(reverse("verify_json", args=[certificate.code])).content)
    assert data["status"] == "valid"
