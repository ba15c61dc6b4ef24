"""The printed book (reports/book.py): cover with the office and the fiscal year in พ.ศ., a table of contents
whose page numbers are the pages the sections start on, headers repeated on every page of a long table, page
numbers, the date it was made, charts as SVG with their numbers, and the exact Thai text."""

import datetime
import re
import subprocess

import pytest

from kit.charts import Chart, Series
from reports.book import Section, Table, book_pdf

MADE = datetime.datetime(2022, 10, 20, 14, 5)


def _pages(data: bytes, tmp_path) -> list[str]:
    path = tmp_path / "book.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


@pytest.fixture
def pages(tmp_path):
    long = Table(
        headers=("หมู่บ้าน", "ครัวเรือนเป้าหมาย", "ได้รับการส่งเสริม"),
        rows=tuple((f"บ้านหนองบัวที่ {n}", 20, 16) for n in range(1, 121)),
        total=("รวม", 2400, 1920),
    )
    chart = Chart(
        title="ผลเทียบเป้าหมาย",
        labels=("เมืองกาฬสินธุ์", "ยางตลาด"),
        series=(Series("เป้าหมาย", (30, 20)), Series("ผล", (28, 21))),
    )
    sections = [
        Section(
            "สรุปทั้งจังหวัด",
            intro="ผลการดำเนินงานเทียบกับแผน",
            tables=(
                Table(headers=("อำเภอ", "เป้าหมาย", "ผล"), rows=(("เมืองกาฬสินธุ์", 30, 28), ("ยางตลาด", 20, 21))),
            ),
            charts=(chart,),
        ),
        Section("อำเภอเมืองกาฬสินธุ์", tables=(long,)),
        Section("อำเภอยางตลาด", tables=(Table(headers=("หมู่บ้าน", "ผล"), rows=(("บ้านหัวงัว", 1_488_000),)),)),
    ]
    return _pages(
        book_pdf(
            title="รายงานผลการดำเนินงานสัมมาชีพชุมชน",
            office="สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์",
            fiscal_year=2565,
            sections=sections,
            filters=[("โครงการ", "ทั้งหมด")],
            made_at=MADE,
        ),
        tmp_path,
    )


def test_the_cover_names_the_office_the_fiscal_year_and_when_it_was_made(pages):
    cover = pages[0]
    assert "สำนักงานพัฒนาชุมชนจังหวัดกาฬสินธุ์" in cover and "ปีงบประมาณ พ.ศ. 2565" in cover
    assert "โครงการ: ทั้งหมด" in cover and "จัดทำเมื่อ 20 ตุลาคม พ.ศ. 2565 14:05" in cover


def test_the_contents_give_the_page_each_section_starts_on(pages):
    toc = pages[1]
    for title in ("สรุปทั้งจังหวัด", "อำเภอเมืองกาฬสินธุ์", "อำเภอยางตลาด"):
        listed = int(re.search(rf"{title}[ .]*?(\d+)\s*$", toc, re.MULTILINE).group(1))
        starts = next(n for n, page in enumerate(pages, start=1) if n > 2 and page.lstrip().startswith(title))
        assert listed == starts, title


def test_a_long_tables_header_is_on_every_page_and_every_page_is_numbered(pages):
    long_pages = [p for p in pages if "บ้านหนองบัวที่" in p]
    assert len(long_pages) >= 3
    assert all("ครัวเรือนเป้าหมาย" in p for p in long_pages)
    assert "บ้านหนองบัวที่ 120" in long_pages[-1] and "2,400" in long_pages[-1]
    total = len(pages)
    for n, page in enumerate(pages[1:], start=2):
        assert f"หน้า {n} / {total}" in page and "จัดทำเมื่อ 20 ตุลาคม พ.ศ. 2565" in page


def test_charts_carry_their_numbers_and_figures_are_written_as_on_screen(pages):
    summary = next(p for p in pages if p.lstrip().startswith("สรุปทั้งจังหวัด"))
    assert "ผลเทียบเป้าหมาย" in summary and "เมืองกาฬสินธุ์" in summary
    assert "1,488,000" in pages[-1]
