"""Version 1 of the sufficiency-economy village criteria (เกณฑ์ประเมินหมู่บ้านเศรษฐกิจพอเพียงต้นแบบ ของกระทรวงมหาดไทย).

Source, and what is uncertain (an administrator revises the criteria by adding a version in the Django admin):

- Certain, from public pages of the Community Development Department (กรมการพัฒนาชุมชน, CDD): the criteria of the
  Ministry of Interior have 4 areas (ด้าน) and 23 indicators, used since fiscal year 2552 (phangnga.cdd.go.th,
  "หมู่บ้านเศรษฐกิจพอเพียงต้นแบบ จังหวัดพังงา": "มีศักยภาพ ๔ ด้าน ๒๓ ตัวชี้วัด ตั้งแต่ปี ๒๕๕๒"; the Chanthaburi CDD
  handbook "คู่มืออบรมแกนนำหมู่บ้านเศรษฐกิจพอเพียง": "เกณฑ์การประเมิน กระทรวงมหาดไทย 4 ด้าน 23 ตัวชี้วัด"), and the
  three levels พออยู่ พอกิน, อยู่ดี กินดี, มั่งมี ศรีสุข.
- Certain, the level rule of พออยู่ พอกิน: a CDD district office's page "หมู่บ้านเศรษฐกิจพอเพียงต้นแบบ — กระบวนการใน
  การประเมินหมู่บ้านเศรษฐกิจพอเพียงต้นแบบ", section "เกณฑ์การจัดระดับหมู่บ้าน" (https://district.cdd.go.th/lamduan/
  services/หมู่บ้านเศรษฐกิจพอเพีย…, the same text on http://krasang1-cdd.blogspot.com/p/blog-page_26.html): "มีตัวชี้วัด
  ผ่านจำนวน 10–16 ตัวชี้วัด และต้องผ่านตัวชี้วัดหลักจำนวน 10 ตัวชี้วัด (ได้แก่ตัวชี้วัดเฉพาะเครื่องหมาย …)", i.e. the
  core indicators are the ones marked on the ministry's form. The other two thresholds (17–22, all 23) are those of
  the product's brief; the stored copies of these pages end before them, so they are not read from
  the source here.
- Checked on 26 Nov 2026: only the openings of the pages above could be read (no copy of the
  ministry's form, แบบประเมินหมู่บ้านเศรษฐกิจพอเพียงต้นแบบ, and no page listing the 23 indicators was found), so the
  list below was NOT corrected: it is unchanged and still unverified.
- Certain: the earlier criteria (2549–2551, 6 areas and 12 indicators) grouped them as ลดรายจ่าย (home gardens, free of
  vices), เพิ่มรายได้ (a second occupation, suitable technology), ประหยัด (saving, a savings group), เรียนรู้ (local
  wisdom, a learning centre), อนุรักษ์สิ่งแวดล้อม and เอื้ออารี (district.cdd.go.th/kasetwisai, 12 Dec 2019).
- UNCERTAIN: the exact wording of the 23 indicators, how many belong to each area, and which 10 are core could not be
  read from the ministry's assessment form here. The list below is a reconstruction: the four areas as the CDD names
  them (จิตใจและสังคม, เศรษฐกิจ, การเรียนรู้, การอนุรักษ์ทรัพยากรธรรมชาติและสิ่งแวดล้อม), the 10 core indicators taken
  from the six themes of the earlier criteria. Check it against the form the province uses (แบบประเมินหมู่บ้าน
  เศรษฐกิจพอเพียงต้นแบบ) before relying on a level; correct it as version 2 in the admin (assessments keep the version
  they were made with).
"""

from django.db import migrations

SOURCE = (
    "กระทรวงมหาดไทย/กรมการพัฒนาชุมชน: เกณฑ์ประเมินหมู่บ้านเศรษฐกิจพอเพียงต้นแบบ 4 ด้าน 23 ตัวชี้วัด (ใช้ตั้งแต่ปี 2552; "
    "phangnga.cdd.go.th; คู่มืออบรมแกนนำหมู่บ้านเศรษฐกิจพอเพียง สพจ.จันทบุรี; เกณฑ์การจัดระดับหมู่บ้าน: "
    "district.cdd.go.th/lamduan). ระดับ: พออยู่ พอกิน 10–16 ตัวชี้วัด "
    "รวมตัวชี้วัดหลักครบ 10 ตัว, อยู่ดี กินดี 17–22, มั่งมี ศรีสุข ครบ 23. ถ้อยคำของตัวชี้วัดและการกำหนดตัวชี้วัดหลัก"
    "เรียบเรียงใหม่ ยังไม่ได้ตรวจทานกับแบบประเมินฉบับทางการ: โปรดตรวจสอบและแก้ไขเป็นฉบับที่ 2"
)

