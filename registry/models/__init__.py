from registry.models.areas import District, Province, SubDistrict, Village
from registry.models.offices import Office, OfficeKind, User

__all__ = ["District", "Office", "OfficeKind", "Province", "SubDistrict", "User", "Village"]
