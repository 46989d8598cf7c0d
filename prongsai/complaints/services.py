"""Every change to a complaint case goes through here: filing, messages, steps, reads, the clock.

Writes are atomic: a report with its attachments is saved whole or not at all (files written
before a failed transaction are removed again). Case numbers come from a locked counter row per
organisation and year. Notifications are sent by the worker after the commit (``notices``) and say
only that something is waiting, with a link: never the category, text or anything of the reporter.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prongsai.accounts.models import User
from prongsai.complaints import crypto, notices, onetime, receipts
from prongsai.complaints.attachments import remove as _remove
from prongsai.complaints.attachments import store as _store_attachments
from prongsai.complaints.models import Access, Attachment, Case, CaseCounter, Message, Policy
from prongsai.core.publiccache import public_pages_changed
from prongsai.core.thai import fiscal_year
from prongsai.core.uploads import MAX_UPLOAD_BYTES, CleanFile
from prongsai.orgs.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

RECIPIENT_ROLES = (Role.EXECUTIVE, Role.ETHICS_COMMITTEE)
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = MAX_UPLOAD_BYTES

# The workflow: state -> the states a recipient may move it to.
NEXT_STATES: dict[str, tuple[str, ...]] = {
    Case.State.RECEIVED: (Case.State.ACKNOWLEDGED,),
    Case.State.ACKNOWLEDGED: (Case.State.FACT_FINDING,),
    Case.State.FACT_FINDING: (Case.State.CONCLUDED,),
    Case.State.CONCLUDED: (Case.State.CLOSED,),
    Case.State.CLOSED: (),
}


class CaseError(ValueError):
    """A step or message that cannot be taken; the message is for the user."""


@dataclass
class ReportData:
    category: str
    reporter_kind: str
    what: str
    when: str = ""
    where: str = ""
    who: str = ""
    contact: str = ""  # empty unless the reporter chose to give it
    excluded: Sequence[User] = field(default_factory=list)


def policy_for(org: Organisation) -> Policy:
    policy = Policy.objects.filter(organisation=org).first()
    if policy is None:
        try:
            with transaction.atomic():
                policy = Policy.objects.create(organisation=org, receipt_salt=secrets.token_bytes(16))
        except IntegrityError:
            policy = Policy.objects.get(organisation=org)
    return policy


def candidate_recipients(org: Organisation) -> QuerySet[User]:
    """Everyone a new report of ``org`` goes to by default: its executives and ethics committee."""
    ids = Membership.objects.filter(organisation=org, role__in=RECIPIENT_ROLES, user__is_active=True).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


def recipients(case: Case) -> QuerySet[User]:
    return candidate_recipients(case.organisation).exclude(pk__in=case.excluded.values("pk"))


def is_recipient(user: User | object, case: Case) -> bool:
    return isinstance(user, User) and user.is_authenticated and recipients(case).filter(pk=user.pk).exists()


def cases_for(user: User, org: Organisation) -> QuerySet[Case]:
    """The cases of ``org`` routed to ``user`` (none unless executive or ethics committee, and not excluded)."""
    if not candidate_recipients(org).filter(pk=user.pk).exists():
        return Case.objects.none()
    return Case.objects.filter(organisation=org).exclude(excluded=user)


# --------------------------------------------------------------------------
# Reading (decrypting) a case


def report_fields(case: Case) -> dict[str, str]:
    data = json.loads(crypto.decrypt(case.report))
    return {key: str(data.get(key, "")) for key in ("what", "when", "where", "who")}


def contact_text(case: Case) -> str:
    return crypto.decrypt_text(case.contact) if case.contact else ""


def message_body(message: Message) -> str:
    return crypto.decrypt_text(message.body)


def attachment_name(attachment: Attachment) -> str:
    return crypto.decrypt_text(attachment.name)


def attachment_bytes(attachment: Attachment) -> bytes:
    with default_storage.open(attachment.path, "rb") as handle:
        return crypto.decrypt(handle.read())


def log_access(case: Case, user: User, action: str, detail: str = "") -> None:
    Access.objects.create(case=case, user=user, action=action, detail=detail[:200])


def recipient_opened(case: Case, user: User, *, log: bool = True) -> None:
    if log:
        log_access(case, user, Access.Action.READ_CASE)
    if case.recipients_unread:
        Case.objects.filter(pk=case.pk).update(recipients_unread=False)
        case.recipients_unread = False


# --------------------------------------------------------------------------
# Filing


def _next_sequence(case: Case) -> int:
    return int(case.messages.aggregate(top=Max("sequence"))["top"] or 0) + 1


def _highest_number(org: Organisation, year: int) -> int:
    numbers = Case.objects.filter(organisation=org, fiscal_year=year).values_list("number", flat=True)
    tails = (number.rsplit("-", 1)[-1] for number in numbers)
    return max((int(tail) for tail in tails if tail.isdigit()), default=0)


def _take_number(org: Organisation, year: int) -> str:
    """The next case number of ``org`` in ``year``, from its counter row, locked until the transaction ends.

    A counter made for a year that has cases already (data from before the counter) starts after the highest
    number; deleting a case never makes a later number collide."""
    counter = CaseCounter.objects.select_for_update().filter(organisation=org, fiscal_year=year).first()
    if counter is None:
        counter, _created = CaseCounter.objects.select_for_update().get_or_create(
            organisation=org, fiscal_year=year, defaults={"last": _highest_number(org, year)}
        )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{year}-{counter.last:04d}"


def file_report(
    org: Organisation, data: ReportData, files: Sequence[CleanFile], *, today: date, receipt: str | None = None
) -> tuple[Case, str]:
    """Save a new report with its attachments; return the case and its receipt (shown once, never stored).

    ``receipt`` is for the demo only (a receipt printed in the README); reports always get a random one.
    The recipients are notified by the worker once the case has committed (``notices``).
    """
    policy = policy_for(org)
    year = fiscal_year(today)
    allowed = set(candidate_recipients(org).values_list("pk", flat=True))
    excluded = [user for user in data.excluded if user.pk in allowed]
    if allowed and not allowed - {user.pk for user in excluded}:
        raise CaseError(_("At least one recipient must receive the report."))
    report = crypto.encrypt_text(
        json.dumps({"what": data.what, "when": data.when, "where": data.where, "who": data.who}, ensure_ascii=False)
    )
    contact = crypto.encrypt_text(data.contact) if data.contact.strip() else None
    fixed = receipt
    for _attempt in range(3):  # two reports may, once in 10^16, get the same receipt
        receipt = fixed or receipts.new_receipt()
        hashed = receipts.receipt_hash(policy.receipt_salt, receipt)  # slow: before any lock is taken
        written: list[str] = []
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    organisation=org,
                    number=_take_number(org, year),
                    fiscal_year=year,
                    category=data.category,
                    reporter_kind=data.reporter_kind,
                    received_on=today,
                    due_on=today + timedelta(days=policy.clock_days(data.category)),
                    receipt_hash=hashed,
                    report=report,
                    contact=contact,
                )
                case.excluded.set(excluded)
                public_pages_changed(org.pk)  # the public board counts it
                written = _store_attachments(case, None, files, from_reporter=True, today=today)
                notices.after_commit(case.pk, "new", "new")
        except IntegrityError:
            _remove(written)
            if Case.objects.filter(organisation=org, receipt_hash=hashed).exists():
                continue
            raise
        except BaseException:
            _remove(written)
            raise
        return case, receipt
    raise CaseError(_("The report could not be saved. Please send it again."))


def file_report_from_form(
    org: Organisation, data: ReportData, files: Sequence[CleanFile], *, today: date, nonce: str
) -> str:
    """File the report of the form whose one-time nonce is ``nonce``; return its receipt page's token.

    Raises ``onetime.FormAlreadySent`` when this form filed a report before (nothing is filed again)."""
    view = onetime.new_view_token()
    try:
        with transaction.atomic():
            if not onetime.consume("report", nonce, today=today, view=view):
                raise onetime.FormAlreadySent(onetime.view_of_sent_form("report", nonce))
            case, receipt = file_report(org, data, files, today=today)
            days = (case.due_on - case.received_on).days
            onetime.keep_receipt(view, {"receipt": receipt, "days": days})
    except IntegrityError:  # the same form, sent twice at the same moment: the other one filed it
        raise onetime.FormAlreadySent(onetime.view_of_sent_form("report", nonce)) from None
    return view


def find_case(org: Organisation, receipt: str) -> Case | None:
    policy = policy_for(org)
    return Case.objects.filter(
        organisation=org, receipt_hash=receipts.receipt_hash(policy.receipt_salt, receipt)
    ).first()


# --------------------------------------------------------------------------
# Messages


def _add_message(
    case: Case,
    *,
    author_kind: str,
    author: User | None,
    body: str,
    today: date,
    internal: bool = False,
    nonce: str = "",
    from_state: str = "",
    to_state: str = "",
) -> Message | None:
    """Append a message; None when this form's nonce was used already (a form sent twice)."""
    if nonce and Message.objects.filter(case=case, nonce=nonce).exists():
        return None
    return Message.objects.create(
        case=case,
        author_kind=author_kind,
        author=author,
        body=crypto.encrypt_text(body),
        internal=internal,
        nonce=nonce,
        from_state=from_state,
        to_state=to_state,
        created_on=today,
        sequence=_next_sequence(case),
    )


