"""Signals other apps listen to without units importing them."""

from django.dispatch import Signal

# Sent inside the transaction that dissolved a unit; kwargs: unit, successors (list), on
# (the date). Reporting moves the unit's open deadlines to its successor.
unit_dissolved = Signal()
