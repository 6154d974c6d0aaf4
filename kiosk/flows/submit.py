"""Submitting a dossier (Nộp hồ sơ) at the kiosk.

procedure detail → identify (the identify steps, under their own names, so the Identity
bridge drives them here exactly as in its own flow) → form → consent → delivery → review
→ sending → payment (only when a known fee is owed and the dossier reached the portal)
→ receipt → start screen; there is no "back" from the payment or the receipt. "Change"
links on the review go back to the form, the consent or the delivery; the sending step
waits for the outbox and is never returned to.
"""

from kiosk.flows.base import Flow, Step
from kiosk.flows.identify import CONFIRM, READING, START

FORM = "submit_form"
CONSENT = "submit_consent"
DELIVERY = "submit_delivery"
REVIEW = "submit_review"
SENDING = "submit_sending"
PAYMENT = "submit_payment"
RECEIPT = "submit_receipt"

SUBMIT = Flow(
    name="submit",
    first=START,
    steps={
        # The same names and edges as kiosk.flows.identify, plus the way on to the form.
        START: Step(START, screen="identify", requires=("code",), next=(READING,)),
        READING: Step(READING, screen="identify_reading", next=(CONFIRM, START),
                      times_out=False),
        CONFIRM: Step(CONFIRM, screen="identify_confirm", requires=("identified",),
                      next=(START, FORM)),
        FORM: Step(FORM, screen="submit_form", requires=("code", "identified"),
                   next=(CONSENT, REVIEW)),
        CONSENT: Step(CONSENT, screen="submit_consent", requires=("code",),
                      next=(DELIVERY, REVIEW)),
        DELIVERY: Step(DELIVERY, screen="submit_delivery", requires=("consented",),
                       next=(REVIEW,)),
        REVIEW: Step(REVIEW, screen="submit_review", requires=("consented", "delivery"),
                     next=(FORM, CONSENT, DELIVERY, SENDING)),
        # Storing and the first send have their own timeouts; nobody needs to touch.
        SENDING: Step(SENDING, screen="submit_sending", next=(PAYMENT, RECEIPT, REVIEW),
                      times_out=False),
        # The dossier is stored and sent: it is never reviewed or paid twice, so "back"
        # is not offered; the screens' own buttons and "Home" go on.
        PAYMENT: Step(PAYMENT, screen="submit_payment", requires=("dossier",),
                      next=(RECEIPT,), back=False),
        RECEIPT: Step(RECEIPT, screen="submit_receipt", requires=("reference",), back=False),
    },
)
