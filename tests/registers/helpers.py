"""Builders for register tests: villages, people and spreadsheet files."""

import csv
import io

from registry.models import Person, Village
from tests import areas
from tests.benchmarks.data import PEOPLE_HEADERS, national_id, xlsx_bytes
from tests.scoping import ScopeWorld

__all__ = [
    "PEOPLE_HEADERS",
    "national_id",
    "xlsx_bytes",
    "csv_bytes",
    "make_villages",
    "make_person",
    "people_file",
    "upload",
]


def make_villages():
    """a1-a3: Moo 1-3 of sub-district A; neighbour: Moo 1 of A2 (another TAO of the district);
    b: Chiang Mai."""
    sub_a, sub_a2, sub_b = (
        areas.sub_district(c) for c in (ScopeWorld.SUB_A, ScopeWorld.SUB_A2, ScopeWorld.SUB_B)
    )
    villages = {
        f"a{n}": Village.objects.create(sub_district=sub_a, number=n, name=f"บ้านหนองบัว{n}") for n in (1, 2, 3)
    }
    villages["neighbour"] = Village.objects.create(sub_district=sub_a2, number=1, name="บ้านโพนทอง")
    villages["b"] = Village.objects.create(sub_district=sub_b, number=1, name="บ้านช้างคลาน")
    return villages


def make_person(village, n, **kwargs):
    defaults = {
        "title": "mrs",
        "first_name": "มาลี",
        "last_name": "ศรีสุข",
        "national_id": national_id(n, 1),
        "sex": "f",
        "house_number": str(n),
        "village": village,
    }
    defaults.update(kwargs)
    return Person.objects.create(**defaults)


def people_row(n, *, moo="1", sub=ScopeWorld.SUB_A, **changes):
    row = {
        "เลขประจำตัวประชาชน": national_id(n, 1),
        "คำนำหน้า": "นาง",
        "ชื่อ": "บัวผัน",
        "นามสกุล": "ทองดี",
        "เพศ": "หญิง",
        "วันเกิด": "15/01/2510",
        "โทรศัพท์": "0812345678",
        "บ้านเลขที่": f"{n}/1",
        "หมู่ที่": moo,
        "รหัสตำบล": sub,
    }
    row.update(changes)
    return row


def people_file(rows, headers=PEOPLE_HEADERS, fmt="xlsx", encoding="utf-8"):
    data = [[row.get(h, "") for h in headers] for row in rows]
    if fmt == "xlsx":
        return xlsx_bytes(headers, data)
    return csv_bytes(headers, data, encoding)


def csv_bytes(headers, rows, encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
