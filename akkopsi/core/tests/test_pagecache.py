"""Cached pages (ADR 55): a change made through a service or a view shows on the next request,
a browser's copy is confirmed with 304 until the data change, and a cached page costs a fixed,
small number of queries."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from akkopsi.conftest import sending
from akkopsi.core import versions
from akkopsi.members import services as member_services

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[A-Za-z0-9]+')


def commit_versions() -> None:
    """What committing the fixtures' transaction would do: raise the versions they wrote."""
    for entry in list(connection.run_on_commit):
        if isinstance(entry[1], versions._Bump) and not entry[1].fired:
            entry[1]()


def text(response: Any) -> bytes:
    assert response.status_code == 200
    return TOKEN.sub(rb"\1-", response.content)


def fresh(client: Client, path: str) -> bytes:
    """The page rendered now, without the cache."""
    from django.core.cache import cache

    cache.clear()
    return text(client.get(path))


@pytest.fixture
def committed(users: dict[str, Any]) -> dict[str, Any]:
    commit_versions()
    return users


def signed_in(username: str) -> Client:
    from akkopsi.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    commit_versions()  # the sign-in wrote last_login
    return client


def test_a_write_raises_its_apps_version_once_committed(committed: Any, members: Any) -> None:
    before = versions.current(["members"])
    member_services.record_leaving(
        member=members["6471"], left_on=date(2020, 1, 1), reason="x", by=None
    )
    assert versions.current(["members"]) is None  # uncommitted: nothing cached meanwhile
    assert versions.current(["dues"]) is not None  # other apps are not concerned
    commit_versions()
    after = versions.current(["members"])
    assert after is not None and after != before


def test_public_page_shows_a_service_change_at_once(committed: Any, members: Any) -> None:
    client = Client()
    first = text(client.get("/"))
    assert text(client.get("/")) == first  # from the cache
    with sending():
        member_services.record_leaving(
            member=members["6471"], left_on=date(2020, 1, 1), reason="pindah", by=None
        )
    after = text(client.get("/"))
    assert after != first
    assert after == fresh(client, "/")


def test_signed_in_page_shows_the_users_own_change_made_through_a_view(
    committed: Any, members: Any
) -> None:
    client = signed_in("staf-6474")
    path = "/anggota/6474/"
    assert b"Jalan Baru 17" not in text(client.get(path))
    text(client.get(path))  # cached now
    with sending():
        response = client.post(
            "/anggota/6474/ubah/", {"address": "Jalan Baru 17", "phone": "0548 1234"}
        )
    assert response.status_code == 302
    assert b"Jalan Baru 17" in text(client.get(response["Location"]))
    assert b"Jalan Baru 17" in text(client.get(path))


def test_api_list_shows_a_change_at_once(committed: Any, members: Any) -> None:
    client = Client()
    before = client.get("/api/members/").json()
    assert client.get("/api/members/").json() == before
    with sending():
        members["6474"].phone = "0548 999"
        members["6474"].save()
    after = client.get("/api/members/").json()
    assert "0548 999" in str(after) and after != before


def test_etag_304_while_unchanged_and_200_after_a_change(committed: Any, members: Any) -> None:
    client = Client()
    first = client.get("/anggota/")
    etag = first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    again = client.get("/anggota/", headers={"if-none-match": etag})
    assert again.status_code == 304
    with sending():
        member_services.record_leaving(
            member=members["6471"], left_on=date(2020, 1, 1), reason="pindah", by=None
        )
    changed = client.get("/anggota/", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_users_do_not_share_pages(committed: Any) -> None:
    secretariat, bontang = signed_in("sekretariat"), signed_in("staf-6474")
    mine = text(secretariat.get("/anggota/"))
    theirs = text(bontang.get("/anggota/"))
    assert mine != theirs  # the header names the user
    assert b"staf-6474" not in mine


def test_cached_token_is_the_visitors_own(committed: Any) -> None:
    one, two = Client(), Client()
    one.get("/")
    page = two.get("/").content.decode()  # from the cache, filled for the second visitor
    assert "__akkopsi_csrf_token__" not in page
    token = re.search(r'csrfmiddlewaretoken" value="([A-Za-z0-9]+)"', page)
    assert token is not None
    from django.middleware.csrf import _unmask_cipher_token

    assert _unmask_cipher_token(token.group(1)) == two.cookies["csrftoken"].value


@pytest.mark.parametrize(
    "path",
    ["/", "/anggota/", "/anggota/6474/", "/organisasi/pengurus/", "/data/", "/api/members/"],
)
def test_a_cached_page_costs_two_queries(committed: Any, path: str) -> None:
    client = Client()
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) == 2  # the versions, the cache entry


