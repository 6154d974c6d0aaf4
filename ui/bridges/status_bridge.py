"""The `Status` QML singleton: "Tra cứu hồ sơ", where is my dossier.

Thin: the core parses codes (kiosk.dossier.codes), asks the portal or remembers the
last known status (kiosk.dossier.status_service), lays out the slip (kiosk.receipt);
this class moves the flow along, runs the blocking calls on worker threads and turns
their results (queued signals carrying one tuple) into properties for QML.

Scans of a receipt's QR, a dossier code or a local reference open the status from any
screen (registered in the Scanner bridge's routes when this singleton is built, which
the start screen's tile does).
"""

from __future__ import annotations

import logging
import time
from datetime import date, datetime, timedelta, timezone
from typing import Any

from PySide6.QtCore import Property, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton

from kiosk.background import LatestWins
from kiosk.dossier import payment as pay
from kiosk.dossier.codes import DossierCodeError, check_as_typed, receipt_qr_payload
from kiosk.dossier.status_service import StatusError, timeline
from kiosk.flows.base import FlowError
from kiosk.flows.identify import CONFIRM as IDENTIFY_CONFIRM
from kiosk.flows.identify import READING as IDENTIFY_READING
from kiosk.flows.identify import START as IDENTIFY_START
from kiosk.flows.status import ENTRY, MINE, VIEW
from kiosk.identity.service import IDENTITY_KEY
from kiosk.scan import ScanKind
from ui.bridges.context import context_for

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

VN_TZ = timezone(timedelta(hours=7), "ICT")
INPUT = "status_code"
# The citizen's ID number and its provenance, while their own dossiers are listed; in
# the session, so that every wipe (timeout, home, card removed) forgets it.
CITIZEN_KEY = "status.citizen"
WATCHDOG_MS = 25_000  # longer than the portal client's own connect + read timeouts
POLL_MS = 1500  # how often a waiting payment is asked about
PRINT_TIMEOUT = 30.0


def _when(value: Any) -> str:
    """An ISO time from the portal, as Hà Nội reads it: "HH:MM DD/MM/YYYY"."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if dt.tzinfo is not None:
        dt = dt.astimezone(VN_TZ)
    return dt.strftime("%H:%M %d/%m/%Y")


def _day(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return (dt.astimezone(VN_TZ) if dt.tzinfo is not None else dt).date()


def _moment(value: Any) -> float | None:
    """Epoch seconds of an ISO time with an offset, else None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.timestamp() if dt.tzinfo is not None else None


def _epoch_text(ts: float | None) -> str:
    if ts is None:
        return ""
    return datetime.fromtimestamp(ts, VN_TZ).strftime("%H:%M %d/%m/%Y")


def _quiet(fn):
    """Run `fn`, an expected StatusError being a result, not a failure: LatestWins logs a
    traceback for every exception, which a citizen's typo or an offline portal is not."""
    def run():
        try:
            return (fn(), None)
        except StatusError as exc:
            return (None, exc)
    return run


# Keys of a portal that cannot be reached now (not a refusal).
_UNREACHABLE = ("portal.unavailable", "portal.timeout", "portal.server_error", "portal.busy",
                "portal.bad_response", "portal.error", "portal.tls")


def _split(result, error):
    """(value, error) of a `_quiet` call: its own outcome, or the unexpected exception."""
    return (None, error) if error is not None else result


