"""Every template line fits in 120 characters, so templates read and diff like the code around them."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 120


def template_files():
    for base in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if "node_modules" in base.parts or not base.is_dir():
            continue
        yield from (
            path for path in base.rglob("*") if path.is_file() and path.suffix in {".html", ".txt", ".xml"}
        )


def test_no_template_line_is_longer_than_120_characters():
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in template_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > LIMIT
    ]
    assert not long_lines, "\n".join(long_lines)


def test_the_check_finds_the_templates():
    assert any(path.name == "base.html" for path in template_files())