def reporter_writes(case: Case, body: str, files: Sequence[CleanFile], *, nonce: str, today: date) -> bool:
    """The reporter answers or adds information; False when the same form was sent before."""
    if not body.strip() and not files:
        raise CaseError(_("Write a message or attach a file."))
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Case.objects.select_for_update().get(pk=case.pk)
            message = _add_message(
                locked, author_kind=Message.Author.REPORTER, author=None, body=body, today=today, nonce=nonce
            )
            if message is None:
                return False
            written = _store_attachments(locked, message, files, from_reporter=True, today=today)
            Case.objects.filter(pk=case.pk).update(recipients_unread=True, reporter_unread=False)
            notices.after_commit(case.pk, "reporter", f"reporter:{message.pk}")
    except BaseException:
        _remove(written)
        raise
    return True


def reporter_opened(case: Case) -> None:
    if case.reporter_unread:
        Case.objects.filter(pk=case.pk).update(reporter_unread=False)


def recipient_writes(case: Case, user: User, body: str, *, internal: bool, today: date) -> Message:
    if not is_recipient(user, case):
        raise CaseError(_("Only the case's recipients may write in it."))
    if not body.strip():
        raise CaseError(_("Write the message."))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        message = _add_message(
            locked, author_kind=Message.Author.RECIPIENT, author=user, body=body, today=today, internal=internal
        )
        assert message is not None
        log_access(case, user, Access.Action.WROTE, _("between recipients") if internal else _("to the reporter"))
        if not internal:
            Case.objects.filter(pk=case.pk).update(reporter_unread=True)
        notices.after_commit(case.pk, "message", f"message:{message.pk}", except_user_id=user.pk)
    return message


