"""Following a dossier (Tra cứu hồ sơ): by its code, a receipt's QR, or the citizen's chip.

The citizen types the dossier code (checked as typed), or scans the receipt's QR from any
screen, or identifies with the chip ID card to see all their dossiers; each way ends on
the dossier's status: a timeline of the national statuses and what to do next.
"""

from kiosk.flows.base import Flow, Step

ENTRY = "status_entry"
VIEW = "status_view"
MINE = "status_mine"

STATUS = Flow(
    name="status",
    first=ENTRY,
    steps={
        ENTRY: Step(ENTRY, screen="status_entry", next=(VIEW, MINE)),
        # `code`: what was asked for, canonical (a MaHoSo or the kiosk's LK- reference).
        VIEW: Step(VIEW, screen="status_view", requires=("code",)),
        MINE: Step(MINE, screen="status_mine", next=(VIEW,)),
    },
)
