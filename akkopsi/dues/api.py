"""Dues API: invoices (read), payments (read, record with an Idempotency-Key, void),
statements per member, and payment notices and waiver requests of member staff (read). Money is always a string ("1500000.00"), never a float."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from akkopsi.accounts.permissions import Permission, actor
from akkopsi.core.api import VoidSerializer
from akkopsi.core.dates import today
from akkopsi.dues import access, services
from akkopsi.dues.choices import PaymentMethod
from akkopsi.dues.filters import InvoiceFilter, PaymentFilter
from akkopsi.dues.models import MONEY, Invoice, Payment, PaymentNotice, WaiverRequest
from akkopsi.dues.reports import statement
from akkopsi.members.models import Member


def _money(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(**MONEY, coerce_to_string=True, **kwargs)


class InvoiceSerializer(serializers.ModelSerializer):
    member = serializers.CharField(source="member.regency_id", read_only=True)
    member_name = serializers.CharField(source="member.regency.display_name", read_only=True)
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    amount = _money(read_only=True)
    balance = _money(read_only=True, help_text="Amount less payments, credit applied and waivers.")
    waived = _money(read_only=True)
    status = serializers.CharField(read_only=True)
    is_void = serializers.BooleanField(read_only=True)

    class Meta:
        model = Invoice
        fields = [
            "id",
            "number",
            "year",
            "member",
            "member_name",
            "kind",
            "label",
            "description",
            "amount",
            "balance",
            "waived",
            "status",
            "months",
            "issued_on",
            "due_on",
            "is_void",
            "voided_at",
            "void_reason",
        ]


class PaymentSerializer(serializers.ModelSerializer):
    invoice_number = serializers.CharField(source="invoice.number", read_only=True)
    member = serializers.CharField(source="member.regency_id", read_only=True)
    receipt = serializers.CharField(source="receipt.number", read_only=True)
    amount = _money(read_only=True)
    applied_amount = _money(read_only=True)
    credit_amount = _money(read_only=True)
    is_void = serializers.BooleanField(read_only=True)

    class Meta:
        model = Payment
        fields = [
            "id",
            "invoice",
            "invoice_number",
            "member",
            "receipt",
            "amount",
            "applied_amount",
            "credit_amount",
            "paid_on",
            "method",
            "bank_reference",
            "note",
            "idempotency_key",
            "is_void",
            "voided_at",
            "void_reason",
        ]


class PaymentCreateSerializer(serializers.Serializer):
    invoice = serializers.IntegerField(help_text="Id of the invoice paid.")
    amount = serializers.CharField(
        help_text='Rupiah as a decimal string with at most two decimals, e.g. "1500000.50".'
    )
    paid_on = serializers.DateField()
    method = serializers.ChoiceField(choices=PaymentMethod.choices)
    bank_reference = serializers.CharField(max_length=100, required=False, allow_blank=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    idempotency_key = serializers.CharField(
        max_length=100, required=False, help_text="Or send the Idempotency-Key header."
    )


class StatementLineSerializer(serializers.Serializer):
    day = serializers.DateField()
    description = serializers.CharField()
    reference = serializers.CharField()
    debit = _money()
    credit = _money()
    balance = _money()
    reversed = serializers.BooleanField()
    is_reversal = serializers.BooleanField()


class StatementSerializer(serializers.Serializer):
    member = serializers.CharField(source="member.regency_id")
    member_name = serializers.CharField(source="member.regency.display_name")
    end = serializers.DateField()
    closing = _money(help_text="What the member owes; negative = credit held.")
    credit_held = _money()
    owed = _money(help_text="Balance of the member's open invoices.")
    past_due = _money(help_text="Owed on invoices past their due date on `end` (arrears).")
    lines = StatementLineSerializer(many=True)


def _raise(exc: DjangoValidationError) -> None:
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
    raise ValidationError(detail) from exc


class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
    """Dues invoices. Member staff see their own member's; treasurer, secretariat and
    administrators see all. Filters: member (code), year, status, kind, q."""

    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter
    permission_map = {"list": Permission.VIEW_DUES, "retrieve": Permission.VIEW_DUES}

    queryset = Invoice.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Invoice.objects.none()
        qs = Invoice.objects.select_related("member__regency").with_status(today())
        return access.scoped(self.request.user, qs).order_by("-year", "-sequence_no")


class PaymentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Payments. Recording one needs an idempotency key (the ``Idempotency-Key`` header or
    the ``idempotency_key`` field): the same key with the same data answers 200 with the
    payment already stored; with different data 409; a new payment 201."""

    serializer_class = PaymentSerializer
    filterset_class = PaymentFilter
    permission_map = {
        "list": Permission.VIEW_DUES,
        "retrieve": Permission.VIEW_DUES,
        "create": Permission.MANAGE_DUES,
        "void": Permission.MANAGE_DUES,
    }

    queryset = Payment.objects.none()  # for the schema; get_queryset scopes to the user

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Payment.objects.none()
        qs = Payment.objects.select_related("invoice", "member__regency", "receipt")
        return access.scoped(self.request.user, qs).order_by("-paid_on", "-pk")

    @extend_schema(
        request=PaymentCreateSerializer,
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
        responses={
            201: PaymentSerializer,
            200: OpenApiResponse(PaymentSerializer, "The same payment was already recorded."),
            409: OpenApiResponse(description="The key was used for a different payment."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        incoming = PaymentCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        header = request.headers.get("Idempotency-Key", "").strip()
        field = data.pop("idempotency_key", "").strip()
        if header and field and header != field:
            raise ValidationError(
                {
                    "idempotency_key": _(
                        "The Idempotency-Key header and the idempotency_key field differ."
                    )
                }
            )
        if not (header or field):
            raise ValidationError(
                {
                    "idempotency_key": _(
                        "Send an Idempotency-Key header (or the idempotency_key field)."
                    )
                }
            )
        invoice = (
            access.scoped(request.user, Invoice.objects.all())
            .filter(pk=data.pop("invoice"))
            .first()
        )
        if invoice is None:
            raise ValidationError({"invoice": _("There is no such invoice.")})
        self.check_object_permissions(request, invoice)
        try:
            payment = services.record_payment(
                invoice=invoice, idempotency_key=header or field, by=actor(request), **data
            )
        except services.IdempotencyConflict as exc:
            return Response(exc.message_dict, status=status.HTTP_409_CONFLICT)
        except DjangoValidationError as exc:
            _raise(exc)
        code = (
            status.HTTP_200_OK if getattr(payment, "replayed", False) else status.HTTP_201_CREATED
        )
        payment = self.get_queryset().get(pk=payment.pk)
        return Response(PaymentSerializer(payment).data, status=code)

    @extend_schema(request=VoidSerializer, responses=PaymentSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: str | None = None) -> Response:
        payment = self.get_object()
        incoming = VoidSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            services.void_payment(
                payment=payment, reason=incoming.validated_data["reason"], by=actor(request)
            )
        except DjangoValidationError as exc:
            _raise(exc)
        return Response(PaymentSerializer(self.get_queryset().get(pk=payment.pk)).data)


class StatementViewSet(viewsets.GenericViewSet):
    """The statement of account of one member (by kabupaten/kota code), as of ``on``."""

    serializer_class = StatementSerializer
    permission_map = {"retrieve": Permission.VIEW_DUES}
    lookup_url_kwarg = "code"
    lookup_value_regex = r"\d{4}"

    def get_queryset(self) -> Any:
        return Member.objects.select_related("regency")

    @extend_schema(
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="As of (default today).")]
    )
    def retrieve(self, request: Request, code: str | None = None) -> Response:
        member = self.get_queryset().filter(regency_id=code).first()
        if member is None:
            return Response(
                {"detail": _("There is no such member.")}, status=status.HTTP_404_NOT_FOUND
            )
        self.check_object_permissions(request, member)
        on = today()
        if request.query_params.get("on"):
            on = serializers.DateField().run_validation(request.query_params["on"])
        return Response(StatementSerializer(statement(member, end=on)).data)


class _RequestSerializer(serializers.ModelSerializer):
    invoice_number = serializers.CharField(source="invoice.number", read_only=True)
    member = serializers.CharField(source="member.regency_id", read_only=True)
    amount = _money(read_only=True, allow_null=True)

    base_fields = ["id", "invoice", "invoice_number", "member", "status", "amount"]
    decision_fields = ["created_at", "decided_at", "decision_note"]


class PaymentNoticeSerializer(_RequestSerializer):
    class Meta:
        model = PaymentNotice
        fields = [
            *_RequestSerializer.base_fields,
            "paid_on",
            "method",
            "bank_reference",
            "payment",
            *_RequestSerializer.decision_fields,
        ]


class WaiverRequestSerializer(_RequestSerializer):
    class Meta:
        model = WaiverRequest
        fields = [
            *_RequestSerializer.base_fields,
            "reason",
            "waiver",
            *_RequestSerializer.decision_fields,
        ]


class _RequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Requests of member staff (read only; decided on the treasurer's pages). Member staff
    see their own member's; treasurer, secretariat and administrators see all. ``?status=``."""

    permission_map = {"list": Permission.VIEW_DUES, "retrieve": Permission.VIEW_DUES}
    model: Any

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        qs = self.model.objects.select_related("invoice", "member")
        if status_asked := self.request.query_params.get("status"):
            qs = qs.filter(status=status_asked)
        return access.scoped(self.request.user, qs).order_by("-created_at", "-pk")


class PaymentNoticeViewSet(_RequestViewSet):
    __doc__ = _RequestViewSet.__doc__
    serializer_class = PaymentNoticeSerializer
    model = PaymentNotice
    queryset = PaymentNotice.objects.none()


class WaiverRequestViewSet(_RequestViewSet):
    __doc__ = _RequestViewSet.__doc__
    serializer_class = WaiverRequestSerializer
    model = WaiverRequest
    queryset = WaiverRequest.objects.none()
