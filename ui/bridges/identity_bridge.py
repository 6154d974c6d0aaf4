"""The `Identity` QML singleton: identify a citizen with the chip ID card.

Thin: the core checks the keys, reads the chip and keeps the identity in the session;
this class checks what was typed, moves the flow along and shows the result. The read
runs off the main thread (IdentityService); its outcome comes back by a queued signal.
A card taken out of the reader, or a session wipe, forgets the identity at once.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtCore import Property, QObject, Qt, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton

from kiosk.flows.base import FlowError
from kiosk.flows.identify import CONFIRM, READING, START
from kiosk.identity.model import Provenance
from kiosk.identity.service import IDENTITY_KEY
from ui.bridges.context import context_for

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1

_DOB = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})|(\d{2})(\d{2})(\d{4})")


def parse_id(text: str) -> str | None:
    digits = "".join(text.split())
    return digits if len(digits) == 12 and digits.isascii() and digits.isdigit() else None


def parse_dob(text: str, today: date | None = None) -> date | None:
    """DD/MM/YYYY (or DD.MM.YYYY, DD-MM-YYYY, DDMMYYYY), a real day, not in the future."""
    m = _DOB.fullmatch("".join(text.split()))
    if m is None:
        return None
    d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
    try:
        value = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    if value > (today or date.today()) or value.year < 1900:
        return None
    return value


# Failures that mean "no chip to read", after which a scanned card QR stands on its own.
_NO_CHIP = frozenset({"card.absent", "reader.none", "reader.no_service", "reader.unplugged",
                      "reader.stopped"})


@QmlNamedElement("Identity")
@QmlSingleton
class IdentityBridge(QObject):
    changed = Signal()
    # From the job thread: one object (a tuple), never a bare None (see catalog_bridge).
    _readDone = Signal(object)
    _cardRemoved = Signal(object)
    _demoToggled = Signal(object)
    _staffChanged = Signal(object)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._app = ctx.app
        self._state = "idle"
        self._error = ""
        self._generation = 0  # which read the screen waits for; others are stale
        # The card's QR, scanned: its identity stands on its own when no chip can be read
        # (no card on the reader); it is dropped with the read it came with.
        self._qr_identity = None
        self._keep = False  # set while a flow takes the confirmed identity with it
        self._readDone.connect(self._on_read_done, Qt.ConnectionType.QueuedConnection)
        self._cardRemoved.connect(self._on_card_removed, Qt.ConnectionType.QueuedConnection)
        self._demoToggled.connect(self._on_demo_toggled, Qt.ConnectionType.QueuedConnection)
        if self._app.identity is not None:
            self._app.identity.on_card_removed(lambda: self._cardRemoved.emit(("removed",)))
        self._app.session.on_wipe(self._on_wipe)
        self._app.navigator.on_change(self._on_position)
        self._staffChanged.connect(self._on_staff, Qt.ConnectionType.QueuedConnection)
        if self._app.staff is not None:
            self._app.staff.on_change(lambda active: self._staffChanged.emit((active,)))

    @staticmethod
    def create(engine):
        return context_for(engine).singleton(IdentityBridge)

    @Property(str, constant=True)
    def noExpiryText(self) -> str:
        """What a card that never expires says in its expiry box, in Vietnamese."""
        from kiosk.identity.access import NO_EXPIRY_PRINTED

        return NO_EXPIRY_PRINTED

    # -- the demo's sample card (sim:// only) ----------------------------------------------
    def _demo(self):
        return getattr(self._app.identity, "demo_card", None)

    @Property(bool, constant=True)
    def demoCard(self) -> bool:
        """True when the reader is simulated and a sample card can be placed on it."""
        return self._demo() is not None

    @Property(bool, notify=changed)
    def demoCardInserted(self) -> bool:
        demo = self._demo()
        return bool(demo and demo.inserted)

    @Slot()
    def toggleDemoCard(self) -> None:
        demo = self._demo()
        if demo is not None:
            demo.toggle(lambda inserted, error: self._demoToggled.emit((inserted, error)))

    def _on_demo_toggled(self, done: tuple) -> None:
        _inserted, error = done
        if error:
            self._error = error
        self.changed.emit()

    # -- what QML shows ------------------------------------------------------------------
    @Property(str, notify=changed)
    def state(self) -> str:
        """"idle", "reading", "read", "confirmed" or "error"."""
        return self._state

    @Property(str, notify=changed)
    def errorKey(self) -> str:
        return self._error

    def _identity(self):
        return self._app.session.get(IDENTITY_KEY)

    # The citizen's own screen: nothing is masked here (masking is for logs and staff).
    @Property(str, notify=changed)
    def fullName(self) -> str:
        ident = self._identity()
        return (ident.full_name or "") if ident is not None else ""

    @Property(str, notify=changed)
    def dateOfBirth(self) -> str:
        ident = self._identity()
        if ident is None or ident.date_of_birth is None:
            return ""
        return ident.date_of_birth.strftime("%d/%m/%Y")

    @Property(str, notify=changed)
    def residence(self) -> str:
        ident = self._identity()
        return (ident.residence or "") if ident is not None else ""

    @Property(str, notify=changed)
    def faceUrl(self) -> str:
        """The chip's face image for the officer (assisted mode only); "" otherwise."""
        return f"image://face/{self._generation}" if self._ctx.face else ""

    @Property(bool, notify=changed)
    def fromQrOnly(self) -> bool:
        """The details come from the card's printed QR; the chip was not read."""
        ident = self._identity()
        return ident is not None and ident.provenance_of("full_name") is Provenance.QR

    @Property(bool, notify=changed)
    def verified(self) -> bool:
        ident = self._identity()
        return ident is not None and ident.meets("full_name", Provenance.CHIP_VERIFIED)

    # -- what QML asks -------------------------------------------------------------------
    @Slot()
    def begin(self) -> None:
        self._app.session.idle.touch()
        self._set("idle", "")
        self._guard(self._app.navigator.begin, "identify")

    @Slot(str, str, str)
    def startRead(self, id_text: str, dob_text: str, expiry_text: str) -> None:
        """`expiry_text`: the expiry printed on the card, typed when the ones the kiosk
        derives from the birth date did not open it ("" when not typed)."""
        if self._state == "reading":
            return
        self._qr_identity = None  # typed keys: a QR scanned earlier does not stand in
        id_number = parse_id(id_text)
        if id_number is None:
            self._fail("keys.bad_id")
            return
        dob = parse_dob(dob_text)
        if dob is None:
            self._fail("keys.bad_dob")
            return
        expiry = None
        if expiry_text.strip():
            from kiosk.identity.access import AccessKeyError, parse_typed_expiry

            try:
                expiry = parse_typed_expiry(expiry_text, dob=dob)
            except AccessKeyError as exc:
                self._fail(exc.key)
                return
        service = self._app.identity
        if service is None:
            self._fail("reader.none")
            return
        service.start()  # a no-op once started; never blocks
        self._generation += 1
        generation, session_id = self._generation, self._app.session.id
        self._set("reading", "")
        self._guard(self._app.navigator.go, READING)
        service.read(id_number, dob, expiry=expiry,
                     on_done=lambda outcome: self._readDone.emit((generation, session_id, outcome)))

    def use_card_qr(self, text: str) -> None:
        """The card's QR was scanned (on the start or identify screen): read the chip with
        the keys it gives, or take the QR alone when no card is on the reader."""
        from kiosk.identity.card_qr import CardQrError, parse_card_qr

        if self._state == "reading":
            return
        here = self._app.navigator.current
        if here is None or here.step != START:
            self._set("idle", "")
            self._guard(self._app.navigator.begin, "identify")
        try:
            qr = parse_card_qr(text)
        except CardQrError as exc:
            self._fail(exc.key)
            return
        service = self._app.identity
        self._qr_identity = qr.to_identity()
        if service is None:
            self._accept_qr_only()
            return
        service.start()
        self._generation += 1
        generation, session_id = self._generation, self._app.session.id
        self._set("reading", "")
        self._guard(self._app.navigator.go, READING)
        service.read(qr.id_number, qr.date_of_birth, issue_date=qr.issue_date,
                     on_done=lambda outcome: self._readDone.emit((generation, session_id, outcome)))

    def keep_through(self, move) -> None:
        """Run `move()` (navigation into another flow) keeping the confirmed identity:
        a citizen identified on the start tile goes on to a form without a second read."""
        self._keep = True
        try:
            move()
        finally:
            self._keep = False

    @property
    def confirmed(self) -> bool:
        return self._state == "confirmed" and self._identity() is not None

    def _accept_qr_only(self) -> None:
        identity, self._qr_identity = self._qr_identity, None
        self._app.session.set(IDENTITY_KEY, identity)
        self._ctx.face = None
        self._set("read", "")
        here = self._app.navigator.current
        replace = here is not None and here.step == READING
        self._guard(self._app.navigator.go, CONFIRM, replace=replace, identified=True)

    @Slot()
    def confirm(self) -> None:
        """"Đúng là tôi": the identity stays in the session for the visit."""
        if self._state == "read" and self._identity() is not None:
            self._app.navigator.update(confirmed=True)
            self._set("confirmed", "")

    @Slot()
    def reject(self) -> None:
        """"Không phải tôi": forget everything about this visit."""
        self._app.session.wipe("not_me")

    # -- results -------------------------------------------------------------------------
    def _on_read_done(self, done: tuple) -> None:
        generation, session_id, outcome = done
        here = self._app.navigator.current
        if (generation != self._generation or session_id != self._app.session.id
                or here.step != READING):
            return  # the citizen left, or the visit was wiped, while the card was read
        if not outcome.ok and self._qr_identity is not None and outcome.error in _NO_CHIP:
            self._accept_qr_only()  # no card to read: the QR is the identity (unverified)
            return
        self._qr_identity = None
        if outcome.ok:
            self._app.session.set(IDENTITY_KEY, outcome.identity)
            # The core read the face only because assisted mode was on; shown, not kept.
            self._ctx.face = outcome.face
            self._set("read", "")
            self._guard(self._app.navigator.go, CONFIRM, replace=True, identified=True)
        else:
            self._error = outcome.error
            self._set("error", outcome.error)
            self._guard(self._app.navigator.back_to, START, error=outcome.error)

    def _on_position(self, position) -> None:
        # "Back" from the confirm screen: the identity shown there is not kept. Confirmed
        # and carried on into a flow that uses it (a form, one's own dossiers), it stays
        # for the visit, and taking the card away still ends the visit.
        if position.step != CONFIRM:
            self._ctx.face = None
        if self._keep:
            return
        carried = (self._state == "confirmed" and position.flow not in (None, "identify")
                   and position.step not in (START, READING, CONFIRM))
        if position.step != CONFIRM and not carried and self._state in ("read", "confirmed"):
            self._app.session.discard(IDENTITY_KEY)
            if self._app.identity is not None:
                self._app.identity.forget()
            self._set("idle", "")

    def _on_card_removed(self, _event: object) -> None:
        # The core already dropped the identity; the rest of the visit goes with it.
        if self._state in ("read", "confirmed"):
            self._app.session.wipe("card_removed")

    def _on_staff(self, change: tuple) -> None:
        if not change[0] and self._ctx.face is not None:
            self._ctx.face = None  # the officer left: the photo goes with them
            self.changed.emit()

    def _on_wipe(self, _reason: str) -> None:
        self._generation += 1
        self._qr_identity = None
        self._ctx.face = None
        if self._app.identity is not None:
            self._app.identity.forget()
        self._set("idle", "")

    def _fail(self, key: str) -> None:
        self._set("error", key)

    def _set(self, state: str, error: str) -> None:
        self._state, self._error = state, error
        self.changed.emit()

    def _guard(self, action, *args, **kwargs) -> None:
        try:
            action(*args, **kwargs)
        except FlowError:
            self._set("error", "flow.error")
