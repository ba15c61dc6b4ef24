"""Realistic Thai register files for benchmarks and tests."""

import io
import random

from openpyxl import Workbook

FIRST = [
    "สมชาย",
    "สมหญิง",
    "บุญมี",
    "มาลี",
    "ประยูร",
    "จันทร์เพ็ญ",
    "วิชัย",
    "สุภาพร",
    "ทองใบ",
    "อรุณี",
    "สมพร",
    "กาญจนา",
    "ประเสริฐ",
    "นงลักษณ์",
    "สุรชัย",
    "พรทิพย์",
    "คำปั่น",
    "บัวผัน",
    "หนูเพียร",
    "ทองสุข",
]
LAST = [
    "ศรีสุข",
    "บุญเรือง",
    "แก้วมณี",
    "พรหมมา",
    "ทองดี",
    "สายสุด",
    "จันทร์หอม",
    "ภูผา",
    "ใจดี",
    "คำแสน",
    "ภูมิสะอาด",
    "พลศรี",
    "ไชยคำ",
    "นามบุตร",
    "แสนโสม",
    "ศรีบุญเรือง",
    "วงศ์ษา",
    "อุดมสุข",
    "มูลมณี",
    "ธรรมวงศ์",
]
PEOPLE_HEADERS = [
    "เลขประจำตัวประชาชน",
    "คำนำหน้า",
    "ชื่อ",
    "นามสกุล",
    "เพศ",
    "วันเกิด",
    "โทรศัพท์",
    "บ้านเลขที่",
    "หมู่ที่",
    "รหัสตำบล",
]


def national_id(n: int, first_digit: int = 3) -> str:
    first12 = f"{first_digit}{n:011d}"
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def people_rows(count, villages, *, start=0, seed=1):
    """villages: list of (moo, sub_district_code)."""
    rnd = random.Random(seed)
    for i in range(start, start + count):
        sex = rnd.choice(["ชาย", "หญิง"])
        title = "นาย" if sex == "ชาย" else rnd.choice(["นาง", "นางสาว"])
        moo, sub = villages[i % len(villages)]
        yield [
            national_id(460000000 + i),
            title,
            rnd.choice(FIRST),
            rnd.choice(LAST),
            sex,
            f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(2480, 2550)}",
            f"08{rnd.randint(10000000, 99999999)}",
            f"{rnd.randint(1, 250)}/{rnd.randint(1, 9)}",
            str(moo),
            sub,
        ]


def xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