def test_messages_and_token_requests_are_not_served_from_cache(committed: Any) -> None:
    client = signed_in("sekretariat")
    client.get("/anggota/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/anggota/", headers={"authorization": "Token nope"})
    assert len(queries) > 4


def test_a_read_model_is_rebuilt_after_a_change(committed: Any, members: Any) -> None:
    built: list[int] = []

    def build() -> int:
        built.append(1)
        return len(built)

    assert versions.cached("test-figures", ["members"], build) == 1
    assert versions.cached("test-figures", ["members"], build) == 1  # from the cache
    assert versions.cached("test-figures", ["dues"], build) == 2  # other apps, other key
    with sending():
        member_services.record_leaving(
            member=members["6471"], left_on=date(2020, 1, 1), reason="pindah", by=None
        )
    assert versions.cached("test-figures", ["members"], build) == 3
    members["6474"].save()  # not committed: built afresh every time
    assert versions.cached("test-figures", ["members"], build) == 4
    assert versions.cached("test-figures", ["members"], build) == 5


@pytest.mark.django_db(transaction=True)
def test_autocommit_writes_keep_their_returned_rows_and_raise_the_version_next() -> None:
    """In autocommit (no transaction) a write is committed at once, but ``INSERT ...
    RETURNING`` still holds the new id to fetch: the counter must not rise in between (SQLite
    ran the insert a second time). It rises before the connection's next statement."""
    from akkopsi.awards.models import Category, MethodologyVersion

    before = versions.current(["awards"])
    v = MethodologyVersion.objects.create(name="Uji", version=1)
    category = Category.objects.create(methodology=v, code="akses", name="Akses", weight=2)
    assert MethodologyVersion.objects.filter(name="Uji").count() == 1  # not inserted twice
    assert Category.objects.get(pk=category.pk).methodology_id == v.pk
    assert versions.current(["awards"]) != before


# ADR 60: a member's profile edit raises that member's counter, not the shared one

MEMBER_PAGES = ["/anggota/{}/", "/rapor/{}/", "/data/anggota/{}/"]
AGGREGATES = ["/", "/anggota/", "/api/members/", "/rapor/liga/", "/data/"]


def served_from_cache(client: Client, path: str) -> bool:
    signed_in = "sessionid" in client.cookies
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    # the versions, the cache entry (test_a_cached_page_costs_two_queries); the session and
    # the user first when signed in
    return len(queries) == 2 + 2 * signed_in


def test_a_profile_edit_shows_at_once_on_every_page_kind_and_spares_other_members(
    committed: Any, members: Any
) -> None:
    staff, public = signed_in("staf-6474"), Client()
    own = [p.format("6474") for p in MEMBER_PAGES]
    others = [p.format("6471") for p in MEMBER_PAGES]
    before = {p: text(public.get(p)) for p in own + others + AGGREGATES}
    mine = text(staff.get("/anggota/6474/"))
    with sending():
        response = staff.post(
            "/anggota/6474/ubah/", {"address": "Jalan Baru 17", "phone": "0548 4321"}
        )
    assert response.status_code == 302
    assert b"Jalan Baru 17" in text(staff.get("/anggota/6474/")) != mine  # the writer's own
    assert b"Jalan Baru 17" in text(public.get("/anggota/6474/"))
    assert "0548 4321" in str(public.get("/api/members/").json())
    for path in others:  # another member's pages: still the cached ones, and not stale
        assert served_from_cache(public, path), path
    after = {p: text(public.get(p)) for p in own + others + AGGREGATES}
    for path in own + AGGREGATES:  # computed again after the edit: what a fresh render shows
        assert after[path] == fresh(public, path), path
    for path in others:
        assert after[path] == before[path] == fresh(public, path), path


#: Secretariat roll-ups that show no member's profile columns (``cached_page(profiles=False)``).
ROLL_UPS = ["/perencanaan/", "/iuran/", "/data/siklus/2024/"]


