"""Every role's home over the demo (492 members, 15 years of data, the books since 2010): a
fixed, small number of queries, whatever the size of the queues."""

from __future__ import annotations

from typing import Any

import pytest

from akkopsi.accounts.models import User
from akkopsi.awards.models import Edition

pytestmark = pytest.mark.django_db

#: Queries of a home beyond the session and the user: one per list and count (see homes.py).
# The demo has payment notices and a waiver request waiting (demo/requests.py): the
# treasurer's and the asking staff's homes list them (a fixed number of queries each).
MAX_QUERIES = {"staf-6474": 14, "sekretariat": 15, "admin": 15, "bendahara": 11, "juri": 10}


@pytest.mark.parametrize("username", sorted(MAX_QUERIES))
def test_each_home_over_the_demo_takes_few_queries(
    demo: None, client: Any, django_assert_max_num_queries: Any, username: str
) -> None:
    Edition.objects.filter(year=2025).update(jury_closed=False)  # a jury at work
    client.force_login(User.objects.get(username=username))
    with django_assert_max_num_queries(MAX_QUERIES[username]):
        page = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id")
    assert page.status_code == 200
    assert "Beranda saya" in page.content.decode()


def test_the_demo_queues_are_full(demo: None, client: Any) -> None:
    Edition.objects.filter(year=2025).update(jury_closed=False)
    client.force_login(User.objects.get(username="sekretariat"))
    home = client.get("/beranda/").context["secretariat"]
    assert home["waiting"].count > len(home["waiting"].items) == 10
    client.force_login(User.objects.get(username="juri"))
    (queue,) = client.get("/beranda/").context["juror"]
    assert queue.edition.year == 2025 and len(queue.items) > 200
    assert queue.pending == 0  # the demo's jurors scored everything they were offered


def test_the_secretariat_sees_requests_to_reopen_oldest_first(
    demo: None, client: Any, django_assert_max_num_queries: Any
) -> None:
    """Twelve requests to open verified data again: the ten oldest on the home, linking to
    where each is granted or refused, the count of all, in the same number of queries."""
    from datetime import timedelta

    from django.urls import reverse
    from django.utils import timezone

    from akkopsi.data.choices import SubmissionStatus
    from akkopsi.data.models import ReopenRequest, Submission

    verified = Submission.objects.filter(status=SubmissionStatus.VERIFIED).select_related(
        "member__regency"
    )[:12]
    staff = User.objects.get(username="admin")
    now = timezone.now()
    made = [
        ReopenRequest.objects.create(submission=s, reason=f"Alasan {i}", requested_by=staff)
        for i, s in enumerate(verified)
    ]
    for i, r in enumerate(made):  # the first asked first
        ReopenRequest.objects.filter(pk=r.pk).update(created_at=now - timedelta(hours=20 - i))
    client.force_login(User.objects.get(username="sekretariat"))
    with django_assert_max_num_queries(MAX_QUERIES["sekretariat"] + 1):  # and their count
        page = client.get("/beranda/", HTTP_ACCEPT_LANGUAGE="id")
    listed = page.context["secretariat"]["reopen_requests"]
    assert listed.count == 12 and [r.pk for r in listed.items] == [r.pk for r in made[:10]]
    html = page.content.decode()
    assert reverse("data:grant_reopen", args=[made[0].pk]) in html
    assert "dan 2 lagi (seluruhnya 12)" in html
