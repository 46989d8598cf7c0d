"""Anonymous complaints and whistleblower reports.

What could identify a reporter is never stored: no IP address, user agent, referrer,
cookie or account; the day a report arrives, not the minute. What the reporter and the
recipients write is stored encrypted (`crypto.py`); the receipt only as a slow hash.
Nothing here is ever deleted automatically: `Policy.retention_years` only sets when a closed case without a
legal hold is due for review.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from prongsai.orgs.models import Organisation

DEFAULT_CLOCK_DAYS = 15  # the seed's measure: fact-finding finished within 15 days


class Category(models.TextChoices):
    CORRUPTION = "corruption", _("Corruption and misconduct")
    ABUSE_OF_POWER = "abuse_of_power", _("Abuse of power")
    STATE_PROPERTY = "state_property", _("Private use of state property")
    GENERAL = "general", _("General complaint")


class ReporterKind(models.TextChoices):
    PUBLIC = "public", _("A member of the public")
    STAFF = "staff", _("Staff of the organisation")


class Policy(models.Model):
    """An organisation's complaint rules: the fact-finding clock per category and the retention policy."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="complaint_policy", verbose_name=_("organisation")
    )
    days_corruption = models.PositiveSmallIntegerField(
        _("days for corruption and misconduct"), default=DEFAULT_CLOCK_DAYS
    )
    days_abuse_of_power = models.PositiveSmallIntegerField(_("days for abuse of power"), default=DEFAULT_CLOCK_DAYS)
    days_state_property = models.PositiveSmallIntegerField(_("days for state property"), default=DEFAULT_CLOCK_DAYS)
    days_general = models.PositiveSmallIntegerField(_("days for general complaints"), default=DEFAULT_CLOCK_DAYS)
    retention_years = models.PositiveSmallIntegerField(
        _("keep closed cases for (years)"),
        default=10,
        help_text=_(
            "After this, a closed case without a legal hold is listed for review; nothing is deleted automatically."
        ),
    )
    receipt_salt = models.BinaryField(_("receipt salt"), max_length=16, editable=False)

    class Meta:
        verbose_name = _("complaint policy")
        verbose_name_plural = _("complaint policies")

    def __str__(self) -> str:
        return str(self.organisation)

    def clock_days(self, category: str) -> int:
        return int(getattr(self, f"days_{category}", DEFAULT_CLOCK_DAYS))


