from registry.models.areas import District, Province, SubDistrict, Village
from registry.models.audit import AuditAction, AuditEntry, ImportBatch, ImportStatus, NationalIdReveal
from registry.models.experts import Expert, InstructorTeam, Mentorship, TeamMember
from registry.models.materials import MaterialCategory, RawMaterial
from registry.models.occupations import (
    Occupation,
    OccupationCategory,
    OccupationKind,
    PersonOccupation,
    WantedOccupation,
)
from registry.models.offices import Office, OfficeKind, SignInCode, User
from registry.models.onboarding import Onboarding
from registry.models.people import (
    Household,
    JptThreshold,
    Person,
    Sex,
    TargetCriterion,
    TargetHousehold,
    Title,
)

__all__ = [
    "AuditAction",
    "AuditEntry",
    "District",
    "Expert",
    "Household",
    "ImportBatch",
    "ImportStatus",
    "InstructorTeam",
    "JptThreshold",
    "MaterialCategory",
    "Mentorship",
    "NationalIdReveal",
    "Occupation",
    "OccupationCategory",
    "OccupationKind",
    "Office",
    "OfficeKind",
    "Onboarding",
    "Person",
    "PersonOccupation",
    "Province",
    "RawMaterial",
    "Sex",
    "SignInCode",
    "SubDistrict",
    "TargetCriterion",
    "TargetHousehold",
    "TeamMember",
    "Title",
    "User",
    "Village",
    "WantedOccupation",
]
