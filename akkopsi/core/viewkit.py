"""The view kit: the one way to build a page in this project.

Three generic views cover nearly every page an app needs:

* :class:`FilteredListView` — a list with a FilterSet (the same one the app's API uses),
  ordering, paging, CSV/XLSX export through :func:`akkopsi.core.exports.export_table`,
  and the htmx fragment served by the same view (``fragment_template``).
* :class:`ServiceFormView` — show a form; on a valid POST call a service function with
  the actor (``perform``), put the service's ``ValidationError`` onto the form
  (:func:`apply_service_errors`), add a message and redirect.
* :class:`VoidView` — the same, asking for the reason a business record is voided.
* :class:`ConfirmView` — ask before an irreversible or mass action: what will happen and
  to how many (a :class:`akkopsi.core.confirm.Plan` from the service), then do it (ADR 0047).

Permissions: core sits below accounts in the layers, so the kit never names a permission.
Every kit view calls ``check_permission(request)``, which raises ``NotImplementedError``
until a subclass defines it; apps mix in :class:`akkopsi.accounts.views.PermissionRequired`
(``permission = Permission.X``) or write the method themselves for row-level checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from akkopsi.core.confirm import Plan, StaleConfirmation
from akkopsi.core.exports import export_table

EXPORT_FORMATS = frozenset({"csv", "xlsx"})


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Attach a service's ``ValidationError`` to ``form``: to the field it names when the
    form has that field, else to the form as a whole."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def query_without(request: HttpRequest, *names: str) -> str:
    """The request's query string without ``names`` (for pager and export links)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


class KitView(View):
    """Base of the kit views: the permission hook every page must define."""

    def check_permission(self, request: HttpRequest) -> None:
        raise NotImplementedError(
            f"{type(self).__name__} must define check_permission() (or mix in PermissionRequired)"
        )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.check_permission(request)
        return super().dispatch(request, *args, **kwargs)


class FilteredListView(KitView):
    """A filtered, ordered, paged list with CSV/XLSX export and an htmx fragment.

    Subclasses set ``filterset_class`` and ``template_name`` and define ``get_queryset``;
    ``fragment_template`` (the rows and pager) is rendered alone for htmx requests and is
    what ``template_name`` includes. ``ordering`` maps the values of ``?o=`` to
    ``order_by`` arguments; the first entry is the default. Exports are offered when
    ``export_name`` is set and ``export_header``/``export_rows`` are defined; other
    formats (a PDF) are added by overriding ``export``.
    """

    http_method_names = ["get", "head", "options"]
    filterset_class: ClassVar[type[Any]]
    template_name: ClassVar[str]
    fragment_template: ClassVar[str | None] = None
    paginate_by: ClassVar[int] = 50
    ordering: ClassVar[dict[str, Sequence[str]]] = {}
    filter_defaults: ClassVar[dict[str, str]] = {}
    export_formats: ClassVar[frozenset[str]] = EXPORT_FORMATS
    export_name: ClassVar[str | None] = None

    filterset: Any

    def get_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def get_filterset(self) -> Any:
        data = self.request.GET.copy()
        for name, value in self.filter_defaults.items():
            data.setdefault(name, value)
        return self.filterset_class(data, queryset=self.get_queryset(), request=self.request)

    def order(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if not self.ordering:
            return queryset
        key = self.request.GET.get("o", "")
        fields = self.ordering.get(key) or next(iter(self.ordering.values()))
        return queryset.order_by(*fields)

    def get_export_name(self) -> str:
        assert self.export_name is not None
        return self.export_name

    def export_header(self) -> Sequence[str]:
        raise NotImplementedError

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Sequence[object]]:
        raise NotImplementedError

    def export(self, queryset: QuerySet[Any], fmt: str) -> HttpResponse:
        return export_table(
            self.get_export_name(), self.export_header(), self.export_rows(queryset), fmt
        )

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.filterset = self.get_filterset()
        queryset = self.order(self.filterset.qs)
        fmt = request.GET.get("export")
        if self.export_name and fmt in self.export_formats:
            return self.export(queryset, fmt)
        page: Page[Any] = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        context = self.get_context_data(
            filter=self.filterset,
            page=page,
            count=page.paginator.count,
            query=query_without(request, "page", "export"),
            order=request.GET.get("o", ""),
            exports=sorted(self.export_formats) if self.export_name else [],
        )
        htmx = getattr(request, "htmx", False)
        template = self.fragment_template if htmx and self.fragment_template else self.template_name
        return render(request, template, context)


