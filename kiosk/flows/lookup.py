"""Looking up an administrative procedure: search as you type, then read one in full."""

from kiosk.flows.base import Flow, Step

LOOKUP = Flow(
    name="lookup",
    first="search",
    steps={
        # The typed query lives in the kiosk's text input (ui), kept until the session is
        # wiped, so "back" from a procedure returns to the same results.
        "search": Step("search", screen="search", next=("detail",)),
        "detail": Step("detail", screen="detail", requires=("code",)),
    },
)
