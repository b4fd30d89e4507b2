"""Who is asking, and how often: the client address behind the reverse proxy, and the
limits on signing in, API tokens and password resets (ADR 0026-security, README "Security").

Signing in (django-axes, through :class:`AxesHandler`), with the real client address:

- per account *and* address: ``AXES_FAILURE_LIMIT`` failures lock that pair only, so
  failures from one address never lock the account for anyone else;
- per address: ``AKKOPSI_ADDRESS_FAILURE_LIMIT`` failures over any accounts lock the address
  (password spraying over the predictable ``staf-<kode>`` usernames);
- per account: failures from ``AKKOPSI_ACCOUNT_ADDRESS_LIMIT`` different addresses (a
  distributed attack) make the account accept passwords only from addresses it has signed
  in from before; its owner elsewhere resets the password by e-mail, which clears the brake.

Counts live in the database (axes' attempts, :class:`~akkopsi.accounts.models.ThrottleHit`),
so they hold across gunicorn workers and hosts; all of them expire after the cool-off.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from functools import cache
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from rest_framework.throttling import ScopedRateThrottle

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def _trusted(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in networks)


def client_ip(request: Any) -> str:
    """The address of the client: ``REMOTE_ADDR``, or, when that is one of
    ``AKKOPSI_TRUSTED_PROXIES``, the right-most address of ``X-Forwarded-For`` that is not a
    trusted proxy (what the proxy itself saw). The header of an untrusted peer is ignored:
    anyone can write it."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    networks = _trusted(tuple(settings.AKKOPSI_TRUSTED_PROXIES))
    if not networks or not _is_trusted(remote, networks):
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    for address in reversed(forwarded):
        try:
            ipaddress.ip_address(address)
        except ValueError:
            return remote  # a garbled header: the proxy's own address, never a guess
        if not _is_trusted(address, networks):
            return address
    return forwarded[0] if forwarded else remote


def client_key(request: Any) -> str:
    """What the limits count by: the client address, or for IPv6 its /64 network (one
    household or one server holds a whole /64, and could otherwise change address per try)."""
    address = client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def account_name(request: Any, credentials: dict[str, Any] | None) -> str | None:
    """The account a sign-in names (username or e-mail, any case), as axes counts it: the
    username of the account, else the typed name in lower case (so case cannot dodge it)."""
    typed = (credentials or {}).get(getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")) or ""
    if not typed:
        return None
    cached = getattr(request, "_akkopsi_account", None)
    if cached and cached[0] == typed:
        return cached[1]
    from akkopsi.accounts.models import User

    names = list(
        User.objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed)).values_list(
            "username", flat=True
        )[:2]
    )
    name = names[0] if len(names) == 1 else typed.lower()
    if request is not None:
        request._akkopsi_account = (typed, name)
    return name


def _recent() -> Any:
    hours = settings.AXES_COOLOFF_TIME or 0
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - timedelta(hours=hours))


def address_failures(address: str) -> int:
    """Failed sign-ins from ``address`` over all accounts within the cool-off."""
    total = _recent().filter(ip_address=address).aggregate(n=Sum("failures_since_start"))["n"]
    return total or 0


def account_braked(username: str | None, address: str) -> bool:
    """Is the account under a distributed attack, and ``address`` new to it?"""
    if not username:
        return False
    addresses = _recent().filter(username=username).values("ip_address").distinct().count()
    if addresses < settings.AKKOPSI_ACCOUNT_ADDRESS_LIMIT:
        return False
    return not AccessLog.objects.filter(username=username, ip_address=address).exists()


def clear_failures(username: str) -> None:
    """The account's failed sign-ins, forgotten (after its password was changed or reset)."""
    AccessAttempt.objects.filter(username=username).delete()


class AxesHandler(AxesDatabaseHandler):
    """axes' database handler with the address limit and the account brake added."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        failures: int = super().get_failures(request, credentials)
        limit: int = get_failure_limit(request, credentials)
        if failures >= limit:
            return failures
        address = request.axes_ip_address
        if address_failures(address) >= settings.AKKOPSI_ADDRESS_FAILURE_LIMIT:
            return limit
        if account_braked(account_name(request, credentials), address):
            return limit
        return failures


class TokenThrottle(ScopedRateThrottle):
    """DRF's scoped throttle, counting per real client (see client_key), not per proxy."""

    def get_ident(self, request: Any) -> str:
        return client_key(request)


def take(scope: str, key: str, limit: int, window: timedelta) -> bool:
    """Count one request under ``scope``/``key``; False when ``limit`` were already counted
    within ``window`` (the request is then not counted)."""
    from akkopsi.accounts.models import ThrottleHit

    now = timezone.now()
    hits = ThrottleHit.objects.filter(scope=scope, key=key)
    hits.filter(at__lt=now - window).delete()
    if hits.count() >= limit:
        return False
    ThrottleHit.objects.create(scope=scope, key=key, at=now)
    return True


RESET_WINDOW = timedelta(hours=1)


def reset_allowed_from(request: Any) -> bool:
    """May this address ask for another password reset now?"""
    return take(
        "reset-address", client_key(request), settings.AKKOPSI_RESET_PER_ADDRESS, RESET_WINDOW
    )


def reset_allowed_for(email: str) -> bool:
    """May another reset e-mail go to this address now? (Asked only after the address check.)"""
    return take(
        "reset-account", email.strip().lower(), settings.AKKOPSI_RESET_PER_ACCOUNT, RESET_WINDOW
    )