class Case(models.Model):
    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        FACT_FINDING = "fact_finding", _("Fact-finding")
        CONCLUDED = "concluded", _("Concluded")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        SUBSTANTIATED = "substantiated", _("Substantiated")
        NOT_SUBSTANTIATED = "not_substantiated", _("Not substantiated")
        REFERRED = "referred", _("Referred to another agency")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="complaint_cases", verbose_name=_("organisation")
    )
    number = models.CharField(_("case number"), max_length=16)  # 2569-0007: fiscal year and sequence
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    reporter_kind = models.CharField(_("reporter"), max_length=10, choices=ReporterKind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.RECEIVED)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    referred_to = models.CharField(_("referred to (agency)"), max_length=200, blank=True)
    received_on = models.DateField(_("received on"))  # the day only: the minute could be matched with other logs
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    fact_finding_on = models.DateField(_("fact-finding started on"), null=True, blank=True)
    due_on = models.DateField(_("fact-finding due on"))
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    receipt_hash = models.BinaryField(_("receipt hash"), max_length=32, editable=False)
    report = models.BinaryField(_("report (encrypted)"), editable=False)  # JSON: what, when, where, who
    contact = models.BinaryField(_("contact details (encrypted)"), null=True, editable=False)
    excluded = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("recipients excluded by the reporter")
    )
    legal_hold = models.BooleanField(_("legal hold"), default=False)
    reporter_unread = models.BooleanField(default=False)  # a recipient wrote since the reporter last looked
    recipients_unread = models.BooleanField(default=True)  # the reporter wrote since a recipient last looked

    class Meta:
        ordering = ["-received_on", "-number"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="complaint_number_unique"),
            models.UniqueConstraint(fields=["organisation", "receipt_hash"], name="complaint_receipt_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["concluded", "closed"]) | Q(outcome=""), name="complaint_outcome_when_concluded"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.state not in {self.State.CONCLUDED, self.State.CLOSED}


class Message(models.Model):
    """One entry of a case's conversation: the reporter's, a recipient's, or a step of the workflow."""

    class Author(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        RECIPIENT = "recipient", _("Recipient")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=10, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.BinaryField(editable=False)  # encrypted
    internal = models.BooleanField(
        _("between recipients only"), default=False, help_text=_("Not shown to the reporter.")
    )
    from_state = models.CharField(max_length=16, blank=True)
    to_state = models.CharField(max_length=16, blank=True)
    created_on = models.DateField()
    sequence = models.PositiveIntegerField()  # order within the case (dates are only days)
    nonce = models.CharField(max_length=64, blank=True)  # the form's one-time nonce: a resent form adds nothing

    class Meta:
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="complaint_message_sequence_unique"),
            models.UniqueConstraint(
                fields=["case", "nonce"], condition=~Q(nonce=""), name="complaint_message_nonce_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} #{self.sequence}"


class Attachment(models.Model):
    """A file given with a report or a message; the bytes are encrypted in storage, the name in the database."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(Message, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    from_reporter = models.BooleanField(default=True)
    path = models.CharField(max_length=200, editable=False)  # random name in the default storage
    name = models.BinaryField(editable=False)  # encrypted original file name
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["case", "pk"]

    def __str__(self) -> str:
        return f"{self.case} attachment {self.pk}"


class Access(models.Model):
    """Every time a recipient opens a case or an attachment: the log the recipients themselves can read."""

    class Action(models.TextChoices):
        READ_CASE = "read_case", _("opened the case")
        READ_CONTACT = "read_contact", _("read the contact details")
        READ_ATTACHMENT = "read_attachment", _("opened an attachment")
        WROTE = "wrote", _("wrote a message")
        STEP = "step", _("changed the state")
        EXPORT = "export", _("printed the case")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.action}"


class CaseCounter(models.Model):
    """The last case number given per organisation and fiscal year, taken with a row lock (never count()+1)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="complaint_counter_unique")]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.fiscal_year}: {self.last}"


class SentForm(models.Model):
    """A reporting form that has filed its report: the hash of its one-time nonce, nothing else of who sent it.

    ``view`` is the receipt page's token sealed with the form's nonce (which only the sender holds), so the
    same form sent again is sent to the same one-time receipt page instead of filing a second case.
    """

    digest = models.BinaryField(max_length=32, unique=True)
    sent_on = models.DateField()  # the day only, to remove old rows
    view = models.BinaryField(null=True)

    def __str__(self) -> str:
        return f"sent form {self.pk}"


class ReceiptView(models.Model):
    """A receipt waiting to be shown once: sealed with a key derived from the page's token (only in its URL).

    Removed when shown; one never shown is removed after ``receipts.RECEIPT_VIEW_WINDOWS`` windows.
    """

    digest = models.BinaryField(max_length=32, unique=True)
    sealed = models.BinaryField()
    window = models.PositiveIntegerField()  # ten-minute window number, for expiry only

    def __str__(self) -> str:
        return f"receipt view {self.pk}"


class ThrottleCount(models.Model):
    """A throttle counter shared by every web process: an opaque bucket name and a window, never an address."""

    name = models.CharField(max_length=80)
    window = models.PositiveIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "window"], name="complaint_throttle_unique")]
        indexes = [models.Index(fields=["window"], name="complaint_throttle_window")]

    def __str__(self) -> str:
        return f"{self.name}@{self.window}: {self.count}"
