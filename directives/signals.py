"""Signals other apps listen to without directives importing them."""

from django.dispatch import Signal

# Sent after the transaction that issued a plan commits; kwargs: document_id, previous_id
# (the version it replaces, or None). Reporting generates the plan's deadlines from it.
plan_issued = Signal()
