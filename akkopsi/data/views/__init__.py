"""The data cycle's pages, by family: uploads and import records, the entry form and value
history, the submission workflow, the secretariat's cycle, the catalogue and the dashboards."""

from akkopsi.data.views.catalogue import IndicatorEditView, TargetEditView, catalogue
from akkopsi.data.views.cycle import (
    CycleCloseView,
    CycleView,
    CycleYearView,
    DeadlineView,
    GrantReopenView,
    RefuseReopenView,
    RemindView,
)
from akkopsi.data.views.dashboards import member, national, province
from akkopsi.data.views.entry import ReopenRequestView, entry, value_history
from akkopsi.data.views.review import review_queue, review_submission
from akkopsi.data.views.submissions import submission_action
from akkopsi.data.views.upload import (
    BatchListView,
    batch_detail,
    template_download,
    upload,
    upload_confirm,
)

__all__ = [
    "BatchListView",
    "CycleCloseView",
    "CycleView",
    "CycleYearView",
    "DeadlineView",
    "GrantReopenView",
    "IndicatorEditView",
    "RefuseReopenView",
    "RemindView",
    "ReopenRequestView",
    "TargetEditView",
    "batch_detail",
    "catalogue",
    "entry",
    "member",
    "national",
    "province",
    "review_queue",
    "review_submission",
    "submission_action",
    "template_download",
    "upload",
    "upload_confirm",
    "value_history",
]
