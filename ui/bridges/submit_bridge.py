"""The `Submit` QML singleton: submitting a dossier, from the form to the receipt.

Thin: the core (kiosk.dossier.submission / payment, kiosk.forms) decides what may be
submitted; this class moves the flow along, keeps the visit's Draft in the session (a
wipe forgets it) and runs every blocking call (portal, outbox, printer) on one worker
thread whose results come back by a queued signal carrying one tuple.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import Any

from PySide6.QtCore import Property, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtQml import QmlNamedElement, QmlSingleton

from kiosk.dossier import payment as pay
from kiosk.dossier.submission import (
    Draft,
    Outcome,
    SubmissionError,
    agency_for_ward,
    agency_name_for_ward,
    appointment_of,
    make_receipt,
    now_hanoi,
)
from kiosk.flows import submit as steps
from kiosk.flows.base import FlowError
from kiosk.identity.service import IDENTITY_KEY
from ui.bridges.context import context_for

QML_IMPORT_NAME = "KioskCore"
QML_IMPORT_MAJOR_VERSION = 1

log = logging.getLogger(__name__)

DRAFT_KEY = "submit.draft"
POLL_TICKS = 2  # ask the portal every second tick (~2 s)
TEXT_TYPES = ("text", "textarea", "date", "integer", "phone", "email", "id_number")


def input_name(field_id: str) -> str:
    return "form_" + field_id


@QmlNamedElement("Submit")
@QmlSingleton
class SubmitBridge(QObject):
    changed = Signal()  # anything about the current draft
    formChanged = Signal()  # visibility, values, errors
    paymentChanged = Signal()
    receiptChanged = Signal()
    _done = Signal(object)  # (generation, kind, result) from the worker

    def __init__(self, ctx: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._app = ctx.app
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="submit")
        self._generation = 0
        self._code = ""
        self._definition = None
        self._error = ""
        self._show_errors = False
        self._field_errors: dict[str, str] = {}
        self._declined = False
        self._changing = False  # came from the review: "next" returns there
        self._outcome: Outcome | None = None
        self._payment: pay.CheckedPayment | None = None
        self._pay_state = ""  # see the payment section
        self._pay_error = ""
        self._pay_notice = ""  # a notice beside the QR, e.g. pay.slow
        self._pay_attempt = 0
        self._watch: pay.PaymentWatch | None = None
        self._last_pay_id = ""  # the last code shown: a re-check asks about it
        self._fee_unknown = False  # the receipt says "being confirmed"
        self._polling = False
        self._printer_problem = ""
        self._print_state = ""  # "", printing, printed, failed
        self._print_error = ""
        self._receipt = None
        self._seconds_left = 0
        self._ticks = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._on_tick)
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        self._app.session.on_wipe(self._on_wipe)
        self._app.navigator.on_change(self._on_position)

    @staticmethod
    def create(engine):
        return context_for(engine).singleton(SubmitBridge)

    def shutdown(self) -> None:
        self._tick.stop()
        self._generation += 1
        self._worker.shutdown(wait=True, cancel_futures=True)

    # -- plumbing ----------------------------------------------------------------------------
    def _run(self, kind: str, fn) -> None:
        generation = self._generation

        def job() -> None:
            try:
                result = (True, fn())
            except Exception as exc:  # noqa: BLE001 - every failure is shown as its key
                log.info("submit: %s failed: %s", kind, type(exc).__name__)
                result = (False, exc)
            self._done.emit((generation, kind, result))

        try:
            self._worker.submit(job)
        except RuntimeError:  # shut down: the engine is going
            pass

    def _guard(self, action, *args, **kwargs) -> bool:
        try:
            action(*args, **kwargs)
        except FlowError as exc:
            log.warning("submit flow: %s", exc)
            self._set_error("flow.error")
            return False
        return True

    def _set_error(self, key: str) -> None:
        self._error = key
        self.changed.emit()

    def _draft(self) -> Draft | None:
        d = self._app.session.get(DRAFT_KEY)
        return d if isinstance(d, Draft) else None

    def _lang(self) -> str:
        return self._app.session.language

    def _kiosk(self):
        from ui.bridges.kiosk_bridge import Kiosk

        return self._ctx.singleton(Kiosk)

    def _today(self) -> date:
        return now_hanoi().date()

    # -- availability and start ------------------------------------------------------------
    @Slot(str, result=bool)
    def available(self, code: str) -> bool:
        """A procedure with a form the kiosk knows can be submitted here."""
        from kiosk.forms import available_codes

        return code in available_codes()

    @Property(bool, notify=changed)
    def active(self) -> bool:
        return self._app.navigator.current.flow == "submit"

    @Property(bool, notify=changed)
    def resumable(self) -> bool:
        """A draft is open: "Continue" on the confirm screen returns to its form."""
        return self._draft() is not None

    @Slot(str)
    def begin(self, code: str) -> None:
        self._app.session.idle.touch()
        self._reset()
        self._code = code
        self._app.session.discard(DRAFT_KEY)
        from kiosk.flows.identify import CONFIRM, READING
        from ui.bridges.identity_bridge import IdentityBridge

        identity = self._ctx.singleton(IdentityBridge)
        if identity.confirmed:
            # Identified earlier in this visit: the confirm step of this flow, where
            # "Continue to the form" waits, without reading the card again.
            nav = self._app.navigator

            def into_flow() -> None:
                nav.begin("submit", code=code)
                nav.go(READING)
                nav.go(CONFIRM, replace=True, identified=True)

            try:
                identity.keep_through(into_flow)
            except FlowError:
                log.exception("submit flow refused the identified citizen")
                return
        else:
            # The identify screens are shared: start them clean, then put them in this flow.
            identity.begin()
            if not self._guard(self._app.navigator.begin, "submit", code=code):
                return
        # While the citizen identifies, fetch the procedure's form.
        self._run("definition", lambda: self._load_definition(code))
        self.changed.emit()

    def _load_definition(self, code: str):
        from kiosk.forms import FormDefinition, FormDefinitionError, load_definition
        from kiosk.portal.errors import PortalError

        try:
            return FormDefinition.from_wire(self._app.portal.form_definition(code))
        except (PortalError, FormDefinitionError) as exc:
            log.info("form %s from the portal failed (%s); using the bundled one", code,
                     getattr(exc, "key", exc))
        wire = load_definition(code)
        if wire is None:
            raise SubmissionError("submit.form_unavailable", code)
        return FormDefinition.from_wire(wire)

    def _reset(self) -> None:
        self._generation += 1
        self._tick.stop()
        self._code = ""
        self._definition = None
        self._error = ""
        self._show_errors = False
        self._field_errors = {}
        self._declined = False
        self._changing = False
        self._outcome = None
        self._payment = None
        self._pay_state = self._pay_error = self._pay_notice = ""
        self._pay_attempt = 0
        self._watch = None
        self._last_pay_id = ""
        self._fee_unknown = False
        self._polling = False
        self._printer_problem = ""
        self._print_state = self._print_error = ""
        self._receipt = None

    # -- identify → form -----------------------------------------------------------------
    @Property(str, notify=changed)
    def errorKey(self) -> str:
        return self._error

    @Slot()
    def continueToForm(self) -> None:
        """"Continue" on the confirm screen: the identity becomes the draft's applicant."""
        self._app.session.idle.touch()
        identity = self._app.session.get(IDENTITY_KEY)
        kept = self._draft()
        if kept is not None and identity is not None and kept.identity == identity:
            # Back from the form and on again: what was typed is kept.
            self._error = ""
            self._guard(self._app.navigator.go, steps.FORM)
            self.changed.emit()
            return
        if self._definition is None:
            try:  # not back from the portal yet: the bundled form, a local file
                from kiosk.forms import FormDefinition, load_definition

                wire = load_definition(self._code)
                if wire is None:
                    raise SubmissionError("submit.form_unavailable", self._code)
                self._definition = FormDefinition.from_wire(wire)
            except (SubmissionError, ValueError) as exc:
                self._set_error(getattr(exc, "key", "submit.form_unavailable"))
                return
        try:
            draft = Draft.start(self._definition, identity, procedure_name=self._procedure_name(),
                                today=self._today())
        except SubmissionError as exc:
            self._set_error(exc.key)
            return
        self._app.session.set(DRAFT_KEY, draft)
        self._error = ""
        # What the card prefilled goes into the fields' inputs (locked ones are shown, not
        # typed into).
        kiosk = self._kiosk()
        for f in self._definition.fields():
            if f.type in TEXT_TYPES:
                value = draft.form.values.get(f.id)
                kiosk.textInput(input_name(f.id)).setText("" if value is None else str(value))
        kiosk.textInput("submit_post_address").setText(draft.post_address)
        self._guard(self._app.navigator.go, steps.FORM)
        self.changed.emit()
        self.formChanged.emit()

    def _procedure_name(self) -> str:
        proc = self._app.catalog.procedure(self._code)
        return getattr(proc, "name", "") or ""

    # -- the form ------------------------------------------------------------------------
    @Property(str, notify=changed)
    def procedureCode(self) -> str:
        return self._code

    @Slot(str, result=str)
    def formTitle(self, lang: str) -> str:
        d = self._draft()
        return d.definition.title.get(lang) if d else ""

    @Slot(str, result="QVariantList")
    def formFields(self, lang: str) -> list:
        """Every field of the form, in order, with what the screen needs to draw it."""
        d = self._draft()
        if d is None:
            return []
        out = []
        section_of = {f.id: s for s in d.definition.sections for f in s.fields}
        first = set()
        for s in d.definition.sections:
            if s.fields:
                first.add(s.fields[0].id)
        for f in d.definition.fields():
            hint = f.hint.get(lang) if f.hint else ""
            out.append({
                "id": f.id,
                "type": f.type,
                "label": f.label.get(lang),
                "hint": hint,
                "required": f.required,
                "locked": d.form.is_locked(f.id),
                "section": section_of[f.id].title.get(lang) if f.id in first else "",
                "choices": [{"value": c.value, "label": c.label.get(lang)} for c in f.choices],
                "patternMessage": f.pattern_message.get(lang) if f.pattern_message else "",
                "maxLength": f.max_length or (12 if f.type == "id_number" else 0),
                # The range a number error names ("from 1 to 24").
                "min": f.min if f.min is not None else "",
                "max": f.max if f.max is not None else "",
            })
        return out

    @Property("QVariantList", notify=formChanged)
    def visibleIds(self) -> list:
        d = self._draft()
        return [f.id for f in d.form.visible_fields()] if d else []

    @Property("QVariantMap", notify=formChanged)
    def values(self) -> dict:
        d = self._draft()
        if d is None:
            return {}
        return {k: (v if isinstance(v, str | bool) else str(v)) for k, v in d.form.values.items()}

    @Property("QVariantMap", notify=formChanged)
    def fieldErrors(self) -> dict:
        return dict(self._field_errors) if self._show_errors else {}

    @Slot(str, str)
    def setValue(self, field_id: str, text: str) -> None:
        d = self._draft()
        if d is None:
            return
        self._app.session.idle.touch()
        f = self._field(d, field_id)
        if f is None:
            return
        value: Any = text
        if f.type == "checkbox":
            value = True if text == "true" else None
        if d.form.set(field_id, value) is not None:
            return  # locked: the core keeps what the card proved
        if self._show_errors:
            self._field_errors = d.problems(self._today())
        self.formChanged.emit()

    @staticmethod
    def _field(d: Draft, field_id: str):
        try:
            return d.definition.field(field_id)
        except KeyError:
            return None

    @Slot(str, str, str, result=str)
    def choiceLabel(self, field_id: str, value: str, lang: str) -> str:
        """The label of a choice field's value (or the unit's name) in `lang`."""
        d = self._draft()
        if d is None or not value:
            return ""
        f = self._field(d, field_id)
        if f is None:
            return ""
        if f.type == "unit":
            from kiosk.units import unit_by_code

            u = unit_by_code(value)
            if not u:
                return value
            return str(u.get("TenDayDuTiengAnh" if lang == "en" else "TenDayDu") or value)
        c = f.choice(value)
        return c.label.get(lang) if c else value

    @Slot(str, result="QVariantList")
    def unitOptions(self, lang: str) -> list:
        """Hanoi's communes and wards, the kiosk's own first (most citizens live there)."""
        from kiosk.units import load_units

        ward = self._app.config.kiosk.ward
        key = "TenDayDuTiengAnh" if lang == "en" else "TenDayDu"
        units = sorted(load_units(), key=lambda u: (u.get("MaDVHC") != ward,
                                                      _plain(str(u.get("TenDVHC") or ""))))
        return [{"code": u["MaDVHC"], "name": str(u.get(key) or u.get("TenDayDu"))}
                for u in units]

    @Slot()
    def formNext(self) -> None:
        d = self._draft()
        if d is None:
            return
        self._app.session.idle.touch()
        self._show_errors = True
        self._field_errors = d.problems(self._today())
        self.formChanged.emit()
        if self._field_errors:
            self._set_error("submit.form_errors")
            return
        self._error = ""
        self._show_errors = False
        if self._changing and d.consented and d.delivery:
            # Back to the review; the table wants its state said again (back_to restored
            # the form step's own).
            self._changing = False
            self._guard(self._app.navigator.go, steps.REVIEW, consented=True,
                        delivery=d.delivery)
        else:
            self._changing = False
            self._guard(self._app.navigator.go, steps.CONSENT)
        self.changed.emit()

    @Property(str, notify=formChanged)
    def firstErrorField(self) -> str:
        if not self._show_errors:
            return ""
        d = self._draft()
        if d is None:
            return ""
        for f in d.form.visible_fields():
            if f.id in self._field_errors:
                return f.id
        return ""

    # -- consent -------------------------------------------------------------------------
    @Slot(str, result="QVariantList")
    def consentText(self, lang: str) -> list:
        from kiosk.forms import ConsentError, load_consent

        d = self._draft()
        try:
            consent = load_consent()
        except ConsentError:
            return []
        labels = [f.label.get(lang) for f in d.definition.fields()] if d else []
        return consent.render(lang, retention_days=int(self._app.config.outbox.retention_days),
                              fields=labels)

    @Property(bool, notify=changed)
    def declined(self) -> bool:
        return self._declined

    @Slot()
    def agree(self) -> None:
        from kiosk.forms import ConsentError, load_consent

        d = self._draft()
        if d is None:
            return
        try:
            version = load_consent().version
        except ConsentError as exc:
            self._set_error(exc.key)
            return
        d.agree(version)
        self._declined = False
        self._error = ""
        target = steps.REVIEW if self._changing and d.delivery else steps.DELIVERY
        self._changing = False
        self._guard(self._app.navigator.go, target, consented=True,
                    **({"delivery": d.delivery} if target == steps.REVIEW else {}))
        self.changed.emit()

    @Slot()
    def decline(self) -> None:
        """No consent, no submission: nothing is stored or sent; say so, offer home."""
        d = self._draft()
        if d is not None:
            d.decline()
        self._app.navigator.update(consented=False)
        self._declined = True
        self.changed.emit()

    @Slot()
    def reconsider(self) -> None:
        self._declined = False
        self.changed.emit()

    # -- delivery ------------------------------------------------------------------------
    @Property("QVariantList", notify=changed)
    def deliveryOptions(self) -> list:
        d = self._draft()
        return list(d.definition.delivery) if d else []

    @Property(str, notify=changed)
    def delivery(self) -> str:
        d = self._draft()
        return (d.delivery or "") if d else ""

    @Slot(str)
    def chooseDelivery(self, kind: str) -> None:
        d = self._draft()
        if d is None or kind not in d.definition.delivery:
            return
        self._app.session.idle.touch()
        d.delivery = kind
        self._error = ""
        self.changed.emit()

    @Slot()
    def deliveryNext(self) -> None:
        d = self._draft()
        if d is None:
            return
        if not d.delivery:
            self._set_error("submit.delivery_required")
            return
        address = self._kiosk().textInput("submit_post_address").property("text") or ""
        try:
            d.choose_delivery(d.delivery, address)
        except SubmissionError as exc:
            self._set_error(exc.key)
            return
        self._error = ""
        self._changing = False
        self._guard(self._app.navigator.go, steps.REVIEW, delivery=d.delivery)
        self.changed.emit()

    # -- review --------------------------------------------------------------------------
    @Slot(str, result="QVariantList")
    def reviewRows(self, lang: str) -> list:
        """The visible fields as label/value pairs (choices by their label)."""
        d = self._draft()
        if d is None:
            return []
        rows = []
        for f in d.form.visible_fields():
            value = d.form.values.get(f.id)
            if value in (None, ""):
                continue
            if f.type in ("choice", "unit"):
                text = self.choiceLabel(f.id, str(value), lang)
            elif f.type == "checkbox":
                text = "✓"
            else:
                text = str(value)
            rows.append({"id": f.id, "label": f.label.get(lang), "value": text,
                         "locked": d.form.is_locked(f.id)})
        return rows

    @Property(str, notify=changed)
    def postAddress(self) -> str:
        d = self._draft()
        return d.post_address if d else ""

    @Property(int, notify=changed)
    def fee(self) -> int:
        """VND; -1 when not known here (confirmed at the counter)."""
        d = self._draft()
        if d is None or d.fee is None:
            return -1
        return d.fee

    @Property(str, notify=changed)
    def consentTime(self) -> str:
        d = self._draft()
        return d.consent_time.strftime("%H:%M %d/%m/%Y") if d and d.consent_time else ""

    @Slot(str)
    def change(self, part: str) -> None:
        """A "change" link on the review: back to that part, then straight back here."""
        target = {"form": steps.FORM, "consent": steps.CONSENT,
                  "delivery": steps.DELIVERY}.get(part)
        if target is None:
            return
        self._changing = True
        self._error = ""
        try:
            # Back through the history when the part is in it (a first change)...
            self._app.navigator.back_to(target)
        except FlowError:
            # ...else forward along the review's own edge (a later change).
            self._guard(self._app.navigator.go, target)
        self.changed.emit()

    # -- submit --------------------------------------------------------------------------
    @Property(bool, notify=changed)
    def sending(self) -> bool:
        return self._app.navigator.current.step == steps.SENDING

    @Slot()
    def submit(self) -> None:
        d = self._draft()
        if d is None or d.stored or self.sending:
            return
        self._app.session.idle.touch()
        outbox = getattr(self._app, "outbox", None)
        if outbox is None:
            self._set_error("submit.no_outbox")
            return
        cfg = self._app.config
        try:
            body = d.body(agency=agency_for_ward(cfg.kiosk.ward), kiosk_id=cfg.kiosk.id,
                          today=self._today())
        except SubmissionError as exc:
            self._set_error(exc.key)
            return
        self._error = ""
        if not self._guard(self._app.navigator.go, steps.SENDING):
            return
        code, ref, portal = d.definition.MaTTHC, d.local_ref, self._app.portal

        def send():
            result = outbox.submit(body, code, ref)
            appointment = None
            if result.remote_code:
                try:  # the appointment date for the receipt; not needed to go on
                    appointment = appointment_of(portal.dossier_status(result.remote_code))
                except Exception:  # noqa: BLE001
                    appointment = None
            return result.remote_code, appointment

        self._run("submit", send)
        self.changed.emit()

    def _after_submit(self, ok: bool, result: Any) -> None:
        d = self._draft()
        if d is None:
            return
        if not ok:
            # Not stored: nothing was sent; the citizen's data stays on the review.
            key = getattr(result, "key", "")
            self._error = key if key.startswith("submit.") else "submit.store_failed"
            self._guard(self._app.navigator.back_to, steps.REVIEW)
            self.changed.emit()
            return
        d.stored = True
        remote_code, appointment = result
        self._outcome = Outcome(local_ref=d.local_ref, dossier_code=remote_code,
                                submitted_at=now_hanoi(), appointment=appointment)
        if remote_code and d.fee:
            self._guard(self._app.navigator.go, steps.PAYMENT, replace=True,
                        dossier=remote_code)
            self._prepare_payment()
        else:
            self._guard(self._app.navigator.go, steps.RECEIPT, replace=True,
                        dossier=remote_code or "", reference=self._outcome.reference)
            self._print_receipt()
        self.changed.emit()

    # -- payment -------------------------------------------------------------------------
    # payState: preparing (asking for a code), ready (the QR; `payNotice` says when the
    # connection is slow), confirming (the code's time is up: asking the portal once more),
    # unconfirmed (time is up and the portal cannot be reached: nobody knows if it was
    # paid), checking (re-checking before a new code or "pay later"), paid, expired,
    # cancelled, error. The core's PaymentWatch decides; this class only shows it.
    OPEN_STATES = ("ready", "confirming", "unconfirmed")

    def _prepare_payment(self) -> None:
        d, outcome = self._draft(), self._outcome
        if d is None or outcome is None or not outcome.dossier_code:
            return
        self._pay_state, self._pay_error, self._payment = "preparing", "", None
        self._watch = None
        printer, portal = self._app.printer, self._app.portal
        code, amount = outcome.dossier_code, int(d.fee or 0)
        key = pay.idempotency_key(d.local_ref, self._pay_attempt)

        def prepare():
            # The printer first: the citizen must know before paying if the receipt
            # will be a QR on the screen instead.
            problem = printer_problem(printer)
            return problem, pay.request_payment(portal, code, amount, key)

        self._run("payment", prepare)
        self.paymentChanged.emit()

    def _after_payment(self, ok: bool, result: Any) -> None:
        if not ok:
            self._pay_failed(result)
            return
        problem, checked = result
        self._printer_problem = problem
        self._show_code(checked)

    def _pay_failed(self, exc: Any) -> None:
        from kiosk.portal.errors import PortalRejected

        self._pay_state = "error"
        if isinstance(exc, pay.PaymentCheckError):
            self._pay_error = exc.key
        elif isinstance(exc, PortalRejected) and exc.key != "portal.rejected":
            self._pay_error = exc.key  # e.g. portal.nothing_owed: say what it is
        else:
            self._pay_error = "pay.unavailable"
        self.paymentChanged.emit()

    def _show_code(self, checked: pay.CheckedPayment) -> None:
        self._payment = checked
        self._last_pay_id = checked.id
        if checked.state == pay.PAID:
            self._paid()
            return
        if checked.state in (pay.EXPIRED, pay.CANCELLED):
            self._closed(checked.state)
            return
        self._watch = pay.PaymentWatch(checked.id, checked.expires_at)
        self._pay_state, self._pay_error, self._pay_notice = "ready", "", ""
        self._update_countdown()
        self._tick.start()
        self.paymentChanged.emit()

    def _closed(self, state: str) -> None:
        """The portal says the code can no longer be paid."""
        self._tick.stop()
        self._pay_state = "expired" if state == pay.EXPIRED else "cancelled"
        self._pay_error = "pay.expired" if state == pay.EXPIRED else "pay.cancelled"
        self._pay_notice = ""
        self.paymentChanged.emit()

    def _update_countdown(self) -> None:
        watch = self._watch
        self._seconds_left = 0 if watch is None else max(0, int(watch.expires_at - time.time()))

    def _apply_phase(self) -> None:
        """The watch's phase as what the screen shows."""
        watch = self._watch
        if watch is None or self._pay_state not in self.OPEN_STATES:
            return
        phase = watch.phase(time.time())
        if phase in ("waiting", "slow"):
            self._pay_state, self._pay_error = "ready", ""
            self._pay_notice = "pay.slow" if phase == "slow" else ""
        elif phase == "confirming":
            self._pay_state, self._pay_error, self._pay_notice = "confirming", "", ""
        elif phase == "unconfirmed":
            self._pay_state, self._pay_notice = "unconfirmed", ""
            self._pay_error = "pay.unconfirmed"

    def _on_tick(self) -> None:
        watch = self._watch
        if self._pay_state not in self.OPEN_STATES or watch is None:
            self._tick.stop()
            return
        now = time.time()
        self._update_countdown()
        if watch.keeps_visit_alive(now):
            # The citizen is busy in their banking app, not touching the kiosk: while the
            # code can be paid the visit stays (the screen shows no personal data); the
            # code's own expiry bounds the wait.
            self._app.session.idle.touch()
        self._ticks += 1
        # Time up: ask the portal at once (its answer, not our clock, says "expired").
        due = self._ticks % POLL_TICKS == 0 or watch.phase(now) == "confirming"
        if watch.should_poll() and not self._polling and due:
            self._poll()
        self._apply_phase()
        self.paymentChanged.emit()

    def _poll(self) -> None:
        if self._watch is None:
            return
        self._polling = True
        portal, pay_id = self._app.portal, self._watch.payment_id
        self._run("poll", lambda: pay.poll(portal, pay_id))

    @Slot()
    def checkPayment(self) -> None:
        """Ask now (tests, and a citizen who taps "I have paid")."""
        if self._pay_state in self.OPEN_STATES and not self._polling:
            self._poll()

    def _after_poll(self, ok: bool, result: Any) -> None:
        self._polling = False
        watch = self._watch
        if watch is None or self._pay_state not in self.OPEN_STATES:
            return
        if not ok:
            watch.failed()  # retried on the next tick; the screen says so after a few
            self._apply_phase()
            self.paymentChanged.emit()
            return
        state = watch.answered(result)
        if state == pay.PAID:
            self._paid()
        elif state in (pay.EXPIRED, pay.CANCELLED):
            self._closed(state)
        else:
            self._update_countdown()
            self._apply_phase()
            self.paymentChanged.emit()

    def _paid(self) -> None:
        self._tick.stop()
        self._pay_state, self._pay_error, self._pay_notice = "paid", "", ""
        self._fee_unknown = False
        if self._outcome is not None:
            o = self._outcome
            self._outcome = Outcome(o.local_ref, o.dossier_code, o.submitted_at,
                                    o.appointment, fee_paid=True)
        self.paymentChanged.emit()
        self._to_receipt()

    def _to_receipt(self) -> None:
        o = self._outcome
        if o is None:
            return
        self._guard(self._app.navigator.go, steps.RECEIPT, reference=o.reference)
        self._print_receipt()
        self.changed.emit()

    @Slot()
    def newCode(self) -> None:
        """"Make a new payment code": first ask whether the old one was paid after all
        (the bank may have paid while the portal could not be reached)."""
        self._app.session.idle.touch()
        if self._pay_state not in ("expired", "cancelled", "error", "unconfirmed"):
            return
        d, o = self._draft(), self._outcome
        if d is None or o is None or not o.dossier_code:
            return
        self._tick.stop()
        self._pay_attempt += 1
        self._pay_state, self._pay_error, self._pay_notice = "checking", "", ""
        self._watch = None
        printer, portal, previous = self._app.printer, self._app.portal, self._last_pay_id
        code, amount = o.dossier_code, int(d.fee or 0)
        key = pay.idempotency_key(d.local_ref, self._pay_attempt)

        def renew():
            problem = printer_problem(printer)
            return problem, pay.renew(portal, previous, code, amount, key)

        self._run("renew", renew)
        self.paymentChanged.emit()

    def _after_renew(self, ok: bool, result: Any) -> None:
        from kiosk.portal.errors import PortalRejected

        if ok:
            problem, outcome = result
            self._printer_problem = problem
            if outcome == pay.PAID:
                self._paid()
            else:
                self._show_code(outcome)
            return
        if self._last_pay_id and not isinstance(result, PortalRejected | pay.PaymentCheckError):
            # The old code's fate is unknown: a new one could make the citizen pay twice.
            self._pay_state, self._pay_error, self._pay_notice = (
                "unconfirmed", "pay.unconfirmed", "")
            self.paymentChanged.emit()
            return
        self._pay_failed(result)

    @Slot()
    def payLater(self) -> None:
        """"Pay later at the counter": first ask whether it was paid after all (then the
        paid receipt); else the code is cancelled so nobody pays it by mistake and the
        receipt says the fee is still owed; when the portal cannot be asked, the receipt
        says the payment is being confirmed, never "not paid"."""
        self._app.session.idle.touch()
        if self._pay_state in ("checking", "cancelling", "paid"):
            return
        self._tick.stop()
        o = self._outcome
        if o is None:
            return
        if not o.dossier_code:
            self._to_receipt()
            return
        portal, pay_id, code = self._app.portal, self._last_pay_id, o.dossier_code
        self._pay_state, self._pay_notice = "cancelling", ""
        self.paymentChanged.emit()
        self._run("later", lambda: pay.settle_for_later(portal, pay_id, code))

    def _after_later(self, ok: bool, result: Any) -> None:
        state = result if ok else pay.UNKNOWN
        if state == pay.PAID:
            self._paid()
            return
        # No code was ever shown: nothing can have been paid, whatever the portal says.
        self._fee_unknown = state == pay.UNKNOWN and bool(self._last_pay_id)
        self._pay_state = "cancelled"
        self._watch = None
        self.paymentChanged.emit()
        self._to_receipt()

    @property
    def payment_id(self) -> str:
        """The portal's id of the payment on screen (tools and tests; not for QML)."""
        return self._payment.id if self._payment is not None else ""

    @Property(str, notify=paymentChanged)
    def payState(self) -> str:
        return self._pay_state

    @Property(str, notify=paymentChanged)
    def payError(self) -> str:
        return self._pay_error

    @Property(str, notify=paymentChanged)
    def payNotice(self) -> str:
        """Beside a QR that stays payable: e.g. pay.slow (polls are failing)."""
        return self._pay_notice

    @Property(str, notify=paymentChanged)
    def payQr(self) -> str:
        watch = self._watch
        if self._payment is None or self._pay_state != "ready" or watch is None:
            return ""
        return self._payment.payload if watch.payable(time.time()) else ""

    @Property(int, notify=paymentChanged)
    def payAmount(self) -> int:
        if self._payment is not None:
            return self._payment.amount
        d = self._draft()
        return int(d.fee or 0) if d else 0

    @Slot(str, result=str)
    def amountWords(self, lang: str) -> str:
        from kiosk.payment.vietqr import amount_in_words

        return amount_in_words(self.payAmount, lang)

    @Property(str, notify=paymentChanged)
    def payBank(self) -> str:
        return self._payment.bank_name if self._payment else ""

    @Property(str, notify=paymentChanged)
    def payAccountName(self) -> str:
        return self._payment.account_name if self._payment else ""

    @Property(int, notify=paymentChanged)
    def paySecondsLeft(self) -> int:
        return self._seconds_left

    @Property(str, notify=paymentChanged)
    def printerProblem(self) -> str:
        return self._printer_problem

    # -- receipt -------------------------------------------------------------------------
    def _print_receipt(self) -> None:
        d, o = self._draft(), self._outcome
        if d is None or o is None:
            return
        cfg = self._app.config
        ward = agency_name_for_ward(cfg.kiosk.ward) or self._ctx.ward_name
        self._receipt = make_receipt(d, o, ward_name=ward, lookup_url=cfg.outbox.lookup_url,
                                     kiosk_id=cfg.kiosk.id)
        if self._fee_unknown and not o.fee_paid:
            # The portal could not say whether the bank paid: never "not paid".
            import dataclasses

            self._receipt = dataclasses.replace(self._receipt, fee_confirming=True)
        printer = self._app.printer
        if printer is None:
            self._print_state, self._print_error = "failed", "printer.not_found"
            self.receiptChanged.emit()
            return
        if self._printer_problem:
            # Said before paying: the receipt is the QR on the screen.
            self._print_state, self._print_error = "failed", self._printer_problem
            self.receiptChanged.emit()
            return
        from kiosk.receipt import receipt_blocks  # Pillow: loaded when first printed

        blocks = receipt_blocks(self._receipt)
        self._print_state = "printing"
        self._run("print", lambda: printer.print_blocks(blocks))
        self.receiptChanged.emit()

    def _after_print(self, ok: bool, result: Any) -> None:
        if ok:
            self._print_state, self._print_error = "printed", ""
        else:
            self._print_state = "failed"
            self._print_error = getattr(result, "key", "") or "printer.error"
        self.receiptChanged.emit()

    @Property(str, notify=receiptChanged)
    def printState(self) -> str:
        return self._print_state

    @Property(str, notify=receiptChanged)
    def printError(self) -> str:
        return self._print_error

    @Property(str, notify=changed)
    def reference(self) -> str:
        return self._outcome.reference if self._outcome else ""

    @Property(bool, notify=changed)
    def offline(self) -> bool:
        return bool(self._outcome and self._outcome.offline)

    @Property(bool, notify=paymentChanged)
    def feePaid(self) -> bool:
        return bool(self._outcome and self._outcome.fee_paid)

    @Property(str, notify=paymentChanged)
    def feeState(self) -> str:
        """"paid", "unknown" (the portal could not be asked: being confirmed) or "unpaid"."""
        if self._outcome is not None and self._outcome.fee_paid:
            return "paid"
        return "unknown" if self._fee_unknown else "unpaid"

    @Property(str, notify=receiptChanged)
    def receiptQr(self) -> str:
        return self._receipt.lookup_qr if self._receipt is not None else ""

    @Property(str, notify=changed)
    def appointment(self) -> str:
        o = self._outcome
        return o.appointment.strftime("%d/%m/%Y") if o and o.appointment else ""

    @Slot(str, result=str)
    def procedureName(self, lang: str) -> str:
        d = self._draft()
        if d is None:
            return ""
        if lang == "en":
            return d.definition.title.en
        return d.procedure_name or d.definition.title.vi

    @Slot()
    def finish(self) -> None:
        """"Done": the visit is over; the wipe forgets everything typed."""
        self._app.session.wipe("home")

    # -- results and housekeeping --------------------------------------------------------
    def _on_done(self, packed: tuple) -> None:
        generation, kind, (ok, result) = packed
        if generation != self._generation:
            return  # the visit it belonged to is over
        if kind == "definition":
            if ok:
                self._definition = result
            return
        handler = {"submit": self._after_submit, "payment": self._after_payment,
                   "poll": self._after_poll, "renew": self._after_renew,
                   "later": self._after_later, "print": self._after_print,
                   "wipe_cancel": lambda _ok, _result: None}[kind]
        handler(ok, result)

    def _on_position(self, position) -> None:
        if position.flow != "submit":
            self._tick.stop()
        elif position.step == steps.CONFIRM and self._draft() is not None:
            # "Back" from the form: the confirm screen shows the draft's applicant again
            # (IdentityBridge dropped the identity when the form opened), with "Continue".
            from ui.bridges.identity_bridge import IdentityBridge

            self._app.session.set(IDENTITY_KEY, self._draft().identity)
            self._ctx.singleton(IdentityBridge).changed.emit()
        self.changed.emit()

    def _on_wipe(self, _reason: str) -> None:
        watch = self._watch
        payment = self._payment if watch is not None and watch.open else None
        self._reset()
        if payment is not None:
            # Nobody is in front of the QR any more: it must not stay payable.
            portal = self._app.portal
            self._generation += 1

            self._run("wipe_cancel", lambda: pay.cancel(portal, payment.id))
        self.changed.emit()
        self.formChanged.emit()
        self.paymentChanged.emit()
        self.receiptChanged.emit()


def _plain(text: str) -> str:
    """Sort key: Vietnamese letters sort with their base letter (Bạch Mai near Ba Vì)."""
    import unicodedata

    base = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in base if not unicodedata.combining(c)).casefold()


def printer_problem(printer: Any) -> str:
    """The key of what stops the printer now ("" when it can print), asked on its own
    worker (blocking, with a timeout)."""
    if printer is None:
        return "printer.not_found"
    try:
        status = printer.status(timeout=5.0)
    except Exception as exc:  # noqa: BLE001 - any failure means: no paper receipt
        return getattr(exc, "key", "") or "printer.error"
    return status.problem_key or ""
