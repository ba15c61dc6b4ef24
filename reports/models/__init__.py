from reports.models.plans import (  # noqa: F401
    DistrictAllocation,
    DistrictTarget,
    Indicator,
    IndicatorKind,
    Plan,
    PlanChange,
    PlanMove,
    PlanStatus,
    Programme,
)