# --------------------------------------------------------------------------
# Steps


STEP_MESSAGES: dict[str, StrOrPromise] = {
    Case.State.ACKNOWLEDGED: gettext_lazy("Your report has been received and will be looked into."),
    Case.State.FACT_FINDING: gettext_lazy("Fact-finding on your report has started."),
    Case.State.CONCLUDED: gettext_lazy("The fact-finding on your report has been concluded."),
    Case.State.CLOSED: gettext_lazy("The case is closed."),
}


def step(
    case: Case,
    user: User,
    to_state: str,
    *,
    message: str,
    today: date,
    outcome: str = "",
    referred_to: str = "",
) -> Case:
    """Move ``case`` one step on; every step writes a message to the reporter (a standard one when empty)."""
    if not is_recipient(user, case):
        raise CaseError(_("Only the case's recipients may change its state."))
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if to_state not in NEXT_STATES.get(locked.state, ()):
            raise CaseError(_("This case cannot go from its state to that one."))
        if to_state == Case.State.CONCLUDED:
            if outcome not in Case.Outcome.values:
                raise CaseError(_("Choose the outcome of the fact-finding."))
            if outcome == Case.Outcome.REFERRED and not referred_to.strip():
                raise CaseError(_("Name the agency the case was referred to."))
            locked.outcome = outcome
            locked.referred_to = referred_to.strip() if outcome == Case.Outcome.REFERRED else ""
            locked.concluded_on = today
        elif to_state == Case.State.ACKNOWLEDGED:
            locked.acknowledged_on = today
        elif to_state == Case.State.FACT_FINDING:
            locked.fact_finding_on = today
        elif to_state == Case.State.CLOSED:
            locked.closed_on = today
        from_state = locked.state
        locked.state = to_state
        locked.reporter_unread = True
        locked.save()
        text = message.strip() or str(STEP_MESSAGES[to_state])
        _add_message(
            locked,
            author_kind=Message.Author.RECIPIENT,
            author=user,
            body=text,
            today=today,
            from_state=from_state,
            to_state=to_state,
        )
        log_access(locked, user, Access.Action.STEP, f"{from_state} → {to_state}")
        public_pages_changed(locked.organisation_id)
    return locked


def set_legal_hold(case: Case, user: User, hold: bool) -> None:
    if not is_recipient(user, case):
        raise CaseError(_("Only the case's recipients may change its state."))
    Case.objects.filter(pk=case.pk).update(legal_hold=hold)
    log_access(case, user, Access.Action.STEP, _("legal hold on") if hold else _("legal hold off"))
