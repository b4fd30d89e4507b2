"""Read side of the Rapor Sanitasi: everything about one member in a constant number of queries.

The report is built from what the other apps hold (data, planning, awards, dues,
coordination) through their own read helpers where they exist; what they lack is read here,
set-based: one query per table whatever the length of the member's history. It is returned as
typed read models (``akkopsi.rapor.readmodel``), block by block (``blocks``: access and money;
``alliance``: plan, award, dues, actions, meetings, summit and cycle).

Who sees what (``Audience``): the public and anyone without the member's private data see
verified figures only and no plan, dues or action items; the member's own staff and the
secretariat see their unverified data too (labelled), the plan, dues and actions; the
treasurer sees the dues. Peers' figures are always verified figures (``peers``).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from akkopsi.accounts.models import User
from akkopsi.core import numbering
from akkopsi.core.dates import today
from akkopsi.data import queries as q
from akkopsi.data.choices import SubmissionStatus
from akkopsi.data.models import Submission
from akkopsi.members.models import HeadOfRegion, Member
from akkopsi.rapor import access
from akkopsi.rapor.alliance import (
    ALLIANCE_WIDE,
    MEETING_HORIZON,
    alliance_block,
    award_block,
    plan_block,
    plan_figures,
)
from akkopsi.rapor.blocks import (
    ACCESS,
    FIRST_YEAR,
    HOUSEHOLD_GAP,
    Context,
    access_block,
    money_block,
)
from akkopsi.rapor.models import IssuedReport
from akkopsi.rapor.peers import (
    MIN_PEERS,
    POPULATION_CLASSES,
    peer_populations,
    peer_rule,
    population_class,
    population_class_label,
)
from akkopsi.rapor.readmodel import Audience, Report

#: The names this module had when it held the whole report (kept for its callers).
__all__ = [
    "ACCESS",
    "ALLIANCE_WIDE",
    "FIRST_YEAR",
    "HOUSEHOLD_GAP",
    "MEETING_HORIZON",
    "MIN_PEERS",
    "NUMBER_KIND",
    "POPULATION_CLASSES",
    "Audience",
    "Report",
    "build",
    "issue_number",
    "peer_populations",
    "peer_rule",
    "plan_figures",
    "population_class",
    "population_class_label",
]

#: The numbering kind of printed reports: RAPOR/2015/0001 (``akkopsi.core.numbering``).
NUMBER_KIND = "RAPOR"


def _context(member: Member, user: User | AnonymousUser | None, public: bool, on: date) -> Context:
    """The member's data statuses as they stood on the report's date ("keadaan per"), its
    peers and who looks."""
    statuses = {
        year: status
        for (_m, year), status in q.statuses_on(
            on, Submission.objects.filter(member=member, year__lte=on.year)
        ).items()
    }
    pops, _pop_year = peer_populations(member, on.year)
    province_of = dict(
        Member.objects.filter(regency__kind=member.regency.kind).values_list(
            "pk", "regency__province_id"
        )
    )
    return Context(
        member=member,
        on=on,
        audience=access.audience_of(user, member, public=public),
        statuses=statuses,
        rule=peer_rule(member, pops, province_of),
        pops=pops,
    )


def build(
    member: Member,
    user: User | AnonymousUser | None,
    *,
    public: bool = False,
    on: date | None = None,
) -> Report:
    """The whole report of ``member`` as ``user`` may see it (a constant number of queries)."""
    ctx = _context(member, user, public, on or today())
    on, audience = ctx.on, ctx.audience
    head = HeadOfRegion.objects.serving_on(on).filter(member=member).first()
    access = access_block(ctx)
    money = money_block(ctx)
    plan = plan_block(member, on, audience)
    award = award_block(member, on)
    alliance = alliance_block(member, on, audience, user if not public else None)
    if audience.unverified:
        status = ctx.statuses.get(alliance.cycle.year) if alliance.cycle else None
        label = str(SubmissionStatus(status).label) if status else None
        alliance = replace(alliance, submission=label)
    return Report(
        member=member,
        on=on,
        audience=audience,
        head=head,
        access=access,
        money=money,
        plan=plan,
        award=award,
        alliance=alliance,
    )


# ----------------------------------------------------------------------------- numbering


def issue_number(
    *, member: Member, by: User | AnonymousUser | None, public: bool, on: date | None = None
) -> IssuedReport:
    """Record a printed report and give it the next number of its year (gapless:
    ``akkopsi.core.numbering``)."""
    on = on or today()
    with transaction.atomic():
        sequence_no = numbering.next_number(NUMBER_KIND, on.year)
        return IssuedReport.objects.create(
            number=numbering.formatted(NUMBER_KIND, on.year, sequence_no),
            year=on.year,
            sequence_no=sequence_no,
            member=member,
            issued_on=on,
            issued_by=by if isinstance(by, User) and by.is_authenticated else None,
            public_version=public,
        )
