"""Coordination pages, one module per page family; the URL names are those of ``urls.py``."""

from akkopsi.coordination.views.actions import (
    action_add,
    action_edit,
    action_list,
    action_status,
    action_void,
)
from akkopsi.coordination.views.board import board
from akkopsi.coordination.views.groups import (
    advocacy_add,
    advocacy_list,
    working_group_add,
    working_group_list,
)
from akkopsi.coordination.views.meetings import (
    agenda_add,
    agenda_edit,
    agenda_void,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_feed,
    meeting_ics,
    meeting_list,
)
from akkopsi.coordination.views.programme import (
    activity_edit,
    activity_void,
    division_edit,
    division_void,
    programme,
    programme_pdf,
)
from akkopsi.coordination.views.summits import (
    delegate_register,
    delegate_status,
    summit_detail,
    summit_edit,
    summit_list,
    summit_void,
)

__all__ = [
    "action_add",
    "action_edit",
    "action_list",
    "action_status",
    "action_void",
    "activity_edit",
    "activity_void",
    "advocacy_add",
    "advocacy_list",
    "agenda_add",
    "agenda_edit",
    "agenda_void",
    "board",
    "delegate_register",
    "delegate_status",
    "division_edit",
    "division_void",
    "meeting_create",
    "meeting_detail",
    "meeting_edit",
    "meeting_feed",
    "meeting_ics",
    "meeting_list",
    "programme",
    "programme_pdf",
    "summit_detail",
    "summit_edit",
    "summit_list",
    "summit_void",
    "working_group_add",
    "working_group_list",
]
