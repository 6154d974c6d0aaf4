"""Every flow the kiosk offers, by name: the table the Navigator is built with."""

from kiosk.flows.identify import IDENTIFY
from kiosk.flows.lookup import LOOKUP
from kiosk.flows.status import STATUS
from kiosk.flows.submit import SUBMIT

FLOWS = {flow.name: flow for flow in (LOOKUP, IDENTIFY, SUBMIT, STATUS)}

__all__ = ["FLOWS"]
