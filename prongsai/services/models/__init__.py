"""The public services' models: the catalogue (services and their revisions, forms); the queue, e-Feedback and the
mystery-shopper rounds each in a module of their own."""

from prongsai.services.models.catalogue import (
    CONTENT_FIELDS,
    NO_FEE,
    NONE,
    Service,
    ServiceForm,
    ServiceRevision,
    _form_path,  # named by migration 0001
)
from prongsai.services.models.feedback import Feedback
from prongsai.services.models.mystery import MysteryFinding, MysteryRound, MysteryVisit
from prongsai.services.models.queue import Counter, PointService, QueueEvent, ServicePoint, Ticket
from prongsai.services.models.times import TimeSample

__all__ = [
    "CONTENT_FIELDS",
    "NONE",
    "NO_FEE",
    "Counter",
    "Feedback",
    "MysteryFinding",
    "MysteryRound",
    "MysteryVisit",
    "PointService",
    "QueueEvent",
    "Service",
    "ServiceForm",
    "ServicePoint",
    "ServiceRevision",
    "Ticket",
    "TimeSample",
    "_form_path",
]
