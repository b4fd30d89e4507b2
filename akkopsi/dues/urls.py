from django.urls import path

from akkopsi.core.pagecache import cached_page
from akkopsi.dues import views

app_name = "dues"

urlpatterns = [
    path("", cached_page(profiles=False)(views.dashboard), name="dashboard"),
    path("tunggakan/", views.arrears_report, name="arrears"),
    path("tagihan/", views.invoice_list, name="invoice_list"),
    path("tagihan/buat/", views.invoice_create, name="invoice_create"),
    path("tagihan/terbitkan/", views.invoice_generate, name="invoice_generate"),
    path(
        "tagihan/terbitkan/konfirmasi/",
        views.invoice_generate_confirm,
        name="invoice_generate_confirm",
    ),
    path("tagihan/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("tagihan/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
    path("tagihan/<int:pk>/kirim/", views.invoice_send, name="invoice_send"),
    path("tagihan/<int:pk>/bayar/", views.payment_create, name="payment_create"),
    path("tagihan/<int:pk>/batal/", views.invoice_void, name="invoice_void"),
    path("tagihan/<int:pk>/pembebasan/", views.waiver_create, name="waiver_create"),
    path("tagihan/<int:pk>/konfirmasi-bayar/", views.notice_create, name="notice_create"),
    path(
        "tagihan/<int:pk>/ajukan-keringanan/",
        views.waiver_request_create,
        name="waiver_request_create",
    ),
    path("konfirmasi/<int:pk>/", views.notice_record, name="notice_record"),
    path("konfirmasi/<int:pk>/tolak/", views.notice_reject, name="notice_reject"),
    path("keringanan/<int:pk>/", views.waiver_request_grant, name="waiver_request_grant"),
    path("keringanan/<int:pk>/tolak/", views.waiver_request_refuse, name="waiver_request_refuse"),
    path("pembayaran/<int:pk>/batal/", views.payment_void, name="payment_void"),
    path("pembayaran/<int:pk>/kuitansi/", views.receipt_pdf, name="receipt_pdf"),
    path("pembebasan/<int:pk>/batal/", views.waiver_void, name="waiver_void"),
    path("kredit/<int:pk>/batal/", views.credit_void, name="credit_void"),
    path("anggota/<str:code>/", views.member_statement, name="member_statement"),
    path("anggota/<str:code>/pakai-kredit/", views.credit_apply, name="credit_apply"),
    path("jadwal/", views.schedule_list, name="schedule_list"),
    path("jadwal/tambah/", views.schedule_create, name="schedule_create"),
    path("jadwal/<int:pk>/ubah/", views.schedule_edit, name="schedule_edit"),
    path(
        "jadwal/<int:pk>/versi-baru/",
        views.schedule_edit,
        {"supersede": True},
        name="schedule_supersede",
    ),
]
