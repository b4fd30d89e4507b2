"""Pages of the Sanipura Award, by page family. Thin: authorise (``awards.access``), call a
service with the actor or assemble a page (``awards.pages``), render."""

from akkopsi.awards.views.bulk import nominate_bulk, nominate_bulk_confirm
from akkopsi.awards.views.confirm import close_jury, compute_results, publish, recheck_eligibility
from akkopsi.awards.views.editions import (
    comparison,
    edition_detail,
    edition_form,
    index,
    scorecard,
    scorecard_context,
    scorecard_pdf,
)
from akkopsi.awards.views.jury import jury, jury_score, jury_setup
from akkopsi.awards.views.methodology import (
    category_edit,
    methodology_detail,
    methodology_edit,
    methodology_new_version,
    methodology_pdf,
)
from akkopsi.awards.views.nominations import eligibility, evidence, nominate

__all__ = [
    "category_edit",
    "close_jury",
    "comparison",
    "compute_results",
    "edition_detail",
    "edition_form",
    "eligibility",
    "evidence",
    "index",
    "jury",
    "jury_score",
    "jury_setup",
    "methodology_detail",
    "methodology_edit",
    "methodology_new_version",
    "methodology_pdf",
    "nominate",
    "nominate_bulk",
    "nominate_bulk_confirm",
    "publish",
    "recheck_eligibility",
    "scorecard",
    "scorecard_context",
    "scorecard_pdf",
]