class ActionView(KitView):
    """What the pages that act share: a title, the way back, and after success a message
    (``success_message``) and a redirect (``get_success_url(result)``, by default back)."""

    http_method_names = ["get", "post", "head", "options"]
    title: ClassVar[Any] = ""
    success_message: ClassVar[Any] = ""

    def get_title(self) -> str:
        return str(self.title)

    def get_back_url(self) -> str:
        raise NotImplementedError

    def came_from(self) -> str | None:
        """The page of this site the form was opened from, for Cancel: ``?next=``, the form's
        hidden ``next`` (which carries it across a submission with errors), or the Referer."""
        request = self.request
        candidates = [request.POST.get("next"), request.GET.get("next")]
        if request.method == "GET":
            candidates.append(request.headers.get("Referer"))
        host = {request.get_host()}
        for url in candidates:
            safe = url and url_has_allowed_host_and_scheme(
                url, allowed_hosts=host, require_https=request.is_secure()
            )
            if safe and urlsplit(url).path != request.path:  # never back to the form itself
                return url
        return None

    def get_success_url(self, result: Any) -> str:
        return self.get_back_url()

    def get_success_message(self, result: Any) -> str:
        return str(self.success_message)

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        return context

    def succeed(self, result: Any) -> HttpResponse:
        message = self.get_success_message(result)
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url(result))


class ServiceFormView(ActionView):
    """Show a form; on a valid POST call the service through ``perform(form)``.

    ``perform`` receives the bound, valid form and calls one service function with the
    actor (``self.request.user``); a ``ValidationError`` it raises goes onto the form.
    On success the view adds ``success_message`` and redirects to
    ``get_success_url(result)`` (by default the back link).
    """

    form_class: ClassVar[type[forms.BaseForm]]
    template_name: ClassVar[str] = "core/form_page.html"
    success_message: ClassVar[Any] = gettext_lazy("Saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {}

    def get_form(self) -> forms.BaseForm:
        data = self.request.POST if self.request.method == "POST" else None
        files = self.request.FILES if self.request.method == "POST" else None
        return self.form_class(data, files, **self.get_form_kwargs())

    def perform(self, form: Any) -> Any:
        raise NotImplementedError

    def render_form(self, form: forms.BaseForm) -> HttpResponse:
        back = self.came_from() or self.get_back_url()
        context = self.get_context_data(form=form, title=self.get_title(), back=back)
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form.is_valid():
            try:
                result = self.perform(form)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return self.succeed(result)
        return self.render_form(form)


class VoidForm(forms.Form):
    """The reason a business record is voided (records are never deleted)."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for voiding"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class VoidView(ServiceFormView):
    """Ask for the reason and void ``get_record()`` through ``void(record, reason)``."""

    form_class = VoidForm
    title = gettext_lazy("Void a record")

    def get_record(self) -> Model:
        raise NotImplementedError

    def void(self, record: Model, reason: str) -> Any:
        raise NotImplementedError

    def get_context_data(self, **context: Any) -> dict[str, Any]:
        context.setdefault("record", self.get_record())
        return context

    def perform(self, form: Any) -> Any:
        return self.void(self.get_record(), form.cleaned_data["reason"])

    def get_success_message(self, result: Any) -> str:
        return _("%(record)s is void.") % {"record": self.get_record()}


class ConfirmView(ActionView):
    """Ask before an irreversible or mass action, saying what will happen and to how many.

    GET shows ``get_plan()`` (the service's ``plan_...`` function) on
    ``core/confirm_page.html`` and changes nothing. POST calls ``perform(token, form)``
    with the token of the plan the person saw; the service computes the plan again inside
    its transaction and raises :class:`StaleConfirmation` when it changed: then nothing is
    done and the page shows the new plan (409). A POST without a token only shows the page.
    ``form_class`` adds what the action needs besides the confirmation (a reason).
    """

    template_name: ClassVar[str] = "core/confirm_page.html"
    confirm_label: ClassVar[Any] = gettext_lazy("Yes, do it")
    form_class: ClassVar[type[forms.BaseForm] | None] = None

    def get_plan(self) -> Plan:
        raise NotImplementedError

    def perform(self, token: str, form: Any) -> Any:
        raise NotImplementedError

    def get_form(self) -> forms.BaseForm | None:
        if self.form_class is None:
            return None
        return self.form_class(self.request.POST if self.request.method == "POST" else None)

    def render_plan(
        self, plan: Plan, form: forms.BaseForm | None, status: int = 200
    ) -> HttpResponse:
        context = self.get_context_data(
            plan=plan,
            form=form,
            title=self.get_title(),
            back=self.get_back_url(),
            confirm_label=self.confirm_label,
        )
        return render(self.request, self.template_name, context, status=status)

    def refuse(self, exc: ValidationError) -> HttpResponse:
        """The service's refusal, as messages on the page the person came from."""
        for m in exc.messages:
            messages.error(self.request, m)
        return redirect(self.get_back_url())

    def render_form(self, form: forms.BaseForm | None) -> HttpResponse:
        """The page with the plan as it is now (a refusal goes back with a message)."""
        try:
            return self.render_plan(self.get_plan(), form)
        except ValidationError as exc:
            return self.refuse(exc)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.get_form())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form, token = self.get_form(), request.POST.get("token", "")
        if not token or (form is not None and not form.is_valid()):
            return self.render_form(form)
        try:
            result = self.perform(token, form)
        except StaleConfirmation as stale:
            messages.error(request, stale.messages[0])
            return self.render_plan(stale.plan, form, status=409)
        except ValidationError as exc:
            if form is None or not hasattr(exc, "error_dict"):
                return self.refuse(exc)
            apply_service_errors(form, exc)
            return self.render_form(form)
        return self.succeed(result)
