"""Member pages, by family: reads (``pages``) and forms (``edits``). URL names unchanged."""

from akkopsi.members.views.edits import (
    contact_edit,
    contact_void,
    head_add,
    member_create,
    member_edit,
    membership_join,
    membership_leave,
    period_void,
)
from akkopsi.members.views.pages import growth, member_detail, member_history, member_list

__all__ = [
    "contact_edit",
    "contact_void",
    "growth",
    "head_add",
    "member_create",
    "member_detail",
    "member_edit",
    "member_history",
    "member_list",
    "membership_join",
    "membership_leave",
    "period_void",
]
