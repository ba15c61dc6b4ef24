from reports.models.assessments import (  # noqa: F401
    Answer,
    Area,
    Assessment,
    CriteriaVersion,
    Indicator,
    Level,
    PlanItem,
    Round,
)
