"""Every flow the kiosk offers, by name: the table the Navigator is built with."""

from kiosk.flows.identify import IDENTIFY
from kiosk.flows.lookup import LOOKUP

FLOWS = {flow.name: flow for flow in (LOOKUP, IDENTIFY)}

__all__ = ["FLOWS"]
