"""Every role's home over the demo (492 members, 15 years of data, the books since 2010): a
fixed, small number of queries, whatever the size of the queues."""

from __future__ import annotations

from typing import Any

import pytest

from akkopsi.accounts.models import User
from akkopsi.awards.models import Edition

pytestmark = pytest.mark.django_db

#: Queries of a home beyond the session and the user: one per list and count (see homes.py).
MAX_QUERIES = {"staf-6474": 12, "sekretariat": 14, "admin": 14, "bendahara": 8, "juri": 10}


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
