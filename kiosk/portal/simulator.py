"""The Kiosk Portal API simulator: a real HTTP server over the real seed catalog.

Part of the product (demos, staff training, tests), not a test mock: it speaks the API of
kiosk/portal/openapi.yaml over loopback HTTP(S), keeps a truly incremental change feed,
and can fail the way a real gateway fails (5xx with Retry-After, garbage bodies, slow
answers, dropped connections).

Besides the public API it has a control surface under /_sim/ (not part of the API) so a
demo can be driven with curl:

    curl -X POST $URL/_sim/faults -d '{"kind": "status", "status": 503, "retry_after": 5}'
    curl -X DELETE $URL/_sim/faults
    curl -X POST $URL/_sim/catalog/1.001193 -d '{"TenTTHC": "Đăng ký khai sinh (mới)"}'
    curl -X DELETE $URL/_sim/catalog/1.001193
    curl -X POST $URL/_sim/catalog/expire-tokens
    curl $URL/_sim/heartbeats
    curl -X POST $URL/_sim/clock -d '{"advance": 600}'
    curl -X POST $URL/_sim/dossiers/H26.105-261122-0001/status -d '{"TrangThaiHoSo": 5}'
    curl -X POST $URL/_sim/bank/callback -d '{"bill_number": "H26.105-261122-0001", "amount": 7000}'

Dossiers and payments live in kiosk/portal/sim_dossiers.py; docs/portal.md describes the
scenarios dossiers follow.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import logging
import re
import secrets
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, urlsplit

from kiosk.catalog.model import CatalogDataError, Procedure

from .sim_dossiers import ApiError, DossierStore, Forms, Payee, SimClock

log = logging.getLogger(__name__)

API_VERSION = "1"
DEFAULT_LIMIT = 500
MAX_LIMIT = 1000
FAULT_KINDS = ("status", "garbage", "slow", "drop", "body", "drop_after_commit")


def load_seed(name: str) -> Any:
    """A JSON file of kiosk/data, read through the package so installs work too."""
    return json.loads(resources.files("kiosk").joinpath("data", name).read_text("utf-8"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class TokenError(Exception):
    """A change token this catalog cannot continue from (answered with 410)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class SimCatalog:
    """The simulator's catalog: procedures with a monotonically increasing change sequence.

    Every add, update and remove gets the next sequence number, so "what changed after
    token T" is exact. Tokens are opaque to clients and encode this catalog's epoch and a
    sequence number; a token of another epoch (another simulator run, or after
    `expire_tokens`) is refused so the client starts over with a full sync.
    """

    def __init__(
        self,
        records: Iterable[dict[str, Any]] | None = None,
        *,
        units: list[dict[str, Any]] | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        self._lock = threading.RLock()
        recs = list(load_seed("procedures.json") if records is None else records)
        self._units = load_seed("units.json") if units is None else list(units)
        self._meta = load_seed("catalog_meta.json") if meta is None else dict(meta)
        self._records: dict[str, dict[str, Any]] = {}
        self._seq_of: dict[str, int] = {}
        self._tombstones: dict[str, int] = {}
        self._seq = 0
        for rec in sorted(recs, key=lambda r: r["MaTTHC"]):
            self._check(rec)
            if rec["MaTTHC"] in self._records:
                raise ValueError(f"duplicate procedure {rec['MaTTHC']}")
            self._seq += 1
            self._records[rec["MaTTHC"]] = rec
            self._seq_of[rec["MaTTHC"]] = self._seq
        self._epoch = secrets.token_hex(4)

    # -- reading ---------------------------------------------------------------------

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def __contains__(self, code: object) -> bool:
        with self._lock:
            return code in self._records

    def get(self, code: str) -> dict[str, Any] | None:
        with self._lock:
            rec = self._records.get(code)
            return copy.deepcopy(rec) if rec is not None else None

    def codes(self) -> list[str]:
        with self._lock:
            return sorted(self._records)

    @property
    def sequence(self) -> int:
        with self._lock:
            return self._seq

    @property
    def version(self) -> str:
        """Changes with every edit; what meta and health report as catalog_version."""
        with self._lock:
            base = self._meta.get("catalog_version", "seed")
            return f"{base}-{self._epoch}.{self._seq}"

    def token(self) -> str:
        """A token for "now": a feed read from it returns only later changes."""
        with self._lock:
            return self._encode(self._seq)

    def units(self) -> list[dict[str, Any]]:
        return list(self._units)

    def meta(self) -> dict[str, Any]:
        with self._lock:
            meta = dict(self._meta)
            meta["catalog_version"] = self.version
            meta["procedure_count"] = len(self._records)
            meta["detailed_count"] = sum(1 for r in self._records.values() if r.get("CoChiTiet"))
            return meta

    def changes(self, since: str | None = None, limit: int = DEFAULT_LIMIT) -> dict[str, Any]:
        """One page of the change feed, shaped as the API's CatalogPage.

        The records in it are the catalog's own: treat them as read-only.
        """
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be 1..{MAX_LIMIT}")
        with self._lock:
            after = 0 if since is None else self._decode(since)
            entries = [(s, c, True) for c, s in self._seq_of.items() if s > after]
            if since is not None:
                # A full sync replaces everything, so it needs no tombstones.
                entries += [(s, c, False) for c, s in self._tombstones.items() if s > after]
            entries.sort()
            has_more = len(entries) > limit
            page = entries[:limit]
            cursor = page[-1][0] if has_more else self._seq
            return {
                "items": [self._records[c] for _, c, live in page if live],
                "deleted": [c for _, c, live in page if not live],
                "next_token": self._encode(cursor),
                "has_more": has_more,
            }

    # -- changing --------------------------------------------------------------------

    def update(self, code: str, **wire_fields: Any) -> dict[str, Any]:
        """Change some wire fields of a procedure; bumps PhienBan and the sequence."""
        if wire_fields.get("MaTTHC", code) != code:
            raise ValueError("MaTTHC cannot change; remove and add instead")
        with self._lock:
            old = self._records.get(code)
            if old is None:
                raise KeyError(code)
            rec = {**old, **copy.deepcopy(wire_fields)}
            rec["PhienBan"] = int(old.get("PhienBan") or 0) + 1
            self._check(rec)
            self._store(rec)
            return rec

    def add(self, record: dict[str, Any]) -> dict[str, Any]:
        """Add a new procedure (a full wire record)."""
        self._check(record)
        with self._lock:
            code = record["MaTTHC"]
            if code in self._records:
                raise ValueError(f"procedure {code} exists; use update")
            rec = copy.deepcopy(record)
            rec.setdefault("PhienBan", 1)
            self._tombstones.pop(code, None)
            self._store(rec)
            return rec

    def remove(self, code: str) -> None:
        with self._lock:
            if code not in self._records:
                raise KeyError(code)
            del self._records[code]
            del self._seq_of[code]
            self._seq += 1
            self._tombstones[code] = self._seq
        log.info("catalog: removed %s (seq %d)", code, self._seq)

    def expire_tokens(self) -> None:
        """Start a new epoch: every token handed out so far now answers 410."""
        with self._lock:
            self._epoch = secrets.token_hex(4)
            self._tombstones.clear()  # nobody can ask for them any more
        log.info("catalog: tokens expired, new epoch %s", self._epoch)

    # -- internals -------------------------------------------------------------------

    def _store(self, rec: dict[str, Any]) -> None:
        # Records are replaced, never mutated, so a page being serialised elsewhere
        # keeps the version it was built from.
        self._seq += 1
        self._records[rec["MaTTHC"]] = rec
        self._seq_of[rec["MaTTHC"]] = self._seq
        log.info("catalog: %s now revision %s (seq %d)", rec["MaTTHC"], rec["PhienBan"], self._seq)

    @staticmethod
    def _check(rec: dict[str, Any]) -> None:
        try:
            Procedure.from_wire(rec)
        except CatalogDataError as exc:
            raise ValueError(f"not a valid procedure: {exc}") from exc

    def _encode(self, seq: int) -> str:
        raw = f"v1.{self._epoch}.{seq}".encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _decode(self, token: str) -> int:
        try:
            raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            version, epoch, seq_text = raw.split(".")
            seq = int(seq_text)
        except (ValueError, UnicodeDecodeError, binascii.Error):
            raise TokenError("token_invalid", "The change token is malformed.") from None
        if version != "v1" or epoch != self._epoch or not 0 <= seq <= self._seq:
            raise TokenError("token_expired", "The change token is no longer valid.")
        return seq


@dataclass
class Fault:
    kind: str
    count: int | None = 1  # None: until cleared
    path_prefix: str = "/v1/"
    status: int = 500
    retry_after: int | None = None
    delay: float = 5.0
    body: Any = None  # kind "body": answer 200 with this JSON (a valid body of the wrong shape)


class FaultInjector:
    """Faults the simulator applies to the next matching requests (not to /_sim/)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def inject(
        self,
        kind: str,
        *,
        count: int | None = 1,
        path_prefix: str = "/v1/",
        status: int = 500,
        retry_after: int | None = None,
        delay: float = 5.0,
        body: Any = None,
    ) -> Fault:
        """Apply `kind` to the next `count` requests whose path starts with path_prefix.

        status: answer `status` (problem+json, Retry-After when retry_after is given);
        garbage: 200 whose body is not JSON; slow: wait `delay` seconds, then answer;
        drop: close the connection without an answer; body: 200 with `body` as JSON;
        drop_after_commit: process the request fully (a dossier is stored, a payment
        created), then close the connection without sending the answer.
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {FAULT_KINDS}")
        if kind == "status" and not 400 <= status <= 599:
            raise ValueError("status must be 4xx or 5xx")
        if count is not None and count < 1:
            raise ValueError("count must be >= 1 (or None for until cleared)")
        if delay < 0 or (retry_after is not None and retry_after < 0):
            raise ValueError("delay and retry_after must be >= 0")
        fault = Fault(kind, count, path_prefix, status, retry_after, float(delay), body)
        with self._lock:
            self._faults.append(fault)
        log.info("fault injected: %s", fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def pending(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def take(self, path: str) -> Fault | None:
        """The fault to apply to this request, if any; counts it as used."""
        with self._lock:
            for fault in self._faults:
                if path.startswith(fault.path_prefix):
                    if fault.count is not None:
                        fault.count -= 1
                        if fault.count <= 0:
                            self._faults.remove(fault)
                    return fault
        return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, addr: tuple[str, int], sim: PortalSimulator) -> None:
        self.sim = sim
        self._conns: set[socket.socket] = set()
        self._conns_lock = threading.Lock()
        super().__init__(addr, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._conns_lock:
            self._conns.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._conns_lock:
            self._conns.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Cut keep-alive connections too, so a stopped server really is gone."""
        with self._conns_lock:
            conns, self._conns = list(self._conns), set()
        for conn in conns:
            try:
                socket.socket.shutdown(conn, socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hanging up or failing the TLS handshake are normal here; keep them out
        # of stderr.
        log.debug("connection from %s ended with an error", client_address, exc_info=True)


Route = tuple[str, re.Pattern[str], str]
_ROUTES: list[Route] = [
    ("GET", re.compile(r"/v1/health"), "health"),
    ("GET", re.compile(r"/v1/catalog/changes"), "catalog_changes"),
    ("GET", re.compile(r"/v1/catalog/procedures/(?P<code>[^/]+)"), "procedure"),
    ("GET", re.compile(r"/v1/catalog/meta"), "catalog_meta"),
    ("GET", re.compile(r"/v1/units"), "units"),
    ("POST", re.compile(r"/v1/kiosks/(?P<kiosk>[^/]+)/heartbeat"), "heartbeat"),
    ("GET", re.compile(r"/v1/forms/(?P<code>[^/]+)"), "form"),
    ("POST", re.compile(r"/v1/dossiers"), "submit_dossier"),
    ("POST", re.compile(r"/v1/dossiers/lookup"), "dossier_lookup"),
    ("GET", re.compile(r"/v1/dossiers/(?P<code>[^/]+)"), "dossier"),
    ("POST", re.compile(r"/v1/citizens/dossiers"), "citizen_dossiers"),
    ("POST", re.compile(r"/v1/payments"), "create_payment"),
    ("GET", re.compile(r"/v1/payments/(?P<pay_id>[^/]+)"), "payment"),
    ("POST", re.compile(r"/v1/payments/(?P<pay_id>[^/]+)/cancel"), "cancel_payment"),
    ("POST", re.compile(r"/v1/ratings"), "not_implemented_idem"),
    ("POST", re.compile(r"/v1/queue-tickets"), "not_implemented_idem"),
    ("GET", re.compile(r"/_sim/faults"), "sim_faults"),
    ("POST", re.compile(r"/_sim/faults"), "sim_inject"),
    ("DELETE", re.compile(r"/_sim/faults"), "sim_clear"),
    ("POST", re.compile(r"/_sim/catalog/expire-tokens"), "sim_expire"),
    ("POST", re.compile(r"/_sim/catalog/(?P<code>[^/]+)"), "sim_change"),
    ("DELETE", re.compile(r"/_sim/catalog/(?P<code>[^/]+)"), "sim_remove"),
    ("GET", re.compile(r"/_sim/heartbeats"), "sim_heartbeats"),
    ("GET", re.compile(r"/_sim/clock"), "sim_clock"),
    ("POST", re.compile(r"/_sim/clock"), "sim_clock_advance"),
    ("GET", re.compile(r"/_sim/dossiers"), "sim_dossiers"),
    ("POST", re.compile(r"/_sim/dossiers/(?P<code>[^/]+)/status"), "sim_dossier_status"),
    ("POST", re.compile(r"/_sim/bank/callback"), "sim_bank_callback"),
]
_KIOSK_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_IDEM_KEY = re.compile(r"[A-Za-z0-9._:-]{8,128}")


_HTTPError = ApiError  # one error type for the handlers and the dossier store


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "KioskPortalSimulator/1"
    timeout = 30  # idle keep-alive connections do not pin a thread forever
    disable_nagle_algorithm = True  # headers and body go out in two writes
    server: _Server

    # -- plumbing --------------------------------------------------------------------

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            self.request.settimeout(self.timeout)
            self.request.do_handshake()  # here, not in accept(): one slow client can't block
        super().setup()

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        try:
            self._body = self._read_body()
        except _HTTPError as exc:
            self.close_connection = True  # framing unknown: do not reuse the connection
            self._problem(exc.status, exc.code, exc.detail)
            return
        url = urlsplit(self.path)
        path = url.path
        self._query = parse_qs(url.query)
        sim = self.server.sim
        sim._note_request(method, path, self.headers)
        self._drop_answer = False
        if not path.startswith("/_sim/"):
            fault = sim.faults.take(path)
            if fault is not None and self._apply_fault(fault):
                return
        try:
            handler, params = self._route(method, path)
            handler(**params)
        except _HTTPError as exc:
            self._problem(exc.status, exc.code, exc.detail, exc.headers, errors=exc.errors)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception:
            log.exception("simulator error on %s %s", method, self.path)
            self._problem(500, "internal_error", "The simulator failed on this request.")

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raise _HTTPError(411, "length_required", "Send a Content-Length, not chunks.")
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            raise _HTTPError(400, "bad_request", "Bad Content-Length.") from None
        if length < 0 or length > 16 * 1024 * 1024:
            raise _HTTPError(413, "too_large", "The request body is too large.")
        return self.rfile.read(length) if length else b""

    def _route(self, method: str, path: str) -> tuple[Callable[..., None], dict[str, str]]:
        allowed = []
        for m, pattern, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match:
                if m == method:
                    return getattr(self, "h_" + name), match.groupdict()
                allowed.append(m)
        if allowed:
            raise _HTTPError(405, "method_not_allowed", f"Use {', '.join(allowed)}.",
                             {"Allow": ", ".join(allowed)})
        raise _HTTPError(404, "not_found", f"No resource at {path}.")

    def _apply_fault(self, fault: Fault) -> bool:
        """Apply a fault; True when the request has been answered (or dropped)."""
        log.info("fault %s on %s", fault.kind, self.path)
        if fault.kind == "drop_after_commit":
            self._drop_answer = True  # _send hangs up instead of answering
            return False
        if fault.kind == "slow":
            time.sleep(fault.delay)
            return False
        if fault.kind == "drop":
            self.close_connection = True
            try:
                socket.socket.shutdown(self.connection, socket.SHUT_RDWR)
            except OSError:
                pass
            return True
        if fault.kind == "body":
            self._json(200, fault.body)
            return True
        if fault.kind == "garbage":
            self._send(200, b"<html><body>502 Bad Gateway</body></html>\x00\xff",
                       "application/json")
            return True
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        code = "unavailable" if fault.status == 503 else "injected_fault"
        self._problem(fault.status, code, "Fault injected by the simulator.", headers)
        return True

    def _send(self, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        if getattr(self, "_drop_answer", False):
            # The work is done and stored; the answer is lost on the way, as when a
            # gateway or proxy dies between commit and reply.
            log.info("fault drop_after_commit: %s %s answered %d, dropping it",
                     self.command, self.path, status)
            self.close_connection = True
            try:
                socket.socket.shutdown(self.connection, socket.SHUT_RDWR)
            except OSError:
                pass
            return
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            # The client gave up (e.g. its read timeout passed while we were slow).
            self.close_connection = True

    def _json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8", headers)

    def _problem(self, status: int, code: str, detail: str,
                 headers: dict[str, str] | None = None, *,
                 errors: dict[str, str] | None = None) -> None:
        problem: dict[str, Any] = {
            "type": "about:blank",
            "title": HTTPStatus(status).phrase,
            "status": status,
            "detail": detail,
            "code": code,
            "instance": urlsplit(self.path).path,
        }
        if errors is not None:
            problem["errors"] = errors
        body = json.dumps(problem, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/problem+json; charset=utf-8", headers)

    def _json_body(self) -> Any:
        if not self._body:
            raise _HTTPError(400, "bad_request", "A JSON body is required.")
        try:
            return json.loads(self._body)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _HTTPError(400, "bad_request", "The body is not valid JSON.") from None

    def _json_object(self) -> dict[str, Any]:
        body = self._json_body()
        if not isinstance(body, dict):
            raise _HTTPError(400, "bad_request", "The body must be a JSON object.")
        return body

    def _one(self, name: str) -> str | None:
        values = self._query.get(name)
        return values[-1] if values else None

    # -- the API ---------------------------------------------------------------------

    def h_health(self) -> None:
        self._json(200, {
            "status": "ok",
            "api_version": API_VERSION,
            "server_time": _now(),
            "catalog_version": self.server.sim.catalog.version,
            "simulator": True,
        })

    def h_catalog_changes(self) -> None:
        since = self._one("since")
        limit_text = self._one("limit")
        try:
            limit = DEFAULT_LIMIT if limit_text is None else int(limit_text)
        except ValueError:
            raise _HTTPError(400, "bad_request", "limit must be an integer.") from None
        if not 1 <= limit <= MAX_LIMIT:
            raise _HTTPError(400, "bad_request", f"limit must be 1..{MAX_LIMIT}.")
        if since == "":
            raise _HTTPError(400, "bad_request", "since must not be empty.")
        try:
            page = self.server.sim.catalog.changes(since, limit)
        except TokenError as exc:
            raise _HTTPError(410, exc.code, exc.detail + " Start a full sync.") from None
        self._json(200, page)

    def h_procedure(self, code: str) -> None:
        rec = self.server.sim.catalog.get(code)
        if rec is None:
            raise _HTTPError(404, "procedure_not_found", f"No procedure {code}.")
        self._json(200, rec)

    def h_catalog_meta(self) -> None:
        self._json(200, self.server.sim.catalog.meta())

    def h_units(self) -> None:
        self._json(200, {"items": self.server.sim.catalog.units()})

    def h_heartbeat(self, kiosk: str) -> None:
        if not _KIOSK_ID.fullmatch(kiosk):
            raise _HTTPError(400, "bad_request", "Bad kiosk id.")
        payload = self._json_object()
        received = _now()
        self.server.sim._record_heartbeat(kiosk, payload, received)
        self._json(200, {
            "kiosk_id": kiosk,
            "received_at": received,
            "server_time": _now(),
            "catalog_version": self.server.sim.catalog.version,
        })

    def _idempotency_key(self) -> str:
        key = self.headers.get("Idempotency-Key")
        if not key or not _IDEM_KEY.fullmatch(key):
            raise _HTTPError(400, "idempotency_key_required",
                             "Send an Idempotency-Key header (8-128 of A-Z a-z 0-9 . _ : -).")
        return key

    def h_not_implemented_idem(self) -> None:
        self._idempotency_key()
        self.h_not_implemented()

    def h_form(self, code: str) -> None:
        if code not in self.server.sim.catalog:
            raise _HTTPError(404, "form_not_found", f"No procedure {code}.")
        form = self.server.sim.dossiers.forms.wire(code)
        if form is None:
            raise _HTTPError(404, "form_not_found", f"Procedure {code} has no online form.")
        self._json(200, form)

    def h_submit_dossier(self) -> None:
        key = self._idempotency_key()
        dossier, replayed = self.server.sim.dossiers.submit(self._json_object(), key)
        if replayed:
            self._json(200, dossier)
        else:
            self._json(201, dossier, {"Location": "/v1/dossiers/" + dossier["MaHoSo"]})

    def h_dossier(self, code: str) -> None:
        self._json(200, self.server.sim.dossiers.status(code))

    def h_dossier_lookup(self) -> None:
        body = self._json_object()
        self._json(200, self.server.sim.dossiers.details(body.get("MaHoSo"),
                                                          body.get("SoDinhDanh")))

    def h_citizen_dossiers(self) -> None:
        body = self._json_object()
        items = self.server.sim.dossiers.citizen_dossiers(body.get("SoDinhDanh"),
                                                          body.get("NguonDinhDanh"))
        self._json(200, {"items": items})

    def h_create_payment(self) -> None:
        key = self._idempotency_key()
        payment, replayed = self.server.sim.dossiers.create_payment(self._json_object(), key)
        self._json(200 if replayed else 201, payment)

    def h_payment(self, pay_id: str) -> None:
        self._json(200, self.server.sim.dossiers.payment(pay_id))

    def h_cancel_payment(self, pay_id: str) -> None:
        self._json(200, self.server.sim.dossiers.cancel_payment(pay_id))

    def h_not_implemented(self, **_: str) -> None:
        raise _HTTPError(501, "not_implemented", "The simulator does not implement this yet.")

    # -- the simulator's control surface ----------------------------------------------

    def h_sim_faults(self) -> None:
        self._json(200, {"faults": [asdict(f) for f in self.server.sim.faults.pending()],
                         "kinds": list(FAULT_KINDS)})

    def h_sim_inject(self) -> None:
        body = self._json_object()
        names = ("count", "path_prefix", "status", "retry_after", "delay", "body")
        args = {k: body[k] for k in names if k in body}
        try:
            fault = self.server.sim.faults.inject(str(body.get("kind")), **args)
        except (TypeError, ValueError) as exc:
            raise _HTTPError(400, "bad_request", str(exc)) from None
        self._json(201, asdict(fault))

    def h_sim_clear(self) -> None:
        self.server.sim.faults.clear()
        self._send(204, b"", "application/json")

    def h_sim_expire(self) -> None:
        self.server.sim.catalog.expire_tokens()
        self._send(204, b"", "application/json")

    def h_sim_change(self, code: str) -> None:
        body = self._json_object()
        catalog = self.server.sim.catalog
        try:
            if code in catalog:
                rec = catalog.update(code, **body)
                status = 200
            else:
                rec = catalog.add({**body, "MaTTHC": code})
                status = 201
        except ValueError as exc:
            raise _HTTPError(422, "validation_failed", str(exc)) from None
        self._json(status, rec)

    def h_sim_remove(self, code: str) -> None:
        try:
            self.server.sim.catalog.remove(code)
        except KeyError:
            raise _HTTPError(404, "procedure_not_found", f"No procedure {code}.") from None
        self._send(204, b"", "application/json")

    def h_sim_heartbeats(self) -> None:
        self._json(200, self.server.sim.heartbeats)

    def _clock_view(self) -> dict[str, Any]:
        store = self.server.sim.dossiers
        now = store.clock()
        return {"now": datetime.fromtimestamp(now, UTC).isoformat(timespec="seconds"),
                "epoch": now, "step_seconds": store.step_seconds}

    def h_sim_clock(self) -> None:
        self._json(200, self._clock_view())

    def h_sim_clock_advance(self) -> None:
        seconds = self._json_object().get("advance")
        if not isinstance(seconds, int | float) or isinstance(seconds, bool):
            raise _HTTPError(400, "bad_request", "advance must be a number of seconds.")
        try:
            self.server.sim.dossiers.clock.advance(float(seconds))
        except ValueError as exc:
            raise _HTTPError(400, "bad_request", str(exc)) from None
        self._json(200, self._clock_view())

    def h_sim_dossiers(self) -> None:
        store = self.server.sim.dossiers
        self._json(200, {"items": [store.status(c) for c in store.codes()]})

    def h_sim_dossier_status(self, code: str) -> None:
        self._json(200, self.server.sim.dossiers.set_status(code, self._json_object()))

    def h_sim_bank_callback(self) -> None:
        self._json(200, self.server.sim.dossiers.bank_callback(self._json_object()))


class PortalSimulator:
    """Serves the Kiosk Portal API on loopback from a SimCatalog.

    with PortalSimulator().start() as sim:
        client = PortalClient(sim.url)
    """

    def __init__(
        self,
        catalog: SimCatalog | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
        clock: Callable[[], float] | None = None,
        step_seconds: float = 120.0,
        payee: Payee | None = None,
        payment_lifetime: float = 600.0,
        forms: Callable[[str], dict[str, Any] | None] | None = None,
        seed_demo: bool = True,
    ) -> None:
        """clock: epoch seconds (default time.time; tests pass a fake one); step_seconds:
        how long a dossier stays in each status of its scenario; payee: the account fees
        are paid to (default VietinBank 970415); payment_lifetime: seconds a payment QR is
        valid; forms: MaTTHC -> form definition (default kiosk.forms.load_definition);
        seed_demo: the demo citizen's dossiers exist from the start."""
        # The real catalog (a megabyte of JSON) loads on first use, not here: the kiosk
        # builds its in-process simulator before its first frame and starts it after.
        self._catalog = catalog
        self._catalog_lock = threading.Lock()
        self.faults = FaultInjector()
        self._host = host
        self._port = port
        self._ssl_context = ssl_context
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._foreground = False
        self._hb_lock = threading.Lock()
        self._heartbeats: dict[str, dict[str, Any]] = {}
        self._recent: deque[dict[str, Any]] = deque(maxlen=100)
        self.dossiers = DossierStore(
            procedures=lambda code: self.catalog.get(code),
            forms=Forms(forms), clock=SimClock(clock), step_seconds=step_seconds,
            payee=payee, payment_lifetime=payment_lifetime, seed_demo=seed_demo,
        )

    @property
    def catalog(self) -> SimCatalog:
        with self._catalog_lock:
            if self._catalog is None:
                self._catalog = SimCatalog()
            return self._catalog

    # -- life cycle ------------------------------------------------------------------

    def _bind(self) -> _Server:
        if self._server is None:
            server = _Server((self._host, self._port), self)
            if self._ssl_context is not None:
                server.socket = self._ssl_context.wrap_socket(
                    server.socket, server_side=True, do_handshake_on_connect=False
                )
            self._server = server
            log.info("portal simulator listening on %s", self.url)
        return self._server

    def start(self) -> PortalSimulator:
        """Serve on a background (daemon) thread; returns self."""
        if self._thread is not None:
            return self
        server = self._bind()
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05},
            name="portal-simulator", daemon=True,
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve in the calling thread until interrupted (for the CLI)."""
        server = self._bind()
        self._foreground = True
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            self._foreground = False
            self._close()

    def stop(self) -> None:
        server = self._server
        if server is None:
            return
        if self._thread is not None:
            server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        elif self._foreground:
            server.shutdown()  # serve_forever() returns and closes everything itself
            return
        self._close()

    def _close(self) -> None:
        if self._server is not None:
            self._server.server_close()
            self._server.close_connections()
            self._server = None
            log.info("portal simulator stopped")

    def __enter__(self) -> PortalSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulator is not started")
        host, port = self._server.server_address[:2]
        scheme = "https" if self._ssl_context is not None else "http"
        if ":" in str(host):
            host = f"[{host}]"
        return f"{scheme}://{host}:{port}"

    # -- what came in ----------------------------------------------------------------

    def _note_request(self, method: str, path: str, headers: Any) -> None:
        with self._hb_lock:
            self._recent.append({
                "method": method,
                "path": path,
                "kiosk_id": headers.get("X-Kiosk-Id"),
                "user_agent": headers.get("User-Agent"),
            })

    @property
    def recent_requests(self) -> list[dict[str, Any]]:
        """The last 100 requests (method, path, kiosk_id, user_agent), oldest first."""
        with self._hb_lock:
            return list(self._recent)

    # -- heartbeats ------------------------------------------------------------------

    def _record_heartbeat(self, kiosk_id: str, payload: dict[str, Any], received: str) -> None:
        with self._hb_lock:
            self._heartbeats[kiosk_id] = {"received_at": received, "payload": payload}

    @property
    def heartbeats(self) -> dict[str, dict[str, Any]]:
        """Last heartbeat per kiosk: {kiosk_id: {"received_at", "payload"}}."""
        with self._hb_lock:
            return dict(self._heartbeats)

    def last_heartbeat(self, kiosk_id: str) -> dict[str, Any] | None:
        with self._hb_lock:
            return self._heartbeats.get(kiosk_id)


def serve(host: str = "127.0.0.1", port: int = 8765, certfile: str | None = None,
          keyfile: str | None = None, step_seconds: float = 120.0) -> None:
    """Run the simulator in the foreground (`kiosk portal-sim`), HTTPS with a certificate.

    step_seconds: how long a dossier stays in each status of its scenario."""
    ctx = None
    if certfile:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(certfile, keyfile)
    sim = PortalSimulator(host=host, port=port, ssl_context=ctx, step_seconds=step_seconds)
    sim._bind()
    print(f"Kiosk Portal API simulator on {sim.url} (Ctrl+C to stop)", flush=True)
    sim.serve_forever()


__all__ = ["Fault", "FaultInjector", "Payee", "PortalSimulator", "SimCatalog", "TokenError",
           "serve"]
