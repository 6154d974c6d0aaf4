"""Looking up an administrative procedure: search as you type, then read one in full."""

from kiosk.flows.base import Flow, Step

LOOKUP = Flow(
    name="lookup",
    first="search",
    steps={
        # The query and filters live in the step's state so "back" from a procedure
        # returns to the same results.
        "search": Step("search", screen="search", next=("detail",)),
        "detail": Step("detail", screen="detail", requires=("code",)),
    },
)

FLOWS = {LOOKUP.name: LOOKUP}
