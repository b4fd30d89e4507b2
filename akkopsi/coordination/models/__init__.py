"""Coordination: board, divisions and work programme, working groups, meetings, summits, advocacy."""

from akkopsi.coordination.models.board import (
    ROLE_ORDER,
    BoardPosition,
    BoardPositionQuerySet,
    BoardRole,
)
from akkopsi.coordination.models.meetings import (
    ActionItem,
    ActionItemQuerySet,
    ActionStatus,
    AgendaItem,
    Meeting,
    MeetingKind,
    MeetingQuerySet,
)
from akkopsi.coordination.models.programme import (
    AdvocacyVisit,
    Division,
    ProgrammeActivity,
    WorkingGroup,
    WorkingGroupScope,
)
from akkopsi.coordination.models.summits import (
    TRANSITIONS,
    Delegate,
    DelegateStatus,
    Summit,
    roman,
)

__all__ = [
    "ROLE_ORDER",
    "TRANSITIONS",
    "ActionItem",
    "ActionItemQuerySet",
    "ActionStatus",
    "AdvocacyVisit",
    "AgendaItem",
    "BoardPosition",
    "BoardPositionQuerySet",
    "BoardRole",
    "Delegate",
    "DelegateStatus",
    "Division",
    "Meeting",
    "MeetingKind",
    "MeetingQuerySet",
    "ProgrammeActivity",
    "Summit",
    "WorkingGroup",
    "WorkingGroupScope",
    "roman",
]