def test_a_profile_edit_leaves_the_roll_ups_cached_and_they_equal_a_fresh_render(
    committed: Any, members: Any
) -> None:
    from akkopsi.data.models import ReportingYear

    ReportingYear.objects.create(year=2024, opens_on=date(2025, 1, 1), deadline=date(2025, 3, 31))
    staff, secretariat = signed_in("staf-6474"), signed_in("sekretariat")
    before = {p: text(secretariat.get(p)) for p in ROLL_UPS}
    profile = {
        "address": "Jalan Baru 17",
        "phone": "0548 4321",
        "email": "pokja@bontang.example",
        "website": "https://bontang.example",
        "pokja_decree": "SK 12/2026",
        "notes": "catatan baru",
    }
    with sending():
        assert staff.post("/anggota/6474/ubah/", profile).status_code == 302
    assert b"Jalan Baru 17" in text(staff.get("/anggota/6474/"))
    for path in ROLL_UPS:
        assert served_from_cache(secretariat, path), path
    for path in ROLL_UPS:  # (``fresh`` empties the cache: after every check above)
        # not stale: the page rendered now, without the cache, is the one kept
        assert before[path] == fresh(secretariat, path), path
    # a shared write (a membership ends) still reaches them
    for path in ROLL_UPS:
        secretariat.get(path)  # filled again (``fresh`` emptied the cache)
    member_services.record_leaving(
        member=members["6474"], left_on=date(2024, 12, 31), reason="x", by=None
    )
    commit_versions()
    for path in ROLL_UPS:
        assert not served_from_cache(secretariat, path), path


def test_only_an_own_column_update_of_one_row_is_narrow(committed: Any, members: Any) -> None:
    from akkopsi.members.models import Member

    def raised(write: Any) -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            write()
        found: set[str] = set()
        for q in queries.captured_queries:
            sql = q["sql"]
            if sql.startswith(("UPDATE", "INSERT")) and "members_" in sql:
                found.update(
                    p for p in connection.run_on_commit[-1][1].domains if p.startswith("members")
                )
        return found

    m = members["6474"]
    narrow = {"members", f"members/#{m.pk}"}
    shared = {"members", "members/shared"}
    assert raised(lambda: Member.objects.filter(pk=m.pk).update(phone="1")) == narrow
    commit_versions()
    assert raised(lambda: Member.objects.filter(pk=m.pk).update(membership_number="X")) == shared
    commit_versions()
    assert raised(lambda: Member.objects.filter(regency_id="6474").update(phone="2")) == shared
    commit_versions()
    assert raised(lambda: Member.objects.update(notes="semua")) == shared
    commit_versions()
    assert shared <= raised(m.save)  # every column (the regency too), and its history row
    commit_versions()
    m.phone = "3"
    m._history_user = None
    assert raised(lambda: m.save(update_fields=["phone", "updated_at"])) == narrow


def test_a_member_page_is_not_cached_while_its_own_row_is_written(
    committed: Any, members: Any
) -> None:
    from akkopsi.members.models import Member

    names = versions.member_domains("6474")
    before = versions.current(names)
    assert before is not None
    Member.objects.filter(pk=members["6474"].pk).update(phone="9")  # not committed yet
    assert versions.current(names) is None  # its writer reads its own write
    assert versions.current(versions.member_domains("6471")) is None  # by app: conservative
    commit_versions()
    assert versions.current(versions.member_domains("6471")) is not None
    after = versions.current(names)
    assert after is not None and after != before
    assert versions.current(versions.member_domains("6471")) == versions.current(
        versions.member_domains("6471")
    )


def test_the_entry_form_is_cached_per_user_and_shows_a_saved_value_at_once(
    committed: Any, members: Any
) -> None:
    from akkopsi.data.models import ReportingYear

    with sending():
        ReportingYear.objects.create(
            year=2025, opens_on=date(2026, 1, 1), deadline=date(2026, 3, 31)
        )
    staff = signed_in("staf-6474")
    path = "/data/anggota/6474/2025/isi/"
    first = text(staff.get(path))
    assert served_from_cache(staff, path)
    assert not served_from_cache(signed_in("sekretariat"), path)  # another user's own copy
    with sending():
        assert staff.post(path, {"ind_akses_layak": "87,5"}).status_code == 302
    staff.get(path)  # the page that shows the one-time message "saved" (not cached)
    after = text(staff.get(path))
    assert after != first and b"87,5" in after
    assert after == fresh(staff, path)
