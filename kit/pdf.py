"""Printed documents (WeasyPrint, with Thai fonts): the one way every app renders a PDF.

- `render(template, context)`: HTML template -> PDF bytes with WeasyPrint, the Sarabun font embedded from its
  TTF files (never the fontsource CSS, which breaks Thai in WeasyPrint); templates include `pdf/base.css`
  (certificates) or `pdf/document.css` (A4 portrait forms with page numbers);
- `text_width_em`: the width of a text in Sarabun, to choose a size or a line break before rendering;
- `data_uri`: an image field read through Django's storage API (any backend), inlined into the page;
- `official_text`: the text of an official document as a Thai office prints it (`render(..., official=True)`):
  every digit a Thai digit, and the names of places and people never broken across two lines.

Line breaks. Pango breaks Thai between the words of libthai's dictionary, which is right for ordinary words
but splits a name it does not know into the words it is made of ("บ้านดอน|สวรรค์", "ลำ|ปาว", "สม|หญิง"). A
word joiner does not stop it (libthai's breaks win over it), nor does `white-space: nowrap` (WeasyPrint then
finds no break before or after the name when no space is there); an inline block does: the line breaks before
or after the name, never inside it (`official_text`'s `names`).

Text layer. A PDF maps text per glyph. HarfBuzz shapes Thai into glyphs that do not map back one to one:
SARA AM (ำ) becomes NIKHAHIT + SARA AA, and stacked marks are moved by offsets, so text extraction read
"คำแสน" as "คาแสน" and "ผู้ใหญ่" as "ผูใ้ หญ่". Every line of text is therefore wrapped in a marked-content span
carrying its exact Unicode text (`/Span <</ActualText …>> BDC … EMC`, PDF 1.5, ISO 32000-1 §14.9.4), which
text extraction (poppler's pdftotext, Acrobat, screen readers) uses instead of the glyphs. What is printed
does not change.
"""

import base64
import functools
import html as html_lib
import logging
import mimetypes
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

FONT_FILES = {
    400: ("400Regular", "Sarabun_400Regular.ttf"),
    600: ("600SemiBold", "Sarabun_600SemiBold.ttf"),
    700: ("700Bold", "Sarabun_700Bold.ttf"),
}
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates" / "pdf"


def font_path(weight: int) -> Path:
    folder, name = FONT_FILES[weight]
    return Path(settings.NODE_MODULES) / "@expo-google-fonts" / "sarabun" / folder / name


def font_faces() -> list[dict]:
    return [{"weight": weight, "url": font_path(weight).as_uri()} for weight in FONT_FILES]


@functools.lru_cache(maxsize=4)
def _advances(weight: int) -> dict[int, float]:
    """Advance widths (in em) of a Sarabun weight. Read from the font file, the same on every server."""
    from fontTools.ttLib import TTFont

    font = TTFont(font_path(weight), lazy=True)
    cmap, hmtx, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return {code: hmtx[glyph][0] / upm for code, glyph in cmap.items()}


def text_width_em(text: str, weight: int = 700) -> float:
    """Width of `text` in Sarabun (bold by default), in em; combining vowels and tone marks take no width."""
    try:
        advances = _advances(weight)
    except Exception:  # fontTools missing or the font unreadable: estimate from the base characters
        logger.warning("Sarabun metrics unavailable; estimating text width", exc_info=True)
        return sum(0.6 for ch in text if unicodedata.category(ch) != "Mn")
    return sum(advances.get(ord(ch), 0.6) for ch in text)


def name_parts(person, cell_em: float) -> list[dict]:
    """The name in a table cell, as (title + first name, last name): each kept on one line when it fits the
    cell (`cell_em` wide), so a wrapped name breaks between first and last name, not inside a name."""
    parts = [f"{person.display_title}{person.first_name}".strip(), person.last_name.strip()]
    return [{"text": p, "nowrap": text_width_em(p, 400) <= cell_em} for p in parts if p]


def data_uri(field_file) -> str:
    """An image field read through its storage (any backend: no local path assumed), as a data: URI."""
    if not field_file:
        return ""
    try:
        field_file.open("rb")
        try:
            data = field_file.read()
        finally:
            field_file.close()
    except Exception:  # a missing or unreadable file must not stop the whole batch
        logger.warning("Could not read %s for a PDF", field_file.name, exc_info=True)
        return ""
    mime = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


@functools.cache
def _weasyprint():
    """WeasyPrint (about a second to import: only when a PDF is asked for), with every drawn line of text
    wrapped in an ActualText span (see the module's docstring). Applied once per process."""
    import pydyf
    import weasyprint
    from weasyprint.draw import text as draw_text

    draw_first_line = draw_text.draw_first_line

    def draw_first_line_with_actual_text(stream, textbox, *args, **kwargs):
        if not textbox.text.strip():
            return draw_first_line(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(textbox.text)}))
        try:
            return draw_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    draw_text.draw_first_line = draw_first_line_with_actual_text
    return weasyprint


def qr_data_uri(url: str, *, dark: str = "#000") -> str:
    """A QR code of `url` as an SVG data URI for a printed page (medium error correction: a creased or
    smudged paper still scans)."""
    import segno

    return segno.make(url, error="m").svg_data_uri(scale=4, border=0, dark=dark)


def printed_address(url: str) -> tuple[str, str]:
    """('lampao.go.th', '/verify/<code>/'): a web address as printed for the eye, in two parts (host, path),
    without the scheme; the QR code carries the whole of it."""
    host, _slash, path = url.split("://", 1)[-1].partition("/")
    return host, f"/{path}"


# What official_text leaves as it is: the head's title and styles, tags with their attributes (image data,
# sizes), character references ("&#x27;"), and a web address to type (`<span class="as-typed">`: a browser
# takes no Thai digit in "example.go.th:8443").
_MARKUP = re.compile(
    r"<(title|style)\b.*?</\1\s*>|<!--.*?-->"
    r"|<span\s+class=\"[^\"]*\bas-typed\b[^\"]*\">[^<]*</span>"
    r"|<[^>]*>|&#?\w+;",
    re.DOTALL | re.IGNORECASE,
)


def official_text(html: str, *, names: Iterable[str] = ()) -> str:
    """The text of an official document (the HTML of a printed page) as the regulation's forms print it:
    every digit a Thai digit (๐–๙), whatever field it came from, and each of `names` (places, people) kept
    whole on a line, in an inline block (`.whole` in pdf/base.css). Only the text between tags changes."""
    from kit import thai

    escaped = sorted(
        {html_lib.escape(thai.thai_digits(n.strip())) for n in names if n and n.strip()}, key=len
    )
    whole = re.compile("|".join(re.escape(n) for n in reversed(escaped))) if escaped else None

    def text(part: str) -> str:
        part = thai.thai_digits(part)
        return whole.sub(lambda m: f'<span class="whole">{m.group()}</span>', part) if whole else part

    out, at = [], 0
    for markup in _MARKUP.finditer(html):
        out += [text(html[at : markup.start()]), markup.group()]
        at = markup.end()
    out.append(text(html[at:]))
    return "".join(out)


def render(template: str, context: dict, *, official: bool = False, names: Iterable[str] = ()) -> bytes:
    """Render a Django template to PDF bytes, with the Sarabun font faces in the context as `fonts`; an
    official document's text passes through `official_text` (Thai digits, `names` kept whole)."""
    weasyprint = _weasyprint()
    html = render_to_string(template, {"fonts": font_faces(), **context})
    if official:
        html = official_text(html, names=names)
    return weasyprint.HTML(string=html, base_url=str(TEMPLATE_DIR)).write_pdf()
