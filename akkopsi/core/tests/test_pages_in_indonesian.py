"""The main pages rendered in Indonesian for each role, with a few records on them, carry no
common English word (the static checks are in test_words.py)."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

# -- the main pages, rendered in Indonesian for each role ---------------------------------------

#: Common English words that have no business on an Indonesian page.
ENGLISH = {
    "the",
    "and",
    "with",
    "Save",
    "Cancel",
    "Search",
    "Filter",
    "Next",
    "Previous",
    "Submit",
    "Delete",
    "Edit",
    "Yes",
    "Sign",
    "Home",
    "Members",
    "Year",
    "Date",
    "Amount",
    "Invoice",
    "Payment",
    "Name",
    "Show",
    "Back",
    "Add",
    "Download",
    "Upload",
    "Meeting",
    "Province",
    "Unknown",
    "None",
    "True",
    "False",
    "Page",
    "results",
    "Export",
    "Overdue",
    "Paid",
    "Void",
    "Voided",
    "Balance",
    "Due",
    "There",
    "This",
    "your",
    "not",
    "found",
    "from",
}
PAGES = [
    ("portal:home", []),
    ("portal:province_list", []),
    ("members:member_list", []),
    ("members:member_detail", ["6474"]),
    ("members:growth", []),
    ("data:national", []),
    ("data:cycle", []),
    ("coordination:board", []),
    ("coordination:meeting_list", []),
    ("coordination:summit_list", []),
    ("awards:index", []),
    ("rapor:home", []),
    ("bulletin:edition_list", []),
    ("dues:dashboard", []),
    ("dues:invoice_list", []),
    ("dues:schedule_list", []),
    ("dues:arrears", []),
    ("planning:home", []),
    ("profile", []),
    ("login", []),
]


def english_words_on(body: str) -> list[str]:
    text = re.sub(r"<(script|style|code|pre)\b.*?</\1>", " ", body, flags=re.S | re.I)
    text = re.sub(r'<[^>]*\b(?:lang="en")[^>]*>[^<]*', " ", text)  # the switch to English
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    return sorted({w for w in re.findall(r"[A-Za-z]+", text) if w in ENGLISH})


@pytest.fixture
def records(users: Any, members: Any) -> dict[str, Any]:
    """A dues invoice with a payment and a meeting with an action, so that pages have rows."""
    from akkopsi.coordination.tests.factories import make_action
    from akkopsi.dues import services as dues
    from akkopsi.dues.tests.conftest import make_schedule, pay

    make_schedule(2015, users["treasurer"])
    dues.generate_invoices(year=2015, by=users["treasurer"], issued_on=date(2015, 1, 15))
    invoice = members["6474"].invoices.get()
    pay(invoice, "500000", users["treasurer"])
    meeting = make_action(members["6474"]).meeting
    return {"invoice": invoice.pk, "meeting": meeting.pk}


RECORD_PAGES = [
    ("dues:invoice_detail", "invoice"),
    ("dues:member_statement", "6474"),
    ("coordination:meeting_detail", "meeting"),
    ("coordination:action_list", None),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["public", "bontang", "secretariat", "treasurer", "jury", "admin"])
def test_the_main_pages_in_indonesian_have_no_english_words(
    client: Any, users: Any, records: dict[str, Any], role: str, settings: Any
) -> None:
    if role != "public":
        client.force_login(users[role])
    pages = [(name, args) for name, args in PAGES] + [
        (name, [] if key is None else [records.get(key, key)]) for name, key in RECORD_PAGES
    ]
    found, seen = [], []
    for name, args in pages:
        response = client.get(reverse(name, args=args))
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        seen.append(name)
        words = english_words_on(response.content.decode())
        if words:
            found.append(f"{name}: {words}")
    assert not found, "\n".join(found)
    if role in {"treasurer", "secretariat"}:
        assert {"dues:invoice_detail", "coordination:meeting_detail"} <= set(seen), seen
    # The check would see English: the same home page in English is full of it.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    if role == "public":
        assert len(english_words_on(client.get(reverse("portal:home")).content.decode())) > 3
