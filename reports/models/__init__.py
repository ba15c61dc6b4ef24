from reports.models.assessments import (  # noqa: F401
    Answer,
    Area,
    Assessment,
    CriteriaVersion,
    Criterion,
    Level,
    PlanItem,
    Round,
)
from reports.models.exports import (  # noqa: F401
    Export,
    ExportKind,
    ExportStatus,
)
from reports.models.plans import (  # noqa: F401
    DistrictAllocation,
    DistrictTarget,
    Indicator,
    IndicatorKind,
    Measure,
    Plan,
    PlanChange,
    PlanMove,
    PlanStatus,
    Programme,
)
from reports.models.snapshots import (  # noqa: F401
    FiguresChange,
    Snapshot,
)
from reports.models.submissions import (  # noqa: F401
    Submission,
    SubmissionMove,
    SubmissionStatus,
)
from reports.models.targets import (  # noqa: F401
    Exclusion,
    FundedSource,
    FundedVillage,
    ListStatus,
    Project,
    TargetList,
    TargetListMove,
    TargetVillage,
)
