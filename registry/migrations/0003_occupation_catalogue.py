"""The starting occupation catalogue (admins edit it afterwards)."""

from django.db import migrations

CATALOGUE = {
    "agriculture": ["ทำนา", "ทำไร่มันสำปะหลัง", "ทำไร่อ้อย", "ปลูกผักปลอดสารพิษ", "ปลูกผักสวนครัว", "ปลูกไม้ผล",
                    "เพาะเห็ด", "ปลูกยางพารา", "เกษตรผสมผสาน", "ทำปุ๋ยอินทรีย์", "ปลูกสมุนไพร"],
    "livestock": ["เลี้ยงโคเนื้อ", "เลี้ยงกระบือ", "เลี้ยงสุกร", "เลี้ยงไก่พื้นเมือง", "เลี้ยงไก่ไข่", "เลี้ยงเป็ด",
                  "เลี้ยงจิ้งหรีด"],
    "fishery": ["เลี้ยงปลานิล", "เลี้ยงปลาดุก", "เลี้ยงกบ", "ประมงน้ำจืด", "แปรรูปปลาร้า"],
    "handicraft": ["ทอผ้าไหม", "ทอผ้าฝ้าย", "ทอเสื่อกก", "จักสานไม้ไผ่", "จักสานผักตบชวา", "ตัดเย็บเสื้อผ้า",
                   "ทำไม้กวาด", "แกะสลักไม้", "ทำเครื่องปั้นดินเผา"],
    "food": ["แปรรูปอาหาร", "ทำขนมไทย", "ทำน้ำพริก", "ทำแหนม/ไส้กรอกอีสาน", "ทำข้าวกล้องงอก", "ทำเครื่องดื่มสมุนไพร",
             "ทำกล้วยฉาบ", "ทำปลาส้ม"],
    "trade": ["ค้าขายของชำ", "ขายอาหาร", "ขายสินค้าออนไลน์", "ขายผลผลิตการเกษตร"],
    "service": ["รับจ้างทั่วไป", "ช่างซ่อมรถจักรยานยนต์", "ช่างไฟฟ้า", "ช่างก่อสร้าง", "นวดแผนไทย", "เสริมสวย/ตัดผม",
                "รับราชการ", "พนักงานบริษัท"],
    "other": ["ทำสบู่/แชมพูสมุนไพร", "ทำน้ำยาอเนกประสงค์", "ทำดอกไม้ประดิษฐ์"],
}


def load(apps, schema_editor):
    Occupation = apps.get_model("registry", "Occupation")
    for category, names in CATALOGUE.items():
        for name in names:
            Occupation.objects.get_or_create(name=name, defaults={"category": category})


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_registers")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
