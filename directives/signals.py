"""Signals other apps listen to without directives importing them."""

from django.dispatch import Signal

# Sent inside the transaction that issues a plan; kwargs: document_id, previous_id (the
# version it replaces, or None). Receivers only record follow-up work in the outbox
# (common.outbox.enqueue_on_commit): reporting generates the plan's deadlines from it.
plan_issued = Signal()
