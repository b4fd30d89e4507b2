"""Accounts under attack (issue 16, points 10-12): throttling by the real client address,
per address and per account, without locking anyone out of an account; API tokens end with
the password; password reset limits; one account per e-mail address."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.throttling import ScopedRateThrottle

from akkopsi.accounts.forms import ProfileForm
from akkopsi.accounts.models import Role, User
from akkopsi.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
NEW_PASSWORD = "Sandi-baru-yang-panjang-42"


def _from(address: str, *, proxy: bool = False) -> Client:
    """A browser at ``address``, straight or through the reverse proxy."""
    if proxy:
        return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
    return Client(REMOTE_ADDR=address)


def _login(client: Client, username: str, password: str) -> int:
    return client.post(reverse("login"), {"username": username, "password": password}).status_code


# -- the client address ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.7", "203.0.113.7"),  # through the trusted proxy
        (PROXY, "1.2.3.4, 203.0.113.7", "203.0.113.7"),  # a forged left part is ignored
        (PROXY, "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # two proxies of ours in a row
        ("198.51.100.5", "203.0.113.7", "198.51.100.5"),  # untrusted peer: header ignored
        (PROXY, "", PROXY),
        (PROXY, "bukan-alamat", PROXY),
    ],
)
def test_client_address_comes_from_the_trusted_proxy_only(
    settings: Any, remote: str, forwarded: str, expected: str
) -> None:
    from akkopsi.accounts.throttling import client_ip

    settings.AKKOPSI_TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_limits_count_an_ipv6_client_by_its_64_network(settings: Any) -> None:
    from akkopsi.accounts.throttling import client_key

    def key(address: str) -> str:
        return client_key(RequestFactory().get("/", REMOTE_ADDR=address))

    assert key("2001:db8:1:2::a") == key("2001:db8:1:2:ffff::1") == "2001:db8:1:2::"
    assert key("2001:db8:1:3::a") != key("2001:db8:1:2::a")
    assert key("203.0.113.7") == key("::ffff:203.0.113.7") == "203.0.113.7"


# -- signing in ------------------------------------------------------------------------------


def test_spraying_one_password_over_many_accounts_from_one_address_is_throttled(
    users: Any, members: Any, settings: Any
) -> None:
    settings.AKKOPSI_ADDRESS_FAILURE_LIMIT = 5
    sprayer = _from("203.0.113.66")
    codes = ["6474", "6471", "5108", "6472", "6401"]
    statuses = [_login(sprayer, f"staf-{code}", "Bontang2015!") for code in codes]
    assert statuses == [200, 200, 200, 200, 429]  # the fifth failure holds the address
    # the address is now held back, even with a right password...
    assert _login(sprayer, "staf-6474", PASSWORD) == 429
    assert _login(sprayer, "staf-9999", "Bontang2015!") == 429
    # ...and only the address: the owner elsewhere signs in
    assert _login(_from("198.51.100.20"), "staf-6474", PASSWORD) == 302


def test_failures_from_one_address_do_not_lock_the_account_for_another_behind_the_proxy(
    users: Any, settings: Any
) -> None:
    settings.AKKOPSI_TRUSTED_PROXIES = [PROXY]
    settings.AXES_FAILURE_LIMIT = 3
    attacker = _from("203.0.113.66", proxy=True)
    for _ in range(3):
        _login(attacker, "staf-6474", "salah")
    assert _login(attacker, "staf-6474", PASSWORD) == 429
    assert _login(attacker, "STAF-6474@contoh.go.id", PASSWORD) == 429  # case, e-mail: same
    assert _login(_from("198.51.100.20", proxy=True), "staf-6474", PASSWORD) == 302


def test_an_untrusted_peer_cannot_dodge_the_limit_with_x_forwarded_for(
    users: Any, settings: Any
) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        client = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        _login(client, "staf-6474", "salah")
    client = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert _login(client, "staf-6474", PASSWORD) == 429


def test_a_distributed_attack_brakes_the_account_only_for_new_addresses(
    users: Any, settings: Any
) -> None:
    settings.AKKOPSI_ACCOUNT_ADDRESS_LIMIT = 3
    home = _from("198.51.100.20")
    assert _login(home, "staf-6474", PASSWORD) == 302  # the owner's office: a known address
    for n in range(3):
        _login(_from(f"203.0.113.{n}"), "staf-6474", "salah")
    assert _login(_from("203.0.113.50"), "staf-6474", PASSWORD) == 429
    assert _login(_from("198.51.100.20"), "staf-6474", PASSWORD) == 302
    # a reset password lifts the brake for the owner anywhere
    user = users["bontang"]
    user.set_password(NEW_PASSWORD)
    user.save()
    assert _login(_from("203.0.113.50"), "staf-6474", NEW_PASSWORD) == 302


def test_the_token_endpoint_is_throttled_per_client_address(
    users: Any, settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"token": "2/min"})
    settings.AKKOPSI_TRUSTED_PROXIES = [PROXY]
    body = {"username": "staf-6474", "password": PASSWORD}
    # an untrusted peer writing a new X-Forwarded-For each time is still one client
    for n in range(2):
        client = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert client.post("/api/token/", body).status_code == 200
    client = Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert client.post("/api/token/", body).status_code == 429
    # behind the proxy each client has its own allowance
    for address in ["198.51.100.1", "198.51.100.2"]:
        for _ in range(2):
            assert _from(address, proxy=True).post("/api/token/", body).status_code == 200


# -- API tokens end with the password ---------------------------------------------------------


def _token_works(key: str) -> bool:
    response = Client().get("/api/members/6474/", HTTP_AUTHORIZATION=f"Token {key}")
    return response.status_code == 200


def test_changing_the_password_revokes_the_api_tokens(client: Any, users: Any) -> None:
    key = client.post("/api/token/", {"username": "staf-6474", "password": PASSWORD}).json()
    assert _token_works(key["token"])
    client.force_login(users["bontang"])
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert not _token_works(key["token"])
    assert not Token.objects.filter(user=users["bontang"]).exists()


def test_resetting_the_password_revokes_the_api_tokens(client: Any, users: Any) -> None:
    token = Token.objects.create(user=users["bontang"])
    assert _token_works(token.key)
    client.post(reverse("password_reset"), {"email": "staf-6474@contoh.go.id"})
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    form = client.get(link.split("testserver", 1)[1], follow=True)
    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert not _token_works(token.key)


def test_a_hash_upgrade_on_sign_in_keeps_the_tokens(users: Any, settings: Any) -> None:
    """Only a new password ends the tokens, not the rehash Django does on sign-in."""
    token = Token.objects.create(user=users["bontang"])
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert _login(_from("198.51.100.20"), "staf-6474", PASSWORD) == 302
    assert User.objects.get(pk=users["bontang"].pk).password.startswith("pbkdf2")
    assert _token_works(token.key)


# -- password reset limits -------------------------------------------------------------------


def test_password_reset_is_limited_per_address(users: Any, settings: Any) -> None:
    settings.AKKOPSI_RESET_PER_ADDRESS = 2
    client = _from("203.0.113.66")
    for name in ["staf-6474", "staf-6471"]:
        response = client.post(reverse("password_reset"), {"email": f"{name}@contoh.go.id"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "sekretariat@contoh.go.id"})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.content.decode()
    assert len(mail.outbox) == 2
    other = _from("198.51.100.20").post(reverse("password_reset"), {"email": "juri@contoh.go.id"})
    assert other.status_code == 302 and len(mail.outbox) == 3


def test_password_reset_is_limited_per_account(users: Any, settings: Any) -> None:
    settings.AKKOPSI_RESET_PER_ACCOUNT = 2
    emails = ["staf-6474@contoh.go.id", "STAF-6474@contoh.go.id", "Staf-6474@Contoh.go.id"]
    for n, email in enumerate(emails):
        response = _from(f"203.0.113.{n}").post(reverse("password_reset"), {"email": email})
        assert response.status_code == 302  # the same page: it reveals nothing
    assert len(mail.outbox) == 2


# -- one account per e-mail address ----------------------------------------------------------


def test_a_user_cannot_take_the_e_mail_address_of_another(users: Any) -> None:
    data = {"full_name": "Staf", "email": "STAF-6474@Contoh.go.id", "language": "id"}
    form = ProfileForm(data, instance=users["balikpapan"])
    assert not form.is_valid()
    assert form.errors["email"] == ["Akun lain sudah memakai alamat e-mail ini."]
    own = ProfileForm(data | {"email": "staf-6471@CONTOH.go.id"}, instance=users["balikpapan"])
    assert own.is_valid(), own.errors


def test_the_profile_page_refuses_a_taken_e_mail_address(client: Any, users: Any) -> None:
    client.force_login(users["balikpapan"])
    data = {"full_name": "Staf", "email": "staf-6474@contoh.go.id", "language": "id"}
    response = client.post(reverse("profile"), data)
    assert response.status_code == 200
    assert "Akun lain sudah memakai alamat e-mail ini." in response.content.decode()
    users["balikpapan"].refresh_from_db()
    assert users["balikpapan"].email == "staf-6471@contoh.go.id"


def test_the_database_refuses_a_shared_e_mail_address(users: Any, members: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_user("staf-baru", Role.MEMBER_STAFF, members["6474"])
        User.objects.filter(username="staf-baru").update(email="Staf-6474@contoh.GO.id")
    # accounts without an address are fine
    User.objects.filter(username__in=["juri", "bendahara"]).update(email="")


def test_the_migration_names_the_accounts_that_share_an_address() -> None:
    from akkopsi.accounts.clashes import email_clashes, refuse_clashes

    rows = [
        ("staf-6471", "Pokja@Contoh.go.id"),
        ("staf-6474", "pokja@contoh.go.id"),
        ("juri", "juri@contoh.go.id"),
    ]

    class Manager:
        def exclude(self, **kwargs: Any) -> Any:
            return self

        def order_by(self, *args: Any) -> Any:
            return self

        def values_list(self, *args: Any) -> Any:
            return rows

    model = SimpleNamespace(_default_manager=Manager())
    assert email_clashes(model) == {"pokja@contoh.go.id": ["staf-6471", "staf-6474"]}
    apps = SimpleNamespace(get_model=lambda app, name: model)
    with pytest.raises(RuntimeError, match=re.escape("pokja@contoh.go.id: staf-6471, staf-6474")):
        refuse_clashes(apps, None)
    rows.pop(0)
    refuse_clashes(apps, None)  # no clash: the migration goes on
