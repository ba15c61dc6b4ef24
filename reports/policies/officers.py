"""The two rules the reports' parts share: "the district officer of this district" and "a provincial officer
of this province" (an administrator may always), each refusing with the part's own reason."""

from kit.policy import ALLOWED, refused
from registry.ownership import NO_OFFICE
from registry.scoping import Role


def office_of(user):
    return user.office if user.office_id else None


def district_officer_of(user, district_id, why):
    """The district officer of `district_id` (None: of any district)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    office = office_of(user)
    if office is None:
        return refused(NO_OFFICE)
    if user.role != Role.DISTRICT_OFFICER or not office.district_id:
        return refused(why)
    if district_id is not None and district_id != office.district_id:
        return refused(why)
    return ALLOWED


def province_officer_of(user, province_id, why):
    """A provincial officer of `province_id` (None: of any province)."""
    if user.role == Role.ADMIN:
        return ALLOWED
    office = office_of(user)
    if office is None:
        return refused(NO_OFFICE)
    if user.role != Role.PROVINCE_OFFICER:
        return refused(why)
    if province_id is not None and province_id != office.province_id:
        return refused(why)
    return ALLOWED
