from .assignments import Assignment, AssignmentTask, ReportingDuty
from .catalogue import AudienceGroup, Channel
from .documents import Document, DocumentReference, Recipient, Register
from .plans import (
    AudienceItem,
    BudgetItem,
    ChannelItem,
    ChannelTarget,
    Footnote,
    Plan,
    PlanSection,
    Purpose,
    RoadmapStep,
    Theme,
)
from .renditions import Rendition
from .seeding import SeedLoad

__all__ = [
    "Assignment",
    "AssignmentTask",
    "AudienceGroup",
    "AudienceItem",
    "BudgetItem",
    "Channel",
    "ChannelItem",
    "ChannelTarget",
    "Document",
    "DocumentReference",
    "Footnote",
    "Plan",
    "PlanSection",
    "Purpose",
    "Recipient",
    "Register",
    "Rendition",
    "ReportingDuty",
    "RoadmapStep",
    "SeedLoad",
    "Theme",
]