# (area number, area name, [(indicator text, core)]); indicators are numbered 1–23 through the version.
AREAS = [
    (1, "ด้านจิตใจและสังคม", [
        ("ประชาชนในหมู่บ้านมีความสามัคคี ร่วมคิด ร่วมทำ", False),
        ("มีการช่วยเหลือเกื้อกูลและดูแลผู้ด้อยโอกาส ผู้สูงอายุ และผู้พิการในหมู่บ้าน (เอื้ออารี)", True),
        ("ประชาชนมีคุณธรรม จริยธรรม และยึดมั่นในหลักศาสนา", False),
        ("ครัวเรือนปลอดอบายมุข (ลดรายจ่าย)", True),
        ("หมู่บ้านมีความปลอดภัยในชีวิตและทรัพย์สิน และปลอดยาเสพติด", False),
        ("มีผู้นำและคณะกรรมการหมู่บ้านที่เข้มแข็ง และมีกฎกติกาของหมู่บ้าน", False),
    ]),
    (2, "ด้านเศรษฐกิจ", [
        ("ครัวเรือนจัดทำบัญชีรับ–จ่ายของครัวเรือน", False),
        ("ครัวเรือนปลูกผักสวนครัวไว้กินเอง (ลดรายจ่าย)", True),
        ("ครัวเรือนมีอาชีพหลักและอาชีพเสริม (เพิ่มรายได้)", True),
        ("ครัวเรือนใช้เทคโนโลยีที่เหมาะสม เช่น ปุ๋ยชีวภาพ สารชีวภัณฑ์ (เพิ่มรายได้)", True),
        ("ครัวเรือนมีการออมเงิน (ประหยัด)", True),
        ("หมู่บ้านมีกลุ่มออมทรัพย์หรือกองทุนการเงินชุมชนที่บริหารจัดการดี (ประหยัด)", True),
        ("มีกลุ่มอาชีพหรือวิสาหกิจชุมชนที่สร้างรายได้ให้หมู่บ้าน", False),
    ]),
    (3, "ด้านการเรียนรู้", [
        ("มีการสืบทอดและใช้ภูมิปัญญาท้องถิ่น (เรียนรู้)", True),
        ("มีศูนย์เรียนรู้ชุมชนหรือแหล่งเรียนรู้ในหมู่บ้าน (เรียนรู้)", True),
        ("มีข้อมูลของหมู่บ้านและใช้ข้อมูลในการวางแผน", False),
        ("มีแผนชุมชนและนำแผนไปปฏิบัติ", False),
        ("ครัวเรือนดำเนินชีวิตตามหลักปรัชญาของเศรษฐกิจพอเพียง", False),
        ("มีการแลกเปลี่ยนเรียนรู้และเครือข่ายกับหมู่บ้านอื่น", False),
    ]),
    (4, "ด้านการอนุรักษ์ทรัพยากรธรรมชาติและสิ่งแวดล้อม", [
        ("มีการอนุรักษ์และใช้ทรัพยากรธรรมชาติในท้องถิ่นอย่างยั่งยืน (อนุรักษ์สิ่งแวดล้อม)", True),
        ("มีการจัดการขยะและสิ่งแวดล้อมในหมู่บ้าน", False),
        ("มีการใช้พลังงานอย่างประหยัดหรือใช้พลังงานทดแทน", False),
        ("มีกลุ่มหรือเครือข่ายอนุรักษ์ทรัพยากรธรรมชาติและสิ่งแวดล้อม", False),
    ]),
]


def create_version_1(apps, schema_editor):
    CriteriaVersion = apps.get_model("reports", "CriteriaVersion")
    Area = apps.get_model("reports", "Area")
    Indicator = apps.get_model("reports", "Criterion")
    if CriteriaVersion.objects.filter(number=1).exists():
        return
    version = CriteriaVersion.objects.create(
        number=1, name="หมู่บ้านเศรษฐกิจพอเพียงต้นแบบ 4 ด้าน 23 ตัวชี้วัด (กระทรวงมหาดไทย)", from_fiscal_year=2552,
        source=SOURCE, sufficient_min=10, well_min=17)
    number = 0
    for area_number, area_name, indicators in AREAS:
        area = Area.objects.create(version=version, number=area_number, name=area_name)
        for text, core in indicators:
            number += 1
            Indicator.objects.create(version=version, area=area, number=number, text=text, core=core)
    assert number == 23 and sum(core for _n, _a, rows in AREAS for _t, core in rows) == 10


def remove_version_1(apps, schema_editor):
    apps.get_model("reports", "CriteriaVersion").objects.filter(number=1, assessments__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_assessments")]

    operations = [migrations.RunPython(create_version_1, remove_version_1)]