@QmlNamedElement("Status")
@QmlSingleton
class StatusBridge(QObject):
    changed = Signal()
    typedChanged = Signal()
    payChanged = Signal()
    printChanged = Signal()
    mineChanged = Signal()
    # From worker threads: one tuple each, never a bare None.
    _lookupDone = Signal(object)
    _mineDone = Signal(object)
    _payDone = Signal(object)
    _printDone = Signal(object)
    _cardRemoved = Signal(object)

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from ui.bridges.kiosk_bridge import Kiosk
        from ui.bridges.scan_bridge import ScanBridge

        self._ctx = ctx
        self._app = ctx.app
        self._service = getattr(self._app, "status", None)
        self._lookups = LatestWins("status-lookup")
        self._payments = LatestWins("status-pay")
        self._printing = LatestWins("status-print")
        self._generation = 0  # which lookup the screen waits for
        self._pay_generation = 0
        self._reset_view()
        self._reset_pay()
        self._reset_print()
        self._typed_code = ""
        self._typed_error = ""
        self._mine: list[dict[str, Any]] = []
        self._mine_views: dict[str, dict[str, Any]] = {}
        self._mine_state = ""
        self._mine_error = ""
        self._want_mine = False
        # For the scan-to-screen benchmark: when the last scan arrived and when its
        # status was ready to draw (time.monotonic()).
        self.last_scan_at: float | None = None
        self.shown_at: float | None = None

        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._on_watchdog)
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_payment)

        self._lookupDone.connect(self._on_lookup_done, Qt.ConnectionType.QueuedConnection)
        self._mineDone.connect(self._on_mine_done, Qt.ConnectionType.QueuedConnection)
        self._payDone.connect(self._on_pay_done, Qt.ConnectionType.QueuedConnection)
        self._printDone.connect(self._on_print_done, Qt.ConnectionType.QueuedConnection)
        self._cardRemoved.connect(self._on_card_removed, Qt.ConnectionType.QueuedConnection)

        kiosk = ctx.singleton(Kiosk)
        self._input = kiosk.textInput(INPUT)
        self._input.textChanged.connect(self._on_typed)
        scanner = ctx.singleton(ScanBridge)
        for kind in (ScanKind.RECEIPT, ScanKind.DOSSIER_CODE, ScanKind.LOCAL_REF):
            scanner.routes[kind] = self._on_scan
        self._app.session.on_wipe(self._on_wipe)
        self._app.navigator.on_change(self._on_position)
        if self._app.identity is not None:
            self._app.identity.on_card_removed(lambda: self._cardRemoved.emit(("removed",)))
        self._identity_bridge = None

    @staticmethod
    def create(engine):
        return context_for(engine).singleton(StatusBridge)

    def shutdown(self) -> None:
        self._watchdog.stop()
        self._poll.stop()
        for worker in (self._lookups, self._payments, self._printing):
            worker.stop()

    # -- state -----------------------------------------------------------------------

    def _reset_view(self) -> None:
        self._state = "idle"  # idle | checking | shown | error
        self._error = ""
        self._kind = ""  # live | cached | queued
        self._code = ""
        self._local_ref = ""
        self._view: dict[str, Any] = {}
        self._fetched_at: float | None = None
        self._offline_key = ""
        self._queued: Any = None
        self._queued_name = ""
        self._from_list = False  # opened from the citizen's list ("back" returns there)

    def _reset_pay(self) -> None:
        self._pay_generation = getattr(self, "_pay_generation", 0) + 1
        if hasattr(self, "_poll"):
            self._poll.stop()
        # "" | creating | checking | waiting (the QR) | confirming (time is up: asking
        # once more) | unconfirmed (time is up, the portal cannot be reached) | paid |
        # expired | error. The core's PaymentWatch decides, as in the submit flow.
        self._pay_state = ""
        self._pay_error = ""
        self._pay_notice = ""  # beside the QR: pay.slow
        self._pay: dict[str, Any] = {}
        self._pay_key = ""
        self._pay_code = ""
        self._pay_watch: pay.PaymentWatch | None = None
        self._last_pay_id = ""

    def _reset_print(self) -> None:
        self._print_state = ""  # "" | printing | printed | error
        self._print_error = ""

    # -- what QML shows: availability and the typed code --------------------------------

    @Property(bool, constant=True)
    def available(self) -> bool:
        """The kiosk has a status service (the start screen's tile needs it)."""
        return self._service is not None

    @Property(str, notify=typedChanged)
    def typedCode(self) -> str:
        """The typed code in canonical form once it is one, else ""."""
        return self._typed_code

    @Property(str, notify=typedChanged)
    def typedError(self) -> str:
        """Why the typed text cannot become a code (a code.* key), else ""."""
        return self._typed_error

    def _on_typed(self) -> None:
        code, error = check_as_typed(self._input.property("text"))
        code, error = code or "", error or ""
        if (code, error) != (self._typed_code, self._typed_error):
            self._typed_code, self._typed_error = code, error
            self.typedChanged.emit()

    # -- what QML shows: the dossier ---------------------------------------------------

    @Property(str, notify=changed)
    def state(self) -> str:
        return self._state

    @Property(str, notify=changed)
    def errorKey(self) -> str:
        return self._error

    @Property(str, notify=changed)
    def kind(self) -> str:
        """"live" (the portal answered now), "cached" (last known) or "queued" (outbox)."""
        return self._kind

    @Property(str, notify=changed)
    def code(self) -> str:
        return self._code

    @Property(bool, notify=changed)
    def fromList(self) -> bool:
        return self._from_list

    @Property(str, notify=changed)
    def localRef(self) -> str:
        return self._local_ref

    @Property(str, notify=changed)
    def procedureName(self) -> str:
        if self._kind == "queued":
            return self._queued_name
        return str(self._view.get("TenTTHC") or "")

    @Property(str, notify=changed)
    def procedureCode(self) -> str:
        if self._kind == "queued" and self._queued is not None:
            return self._queued.procedure_code
        return str(self._view.get("MaTTHC") or "")

    @Property(str, notify=changed)
    def agency(self) -> str:
        return str(self._view.get("CoQuanTiepNhan") or "")

    @Property(int, notify=changed)
    def statusNo(self) -> int:
        value = self._view.get("TrangThaiHoSo")
        return value if isinstance(value, int) else 0

    def _words(self, key: str) -> str:
        from kiosk.receipt import STATUSES

        return STATUSES.get(self.statusNo, {}).get(key, "")

    @Property(str, notify=changed)
    def statusVi(self) -> str:
        return self._words("vi")

    @Property(str, notify=changed)
    def statusEn(self) -> str:
        return self._words("en")

    @Property(str, notify=changed)
    def nextVi(self) -> str:
        return self._words("vi_next")

    @Property(str, notify=changed)
    def nextEn(self) -> str:
        return self._words("en_next")

    @Property(str, notify=changed)
    def appointment(self) -> str:
        day = _day(self._view.get("NgayHenTra"))
        return day.strftime("%d/%m/%Y") if day else ""

    @Property(str, notify=changed)
    def submitted(self) -> str:
        if self._kind == "queued" and self._queued is not None:
            return _epoch_text(self._queued.created_at)
        return _when(self._view.get("NgayNop"))

    @Property(str, notify=changed)
    def supplement(self) -> str:
        """Status 5: the documents to add, in the agency's words (Vietnamese)."""
        return str(self._view.get("YeuCauBoSung") or "") if self.statusNo == 5 else ""

    @Property(int, notify=changed)
    def owed(self) -> int:
        value = self._view.get("SoTienPhaiNop")
        return value if self.statusNo == 6 and isinstance(value, int) else 0

    @Property(str, notify=changed)
    def collect(self) -> str:
        """Status 9: where and when to collect the result (Vietnamese)."""
        return str(self._view.get("NoiNhanKetQua") or "") if self.statusNo == 9 else ""

    @Property(str, notify=changed)
    def reason(self) -> str:
        return str(self._view.get("LyDo") or "") if self.statusNo in (3, 8) else ""

    @Property(str, notify=changed)
    def asOf(self) -> str:
        """When the status shown was fetched (a cached one: the last known)."""
        return _epoch_text(self._fetched_at)

    @Property(str, notify=changed)
    def offlineKey(self) -> str:
        return self._offline_key

    @Property(bool, notify=changed)
    def queuedRefused(self) -> bool:
        return self._queued is not None and self._queued.state == "dead"

    @Property("QVariantList", notify=changed)
    def timeline(self) -> list:
        if not self._view:
            return []
        rows = timeline(self._view)
        for row in rows:
            row["when"] = _when(row.pop("at"))
        return rows

    @Property(str, notify=changed)
    def slipQr(self) -> str:
        """The receipt's lookup QR for this dossier (shown when the slip cannot print)."""
        if not self._code or self._kind == "queued":
            return ""
        try:
            return receipt_qr_payload(self._code, self._app.config.outbox.lookup_url)
        except (DossierCodeError, ValueError):
            return ""

    # -- what QML asks: the entry screen ------------------------------------------------

    @Slot()
    def begin(self) -> None:
        self._app.session.idle.touch()
        self._guard(self._app.navigator.begin, "status")

    @Slot()
    def lookUp(self) -> None:
        """"Look up" on the entry screen: the typed code, or why it is not one yet."""
        text = self._input.property("text")
        canonical, error = check_as_typed(text)
        if canonical is None:
            # A beginning that could still become a code is "incomplete", whatever the
            # parser would guess about the missing part.
            error = error or ("code.too_short" if text.strip() else "code.empty")
            self._typed_code, self._typed_error = "", error
            self.typedChanged.emit()
            return
        self._open(canonical)

    @Slot()
    def showMine(self) -> None:
        """The citizen identified (on the start tile) asks for their dossiers."""
        ident = self._app.session.get(IDENTITY_KEY)
        if ident is None or not ident.id_number:
            return
        prov = ident.provenance_of("id_number")
        self._app.session.set(CITIZEN_KEY, (ident.id_number, prov.value if prov else "typed"))
        self._show_mine()

    @Slot()
    def identifyForMine(self) -> None:
        """"Identify with your chip ID card": after the citizen confirms, their dossiers."""
        from ui.bridges.identity_bridge import IdentityBridge

        bridge = self._ctx.singleton(IdentityBridge)
        if self._identity_bridge is None:
            self._identity_bridge = bridge
            bridge.changed.connect(self._on_identity_changed)
        self._want_mine = True
        bridge.begin()

    # -- opening a dossier -------------------------------------------------------------

    def _on_scan(self, arrival: Any) -> None:
        self.last_scan_at = arrival.at
        code = arrival.scan.code
        if code:
            self._open(code)

    def _open(self, code: str, *, view: dict[str, Any] | None = None) -> None:
        """Show `code`'s status, starting the flow from wherever the citizen is (only the
        current screen is left; the visit's session stays)."""
        self._app.session.idle.touch()
        self._generation += 1
        generation = self._generation
        self._reset_view()
        self._reset_pay()
        self._reset_print()
        self._code = code
        self._state = "checking"
        self.changed.emit()
        self.payChanged.emit()
        self.printChanged.emit()
        nav = self._app.navigator
        here = nav.current
        self._from_list = here.flow == "status" and here.step == MINE
        try:
            if self._from_list:
                nav.go(VIEW, code=code)
            else:
                nav.begin("status")
                nav.go(VIEW, code=code)
        except FlowError:
            log.exception("status flow refused to open %s", code)
            self._fail("flow.error")
            return
        if view is not None:  # fresh from the citizen's list: no second round trip
            self._apply(generation, "live", code, view, self._app_clock(), "", None, "")
            return
        self._watchdog.start(WATCHDOG_MS)
        service = self._service
        if service is None:
            self._fail("portal.unavailable")
            return
        outbox = getattr(self._app, "outbox", None)
        session_id = self._app.session.id
        self._lookups.submit(
            _quiet(lambda: service.lookup(code, outbox=outbox)),
            lambda _g, result, error: self._lookupDone.emit(
                (generation, session_id, code, *_split(result, error))))

    def _app_clock(self) -> float:
        return self._service.clock() if self._service is not None else 0.0

    @Slot()
    def retry(self) -> None:
        if self._code:
            self._open(self._code)

    @Slot(str)
    def openFromList(self, code: str) -> None:
        view = self._mine_views.get(code)
        if view is not None:
            self._open(code, view=view)

    def _on_lookup_done(self, done: tuple) -> None:
        generation, session_id, code, result, error = done
        if generation != self._generation or session_id != self._app.session.id:
            return  # the citizen asked for something else, or left
        self._watchdog.stop()
        if error is not None:
            self._fail(error.key if isinstance(error, StatusError) else "portal.error")
            return
        name = ""
        if result.kind == "queued":
            name = self._procedure_name(result.queued.procedure_code)
        self._apply(generation, result.kind, result.code, result.view or {}, result.fetched_at,
                    result.offline_key or "", result.queued, result.local_ref or "", name)

    def _apply(self, generation: int, kind: str, code: str, view: dict[str, Any],
               fetched_at: float | None, offline_key: str, queued: Any, local_ref: str,
               name: str = "") -> None:
        self._state, self._error = "shown", ""
        self._kind, self._view, self._fetched_at = kind, view, fetched_at
        self._offline_key, self._queued, self._queued_name = offline_key, queued, name
        self._local_ref = local_ref
        # A local reference that reached the portal is shown under its dossier code.
        self._code = str(view.get("MaHoSo") or code) if view else code
        self.shown_at = time.monotonic()
        self.changed.emit()

    def _procedure_name(self, procedure_code: str) -> str:
        try:
            proc = self._app.catalog.procedure(procedure_code)
        except Exception:  # noqa: BLE001 - a name is a nicety; the code still shows
            log.exception("catalog lookup of %s failed", procedure_code)
            return ""
        return proc.name if proc is not None else ""

    def _on_watchdog(self) -> None:
        if self._state == "checking":
            self._generation += 1  # whatever comes back now is too late
            self._fail("portal.timeout")

    def _fail(self, key: str) -> None:
        self._watchdog.stop()
        self._state, self._error = "error", key
        self.changed.emit()

    # -- the citizen's own dossiers ----------------------------------------------------

    @Property(str, notify=mineChanged)
    def mineState(self) -> str:
        return self._mine_state

    @Property(str, notify=mineChanged)
    def mineError(self) -> str:
        return self._mine_error

    @Property("QVariantList", notify=mineChanged)
    def mine(self) -> list:
        return self._mine

    def _on_identity_changed(self) -> None:
        bridge = self._identity_bridge
        if not self._want_mine or bridge is None or bridge.state != "confirmed":
            return
        self._want_mine = False
        ident = self._app.session.get(IDENTITY_KEY)
        if ident is None or not ident.id_number:
            return
        prov = ident.provenance_of("id_number")
        source = prov.value if prov is not None else "typed"
        self._app.session.set(CITIZEN_KEY, (ident.id_number, source))
        # Not from inside the confirm button's own handler: that page is about to go.
        QTimer.singleShot(0, self._show_mine)

    def _show_mine(self) -> None:
        if self._app.session.get(CITIZEN_KEY) is None:
            return
        try:
            self._app.navigator.begin("status")
            self._app.navigator.go(MINE)
        except FlowError:
            log.exception("status flow refused the citizen's list")
            return
        self.reloadMine()

    @Slot()
    def reloadMine(self) -> None:
        citizen = self._app.session.get(CITIZEN_KEY)
        service = self._service
        self._mine, self._mine_views = [], {}
        if citizen is None or service is None:
            self._mine_state, self._mine_error = "error", "portal.identity_insufficient"
            self.mineChanged.emit()
            return
        self._mine_state, self._mine_error = "loading", ""
        self.mineChanged.emit()
        self._generation += 1
        generation, session_id = self._generation, self._app.session.id
        id_number, source = citizen
        self._lookups.submit(
            _quiet(lambda: service.citizen_dossiers(id_number, source)),
            lambda _g, result, error: self._mineDone.emit(
                (generation, session_id, *_split(result, error))))
        QTimer.singleShot(WATCHDOG_MS, lambda g=generation: self._mine_watchdog(g))

    def _mine_watchdog(self, generation: int) -> None:
        if generation == self._generation and self._mine_state == "loading":
            self._generation += 1
            self._mine_state, self._mine_error = "error", "portal.timeout"
            self.mineChanged.emit()

    def _on_mine_done(self, done: tuple) -> None:
        generation, session_id, result, error = done
        if generation != self._generation or session_id != self._app.session.id:
            return
        if error is not None:
            self._mine_state = "error"
            self._mine_error = error.key if isinstance(error, StatusError) else "portal.error"
            self.mineChanged.emit()
            return
        from kiosk.receipt import STATUSES

        rows = []
        for view in result:
            no = view.get("TrangThaiHoSo")
            words = STATUSES.get(no, {})
            rows.append({"code": view["MaHoSo"], "procedure": str(view.get("TenTTHC") or ""),
                         "status": no, "vi": words.get("vi", ""), "en": words.get("en", ""),
                         "submitted": _when(view.get("NgayNop"))})
        self._mine = rows
        self._mine_views = {v["MaHoSo"]: v for v in result}
        self._mine_state = "shown"
        self.mineChanged.emit()

    def _on_card_removed(self, _event: object) -> None:
        # The card their list came from left the reader: the list goes with it.
        if self._app.session.get(CITIZEN_KEY) is not None:
            self._app.session.wipe("card_removed")

    # -- paying what is owed (status 6) ------------------------------------------------

    @Property(str, notify=payChanged)
    def payState(self) -> str:
        return self._pay_state

    @Property(str, notify=payChanged)
    def payError(self) -> str:
        return self._pay_error

    @Property(str, notify=payChanged)
    def payNotice(self) -> str:
        return self._pay_notice

    @Property(str, notify=payChanged)
    def payQr(self) -> str:
        watch = self._pay_watch
        if self._pay_state != "waiting" or watch is None or not watch.payable(time.time()):
            return ""
        return str(self._pay.get("MaVietQR") or "")

    @Property(int, notify=payChanged)
    def payAmount(self) -> int:
        value = self._pay.get("SoTien")
        return value if isinstance(value, int) else 0

    @Property(str, notify=payChanged)
    def payWordsVi(self) -> str:
        from kiosk.payment.vietqr import amount_in_words

        return amount_in_words(self.payAmount, "vi")

    @Property(str, notify=payChanged)
    def payWordsEn(self) -> str:
        from kiosk.payment.vietqr import amount_in_words

        return amount_in_words(self.payAmount, "en")

    @Property(str, notify=payChanged)
    def bankName(self) -> str:
        from kiosk.payment.vietqr import bank_by_bin

        bin_ = self._pay.get("NganHang")
        bank = bank_by_bin(bin_) if isinstance(bin_, str) else None
        if bank is None:
            return ""
        return getattr(bank, "short_name", "") or getattr(bank, "name", "")

    @Property(str, notify=payChanged)
    def payAccount(self) -> str:
        return str(self._pay.get("SoTaiKhoan") or "")

    @Property(str, notify=payChanged)
    def payAccountName(self) -> str:
        return str(self._pay.get("TenTaiKhoan") or "")

    @Property(str, notify=payChanged)
    def payExpires(self) -> str:
        return _when(self._pay.get("HetHanLuc"))

    _OPEN = ("waiting", "confirming", "unconfirmed")

    @Slot()
    def startPayment(self) -> None:
        """"Pay now", or "make a new code" / "check again": a new code only once the
        portal says the last one was not paid (it may have been, while unreachable)."""
        self._app.session.idle.touch()
        amount, code, service = self.owed, self._code, self._service
        if amount <= 0 or not code or service is None or self._pay_state in (
                "creating", "checking", "waiting", "confirming", "paid"):
            return
        previous = self._last_pay_id if self._pay_code == code else ""
        if self._pay_code != code or self._pay_state in ("expired", "unconfirmed", ""):
            self._pay_key = service.new_payment_key()  # a new QR, not a replay
        self._pay_code = code
        self._pay_generation += 1
        generation = self._pay_generation
        self._poll.stop()
        self._pay_watch = None
        self._pay_state = "checking" if previous else "creating"
        self._pay_error = self._pay_notice = ""
        self.payChanged.emit()
        key, portal = self._pay_key, service.portal

        def create():
            from kiosk.portal.errors import PortalError

            try:
                if previous and pay.recheck(portal, previous, code,
                                            obligation=True) == pay.PAID:
                    return ("paid", None)
                wire = portal.create_payment(code, amount, key)
                pay.check_payment(wire, code, amount)  # never show a code not checked
                return ("created", wire)
            except PortalError as exc:
                return ("failed", exc)
            except pay.PaymentCheckError as exc:
                return ("failed", exc)

        self._payments.submit(
            create, lambda _g, result, error: self._payDone.emit(
                (generation, "create", result, error)))

    def _poll_payment(self) -> None:
        watch, service = self._pay_watch, self._service
        if self._pay_state not in self._OPEN or watch is None or service is None:
            self._poll.stop()
            return
        now = time.time()
        if watch.keeps_visit_alive(now):
            # The citizen is in their bank app: the visit stays while the code can be
            # paid, as in the submit flow (the code's expiry bounds it).
            self._app.session.idle.touch()
        if watch.should_poll():
            generation, pay_id = self._pay_generation, watch.payment_id
            self._payments.submit(
                _quiet(lambda: service.payment(pay_id)),
                lambda _g, result, error: self._payDone.emit(
                    (generation, "poll", *_split(result, error))))
        self._apply_pay_phase()

    def _apply_pay_phase(self) -> None:
        watch = self._pay_watch
        if watch is None or self._pay_state not in self._OPEN:
            return
        phase = watch.phase(time.time())
        state, error, notice = {
            "waiting": ("waiting", "", ""),
            "slow": ("waiting", "", "pay.slow"),
            "confirming": ("confirming", "", ""),
            "unconfirmed": ("unconfirmed", "pay.unconfirmed", ""),
        }.get(phase, (self._pay_state, self._pay_error, ""))
        if (state, error, notice) != (self._pay_state, self._pay_error, self._pay_notice):
            self._pay_state, self._pay_error, self._pay_notice = state, error, notice
            self.payChanged.emit()

    def _on_pay_done(self, done: tuple) -> None:
        generation, kind, result, error = done
        if generation != self._pay_generation:
            return
        if kind == "create":
            self._after_create(result, error)
            return
        watch = self._pay_watch
        if watch is None or self._pay_state not in self._OPEN:
            return
        if error is not None:
            if getattr(error, "key", "") == "portal.payment_already_paid":
                self._pay_paid()
                return
            # A missed poll: the code stays (it may be paid); said after a few.
            watch.failed()
            self._apply_pay_phase()
            return
        self._pay = result
        state = watch.answered(pay.polled(result))
        if state == pay.PAID:
            self._pay_paid()
        elif state in (pay.EXPIRED, pay.CANCELLED):
            self._poll.stop()
            self._pay_state, self._pay_error, self._pay_notice = "expired", "", ""
            self.payChanged.emit()
        else:
            self._apply_pay_phase()
            self.payChanged.emit()

    def _after_create(self, result: Any, error: BaseException | None) -> None:
        outcome, value = result if error is None else ("failed", error)
        if outcome == "paid":
            self._pay_paid()
            return
        if outcome == "failed":
            key = getattr(value, "key", "") or "portal.error"
            if self._pay_state == "checking" and not isinstance(
                    value, pay.PaymentCheckError) and key in _UNREACHABLE:
                # The last code's fate is unknown: no new one, and say so.
                self._pay_state, self._pay_error = "unconfirmed", "pay.unconfirmed"
            else:
                self._pay_state, self._pay_error = "error", key
            self.payChanged.emit()
            return
        self._pay = value
        answer = pay.polled(value)
        self._last_pay_id = str(value.get("id") or "")
        self._pay_watch = pay.PaymentWatch(self._last_pay_id,
                                           answer.expires_at or time.time())
        self._pay_watch.answered(answer)
        self._pay_state, self._pay_error, self._pay_notice = "waiting", "", ""
        if answer.state == pay.PAID:
            self._pay_paid()
            return
        if answer.state != pay.WAITING:
            self._pay_state = "expired"
        else:
            self._poll.start()
        self.payChanged.emit()

    def _pay_paid(self) -> None:
        self._poll.stop()
        self._pay_state, self._pay_error, self._pay_notice = "paid", "", ""
        self.payChanged.emit()
        self._refresh_after_payment()

    def _refresh_after_payment(self) -> None:
        """The paid obligation moves the dossier on: fetch its new status quietly."""
        service, code = self._service, self._code
        if service is None or not code:
            return
        self._generation += 1
        generation, session_id = self._generation, self._app.session.id
        outbox = getattr(self._app, "outbox", None)

        def done(_g, result, error):
            value, failure = _split(result, error)
            if failure is None:  # a failed refresh leaves the status as shown
                self._lookupDone.emit((generation, session_id, code, value, None))

        self._lookups.submit(_quiet(lambda: service.lookup(code, outbox=outbox)), done)

    # -- the printed status slip -------------------------------------------------------

    @Property(str, notify=printChanged)
    def printState(self) -> str:
        return self._print_state

    @Property(str, notify=printChanged)
    def printError(self) -> str:
        return self._print_error

    @Slot()
    def printSlip(self) -> None:
        if self._state != "shown" or self._kind == "queued" or self._print_state == "printing":
            return
        printer = self._app.printer
        if printer is None:
            self._print_state, self._print_error = "error", "printer.not_found"
            self.printChanged.emit()
            return
        from kiosk.receipt import StatusSlip, status_slip_blocks

        no = self.statusNo
        next_vi = {5: self.supplement, 9: self.collect}.get(no, "")
        slip = StatusSlip(
            dossier_code=self._code, procedure_name=self.procedureName, status=no,
            printed_at=datetime.now(VN_TZ).replace(tzinfo=None), ward_name=self._ctx.ward_name,
            appointment=_day(self._view.get("NgayHenTra")), next_step_vi=next_vi,
            lookup_qr=self.slipQr)
        lang = self._app.session.language
        order = ("vi", "en") if lang == "vi" else ("en", "vi")
        blocks = status_slip_blocks(slip, order)
        self._print_state, self._print_error = "printing", ""
        self.printChanged.emit()
        session_id = self._app.session.id
        self._printing.submit(
            lambda: printer.print_blocks(blocks, timeout=PRINT_TIMEOUT),
            lambda _g, result, error: self._printDone.emit((session_id, result, error)))

    def _on_print_done(self, done: tuple) -> None:
        session_id, _result, error = done
        if session_id != self._app.session.id:
            return
        if error is None:
            self._print_state, self._print_error = "printed", ""
        else:
            self._print_state = "error"
            self._print_error = getattr(error, "key", "printer.error") or "printer.error"
        self.printChanged.emit()

    # -- leaving -------------------------------------------------------------------------

    def _abandon_payment(self) -> None:
        """Leaving a QR that can still be paid: cancel it on the portal (on the payment
        worker), so nobody pays it by mistake later, as the submit flow does."""
        watch = self._pay_watch
        if watch is None or not watch.open or not watch.payment_id:
            return
        portal, pay_id = self._app.portal, watch.payment_id

        def cancel() -> None:
            from kiosk.portal.errors import PortalError

            try:
                pay.cancel(portal, pay_id)
            except PortalError as exc:  # the code expires on its own at the portal
                log.info("could not cancel the left payment code: %s", exc.key)

        self._payments.submit(cancel, lambda *_: None)

    def _on_position(self, position: Any) -> None:
        if position.step != VIEW and (self._pay_state or self._print_state):
            self._abandon_payment()
            self._reset_pay()
            self._reset_print()
            self.payChanged.emit()
            self.printChanged.emit()
        if position.flow != "status":
            self._watchdog.stop()
            if position.step not in (IDENTIFY_START, IDENTIFY_READING, IDENTIFY_CONFIRM):
                self._want_mine = False
        if position.step == ENTRY and self._typed_error == "" and self._typed_code == "":
            self._on_typed()

    def _on_wipe(self, _reason: str) -> None:
        self._generation += 1
        self._want_mine = False
        self._watchdog.stop()
        self._reset_view()
        self._abandon_payment()
        self._reset_pay()
        self._reset_print()
        self._mine, self._mine_views, self._mine_state, self._mine_error = [], {}, "", ""
        self._typed_code = self._typed_error = ""
        self.changed.emit()
        self.payChanged.emit()
        self.printChanged.emit()
        self.mineChanged.emit()
        self.typedChanged.emit()

    def _guard(self, action, *args, **kwargs) -> None:
        try:
            action(*args, **kwargs)
        except FlowError:
            self._fail("flow.error")
