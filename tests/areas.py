"""Create just the official areas a test needs, from the same geothai data `load_areas` uses.

Loading the whole country takes a couple of seconds and transactional (browser) tests flush the
database, so most tests create only the few areas they touch.
"""

import geothai

from registry.models import District, Province, SubDistrict


def province(code: str) -> Province:
    p = geothai.province(code)
    return Province.objects.get_or_create(code=code, defaults={"name_th": p.name_th, "name_en": p.name_en})[0]


def district(code: str) -> District:
    d = geothai.district(code)
    return District.objects.get_or_create(
        code=code, defaults={"name_th": d.name_th, "name_en": d.name_en, "province": province(code[:2])}
    )[0]


def sub_district(code: str) -> SubDistrict:
    s = geothai.subdistrict(code)
    return SubDistrict.objects.get_or_create(
        code=code,
        defaults={
            "name_th": s.name_th,
            "name_en": s.name_en,
            "district": district(code[:4]),
            "province": province(code[:2]),
            "postal_codes": " ".join(s.postal_codes),
        },
    )[0]
