from django.contrib.auth import views as auth_views
from django.urls import path

from akkopsi.accounts import views
from akkopsi.accounts.forms import LoginForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("profil/", views.profile, name="profile"),
    path("bahasa/", views.set_language, name="set_language"),
    path("sandi/ganti/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "sandi/ganti/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("sandi/atur-ulang/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "sandi/atur-ulang/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
