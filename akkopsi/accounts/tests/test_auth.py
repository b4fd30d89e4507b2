from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from akkopsi.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_argon2_is_the_password_hasher_in_the_real_settings() -> None:
    """Tests hash with MD5 for speed (conftest); the settings module itself says argon2."""
    conf = importlib.import_module("akkopsi.config.settings")
    assert conf.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert django_settings.AUTH_PASSWORD_VALIDATORS


@pytest.mark.parametrize("login", ["staf-6474", "STAF-6474@contoh.go.id"])
def test_login_with_username_or_email(client: Any, users: Any, login: str) -> None:
    response = client.post(reverse("login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("profile")).context["user"].username == "staf-6474"


def test_wrong_password_is_refused_in_indonesian(client: Any, users: Any) -> None:
    response = client.post(reverse("login"), {"username": "staf-6474", "password": "salah"})
    assert response.status_code == 200
    assert "dan sandi yang benar" in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client: Any, users: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("login"), {"username": "staf-6474", "password": "salah"})
    response = client.post(reverse("login"), {"username": "staf-6474", "password": PASSWORD})
    assert response.status_code == 429
    assert "Terlalu banyak" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_an_email_with_a_working_link(client: Any, users: Any) -> None:
    response = client.post(reverse("password_reset"), {"email": "staf-6474@contoh.go.id"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    path = link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert page.context["validlink"] is True


def test_token_endpoint_returns_a_token_that_authenticates(client: Any, users: Any) -> None:
    response = client.post("/api/token/", {"username": "staf-6474", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.patch(
        "/api/members/6474/",
        {"phone": "0548-12345"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert me.status_code == 200, me.content
    assert me.json()["phone"] == "0548-12345"


def test_token_endpoint_refuses_a_wrong_password(client: Any, users: Any) -> None:
    response = client.post("/api/token/", {"username": "staf-6474", "password": "salah"})
    assert response.status_code in {400, 429}
    assert "token" not in response.json()


def test_language_choice_is_remembered_on_the_account(client: Any, users: Any) -> None:
    user = users["bontang"]
    client.force_login(user)
    assert "Anggota" in client.get(reverse("members:member_list")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/anggota/"})
    user.refresh_from_db()
    assert user.language == "en"
    page = client.get(reverse("members:member_list")).content.decode()
    assert "Member kabupaten/kota" in page


def test_set_language_refuses_an_outside_redirect(client: Any, db: Any) -> None:
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"
