"""Identifying a citizen with the chip ID card (Xác thực bằng CCCD).

The citizen places the card on the reader and types the ID number and date of birth
(the keys that open the chip); the kiosk reads and verifies the chip, shows the name,
date of birth and residence, and the citizen confirms it is them. Any failure goes back
to the first step with the reason (`error`, a translation key) in its state.
"""

from kiosk.flows.base import Flow, Step

START = "identify_start"
READING = "identify_reading"
CONFIRM = "identify_confirm"

IDENTIFY = Flow(
    name="identify",
    first=START,
    steps={
        START: Step(START, screen="identify", next=(READING,)),
        # The read has its own timeouts; nobody is expected to touch the screen meanwhile.
        READING: Step(READING, screen="identify_reading", next=(CONFIRM, START),
                      times_out=False),
        # Personal data is on screen: the idle timer runs, and its wipe forgets it.
        CONFIRM: Step(CONFIRM, screen="identify_confirm", requires=("identified",),
                      next=(START,)),
    },
)
