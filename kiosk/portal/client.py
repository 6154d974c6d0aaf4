"""Client of the Kiosk Portal API (kiosk/portal/openapi.yaml).

Blocking, over one requests.Session: call it from a worker thread, never from the Qt
main thread. Every call has a connect and a read timeout, TLS is verified, and every
failure comes out as a typed PortalError (kiosk/portal/errors.py); no requests or
urllib3 exception escapes. Retrying is the caller's business (the sync engine and the
outbox know their backoff); the errors say whether it can help and how long to wait.
"""

from __future__ import annotations

import email.utils
import json
import logging
import math
import re
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests
import urllib3.exceptions

from kiosk.catalog.model import CatalogDataError, Procedure

from .errors import (
    MESSAGES,
    PortalBadResponse,
    PortalError,
    PortalRateLimited,
    PortalRejected,
    PortalServerError,
    PortalTimeout,
    PortalTLSError,
    PortalTokenExpired,
    PortalUnavailable,
    PortalValidationError,
)

log = logging.getLogger(__name__)

USER_AGENT = "hanoi-kiosk/0.1 (portal-client)"
_JSON_TYPES = ("application/json", "application/problem+json")
_IDEM_KEY = re.compile(r"[A-Za-z0-9._:-]{8,128}")
_ID_NUMBER = re.compile(r"[0-9]{12}")
_MA_HO_SO = re.compile(r"[A-Za-z0-9.]+-[0-9]{6}-[0-9]{4,}")
ID_SOURCES = ("chip_verified", "chip_unverified", "qr", "typed")
PAYMENT_STATES = ("cho_thanh_toan", "da_thanh_toan", "het_han", "da_huy")


@dataclass(frozen=True, slots=True)
class CatalogPage:
    """One page of the catalog change feed."""

    items: list[dict[str, Any]]  # procedures in wire format, each valid for Procedure.from_wire
    deleted: list[str]  # MaTTHC of removed procedures
    next_token: str  # pass as `since` next time
    has_more: bool  # another page follows right away
    # Codes of records left out because they failed Procedure.from_wire: one bad record
    # must not block the catalog; it comes again with its next change.
    rejected: list[str] = field(default_factory=list)


class PortalClient:
    def __init__(
        self,
        base_url: str,
        *,
        connect_timeout: float = 3.05,
        read_timeout: float = 10.0,
        verify: bool | str = True,
        kiosk_id: str | None = None,
        session: requests.Session | None = None,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"portal URL must be http(s)://host[:port], got {base_url!r}")
        if connect_timeout <= 0 or read_timeout <= 0:
            raise ValueError("timeouts must be positive")
        self.base_url = base_url.rstrip("/")
        self.kiosk_id = kiosk_id
        self._timeout = (connect_timeout, read_timeout)
        self._verify = verify
        self._own_session = session is None
        self._session = session if session is not None else requests.Session()
        # Sent with every request rather than set on the session, which may be shared.
        self._headers = {
            "User-Agent": USER_AGENT,
            "Accept": "application/json, application/problem+json",
        }
        if kiosk_id:
            self._headers["X-Kiosk-Id"] = kiosk_id

    # -- the API ---------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        body = self._request("GET", "/v1/health")
        _require(isinstance(body, dict) and isinstance(body.get("status"), str), "health")
        return body

    def catalog_changes(self, since: str | None, limit: int = 500) -> CatalogPage:
        """One page of the change feed; since=None starts a full sync.

        Raises PortalTokenExpired when the portal no longer knows `since`: drop it and
        call again with since=None.
        """
        params: dict[str, Any] = {"limit": limit}
        if since is not None:
            params["since"] = since
        body = self._request("GET", "/v1/catalog/changes", params=params, feed=True)
        _require(isinstance(body, dict), "change page is not an object")
        items, deleted = body.get("items"), body.get("deleted")
        token, more = body.get("next_token"), body.get("has_more")
        _require(isinstance(items, list), "items is not a list")
        _require(isinstance(deleted, list) and all(isinstance(c, str) for c in deleted),
                 "deleted is not a list of codes")
        _require(isinstance(token, str) and token != "", "next_token missing")
        _require(isinstance(more, bool), "has_more is not a boolean")
        _require(all(isinstance(i, dict) for i in items), "items are not objects")
        good, rejected = [], []
        for item in items:
            try:
                Procedure.from_wire(item)
            except CatalogDataError as exc:
                code = item.get("MaTTHC")
                rejected.append(code if isinstance(code, str) else "?")
                log.warning("portal sent a malformed procedure %r: %s", code, exc)
            else:
                good.append(item)
        return CatalogPage(items=good, deleted=deleted, next_token=token, has_more=more,
                           rejected=rejected)

    def procedure(self, code: str) -> dict[str, Any]:
        body = self._request("GET", "/v1/catalog/procedures/" + quote(code, safe=""))
        _check_procedure(body)
        _require(body["MaTTHC"] == code, "the portal answered with another procedure")
        return body

    def catalog_meta(self) -> dict[str, Any]:
        body = self._request("GET", "/v1/catalog/meta")
        _require(isinstance(body, dict), "meta is not an object")
        _require(isinstance(body.get("catalog_version"), str), "meta has no catalog_version")
        _require(isinstance(body.get("levels"), dict), "meta has no levels")
        template = body.get("procedure_url_template")
        _require(template is None or (isinstance(template, str) and "{code}" in template),
                 "bad procedure_url_template")
        return body

    def units(self) -> list[dict[str, Any]]:
        body = self._request("GET", "/v1/units")
        _require(isinstance(body, dict) and isinstance(body.get("items"), list), "units")
        for unit in body["items"]:
            _require(isinstance(unit, dict)
                     and isinstance(unit.get("MaDVHC"), str)
                     and isinstance(unit.get("TenDVHC"), str), "bad unit")
        return body["items"]

    def heartbeat(self, payload: dict[str, Any]) -> dict[str, Any]:
        if not self.kiosk_id:
            raise ValueError("a heartbeat needs the client's kiosk_id")
        path = f"/v1/kiosks/{quote(self.kiosk_id, safe='')}/heartbeat"
        body = self._request("POST", path, json_body=payload)
        _require(isinstance(body, dict), "heartbeat answer is not an object")
        return body

    # -- forms, dossiers, payments ---------------------------------------------------

    def form_definition(self, code: str) -> dict[str, Any]:
        """The procedure's form definition (wire dict), checked by kiosk.forms."""
        body = self._request("GET", "/v1/forms/" + quote(code, safe=""))
        _require(isinstance(body, dict) and body.get("MaTTHC") == code,
                 "the portal answered with another form")
        _check_form(body)
        return body

    def submit_dossier(self, body: dict[str, Any],
                       idempotency_key: str) -> tuple[dict[str, Any], bool]:
        """(dossier status view, replayed). replayed: the portal already had this key
        (200) rather than creating the dossier now (201). A 422 raises
        PortalValidationError with `.errors` {field: key}."""
        status, answer = self._request("POST", "/v1/dossiers", json_body=body,
                                       headers=_idem(idempotency_key), with_status=True)
        _require(status in (200, 201), f"submit answered HTTP {status}")
        _check_dossier(answer)
        _require(answer["MaTTHC"] == body.get("MaTTHC"),
                 "the portal answered with a dossier of another procedure")
        return answer, status == 200

    def dossier_status(self, code: str) -> dict[str, Any]:
        """The status view (no personal data) of a dossier."""
        body = self._request("GET", "/v1/dossiers/" + quote(code, safe=""))
        _check_dossier(body)
        _require(body["MaHoSo"] == code, "the portal answered with another dossier")
        return body

    def dossier_details(self, code: str, id_number: str) -> dict[str, Any]:
        """The dossier with its applicant's details; the ID number travels in the body.
        A wrong pair is PortalRejected (404 dossier_not_found), like an unknown code."""
        _check_id_number(id_number)
        body = self._request("POST", "/v1/dossiers/lookup",
                             json_body={"MaHoSo": code, "SoDinhDanh": id_number})
        _check_dossier(body)
        _require(body["MaHoSo"] == code, "the portal answered with another dossier")
        _require(isinstance(body.get("NguoiNop"), dict), "lookup answer has no NguoiNop")
        return body

    def citizen_dossiers(self, id_number: str, source: str) -> list[dict[str, Any]]:
        """A citizen's dossiers, newest first. source: where the ID number came from
        (chip_verified, chip_unverified, qr, typed); the portal refuses qr and typed
        (PortalRejected, key portal.identity_insufficient)."""
        _check_id_number(id_number)
        if source not in ID_SOURCES:
            raise ValueError(f"source must be one of {ID_SOURCES}")
        body = self._request("POST", "/v1/citizens/dossiers",
                             json_body={"SoDinhDanh": id_number, "NguonDinhDanh": source})
        _require(isinstance(body, dict) and isinstance(body.get("items"), list),
                 "dossier list")
        for item in body["items"]:
            _check_dossier(item)
        return body["items"]

    def create_payment(self, code: str, amount: int, idempotency_key: str) -> dict[str, Any]:
        """A VietQR payment request of `amount` VND for the dossier's fee."""
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
            raise ValueError("amount must be a positive integer (VND)")
        body = self._request("POST", "/v1/payments",
                             json_body={"MaHoSo": code, "SoTien": amount},
                             headers=_idem(idempotency_key))
        _check_payment(body)
        _require(body["MaHoSo"] == code and body["SoTien"] == amount,
                 "the portal answered with another payment")
        return body

    def payment(self, payment_id: str) -> dict[str, Any]:
        body = self._request("GET", "/v1/payments/" + quote(payment_id, safe=""))
        _check_payment(body)
        _require(body["id"] == payment_id, "the portal answered with another payment")
        return body

    def cancel_payment(self, payment_id: str) -> dict[str, Any]:
        body = self._request("POST", f"/v1/payments/{quote(payment_id, safe='')}/cancel")
        _check_payment(body)
        _require(body["id"] == payment_id, "the portal answered with another payment")
        return body

    def close(self) -> None:
        if self._own_session:
            self._session.close()

    def __enter__(self) -> PortalClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing --------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        feed: bool = False,
        with_status: bool = False,
    ) -> Any:
        url = self.base_url + path
        headers = {**self._headers, **(headers or {})}
        try:
            resp = self._session.request(
                method, url, params=params, json=json_body, headers=headers,
                timeout=self._timeout, verify=self._verify,
                # A redirect is not part of the API; following one could leave TLS.
                allow_redirects=False,
            )
            content = resp.content  # read the body inside the try: it can time out too
        except requests.exceptions.SSLError as exc:
            raise _tls_or_unavailable(exc) from exc
        except requests.exceptions.Timeout as exc:
            raise PortalTimeout(f"{method} {path}: timed out") from exc
        except requests.exceptions.ConnectionError as exc:
            if _caused_by(exc, urllib3.exceptions.ReadTimeoutError):
                raise PortalTimeout(f"{method} {path}: timed out reading") from exc
            raise PortalUnavailable(f"{method} {path}: {_reason(exc)}") from exc
        except (requests.exceptions.ChunkedEncodingError,
                urllib3.exceptions.ProtocolError) as exc:
            raise PortalUnavailable(f"{method} {path}: connection broken") from exc
        except (requests.exceptions.ContentDecodingError,
                requests.exceptions.TooManyRedirects) as exc:
            raise PortalBadResponse(f"{method} {path}: {exc}") from exc
        except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
            raise PortalUnavailable(f"{method} {path}: {exc}") from exc
        log.debug("%s %s -> %s", method, path, resp.status_code)
        status = resp.status_code
        if 200 <= status < 300:
            body = _parse_json(resp, content, f"{method} {path}")
            return (status, body) if with_status else body
        _raise_for_status(resp, content, f"{method} {path}", feed=feed)
        raise AssertionError("unreachable")  # pragma: no cover


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise PortalBadResponse(f"unexpected answer: {what}")


def _idem(key: str) -> dict[str, str]:
    if not isinstance(key, str) or not _IDEM_KEY.fullmatch(key):
        raise ValueError("an Idempotency-Key is 8-128 of A-Z a-z 0-9 . _ : -")
    return {"Idempotency-Key": key}


def _check_id_number(id_number: str) -> None:
    if not isinstance(id_number, str) or not _ID_NUMBER.fullmatch(id_number):
        raise ValueError("an ID number is 12 digits")


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _check_dossier(d: Any) -> None:
    _require(isinstance(d, dict), "dossier is not an object")
    _require(isinstance(d.get("MaHoSo"), str) and _MA_HO_SO.fullmatch(d["MaHoSo"]) is not None,
             "dossier has no valid MaHoSo")
    _require(isinstance(d.get("MaTTHC"), str), "dossier has no MaTTHC")
    _require(_is_int(d.get("TrangThaiHoSo")) and 1 <= d["TrangThaiHoSo"] <= 10,
             "dossier has no valid TrangThaiHoSo")
    history = d.get("LichSu", [])
    _require(isinstance(history, list) and all(
        isinstance(e, dict) and _is_int(e.get("TrangThaiHoSo"))
        and isinstance(e.get("ThoiDiem"), str) for e in history), "bad LichSu")
    owed = d.get("SoTienPhaiNop")
    _require(owed is None or (_is_int(owed) and owed >= 0), "bad SoTienPhaiNop")


def _check_payment(p: Any) -> None:
    _require(isinstance(p, dict), "payment is not an object")
    _require(isinstance(p.get("id"), str) and p["id"] != "", "payment has no id")
    _require(isinstance(p.get("MaHoSo"), str), "payment has no MaHoSo")
    _require(_is_int(p.get("SoTien")) and p["SoTien"] >= 1, "payment has no valid SoTien")
    _require(p.get("TrangThai") in PAYMENT_STATES, "payment has no valid TrangThai")
    _require(isinstance(p.get("MaVietQR"), str) and p["MaVietQR"] != "",
             "payment has no MaVietQR")
    _require(isinstance(p.get("HetHanLuc"), str), "payment has no HetHanLuc")


def _check_form(body: dict[str, Any]) -> None:
    try:
        from kiosk.forms import FormDefinition, FormDefinitionError
    except ImportError:  # forms not installed: the shape checks above are all we can do
        _require(isinstance(body.get("sections"), list), "form has no sections")
        return
    try:
        FormDefinition.from_wire(body)
    except FormDefinitionError as exc:
        raise PortalBadResponse(f"malformed form definition: {exc}") from exc


def _check_procedure(item: Any) -> None:
    try:
        Procedure.from_wire(item)
    except CatalogDataError as exc:
        code = item.get("MaTTHC") if isinstance(item, dict) else None
        raise PortalBadResponse(f"bad procedure {code!r}: {exc}") from exc


def _parse_json(resp: requests.Response, content: bytes, what: str) -> Any:
    ctype = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype not in _JSON_TYPES:
        raise PortalBadResponse(f"{what}: content type {ctype or 'missing'!r}, not JSON",
                                status=resp.status_code)
    try:
        return json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise PortalBadResponse(f"{what}: the body is not JSON",
                                status=resp.status_code) from exc


def _problem(resp: requests.Response,
             content: bytes) -> tuple[str | None, str | None, dict[str, str]]:
    """(code, detail, errors) of a problem+json body, tolerating anything else."""
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, None, {}
    if not isinstance(body, dict):
        return None, None, {}
    code, detail = body.get("code"), body.get("detail") or body.get("title")
    errors = body.get("errors")
    if not isinstance(errors, dict):
        errors = {}
    errors = {k: v for k, v in errors.items() if isinstance(k, str) and isinstance(v, str)}
    return (code if isinstance(code, str) else None,
            detail if isinstance(detail, str) else None, errors)


def _raise_for_status(resp: requests.Response, content: bytes, what: str, *, feed: bool) -> None:
    status = resp.status_code
    code, detail, errors = _problem(resp, content)
    retry_after = parse_retry_after(resp.headers.get("Retry-After"))
    msg = f"{what}: HTTP {status}" + (f" {code}" if code else "") + (f": {detail}" if detail else "")
    kw: dict[str, Any] = {"status": status, "code": code, "detail": detail,
                          "retry_after": retry_after}
    if status >= 500:
        if status == 501:
            raise PortalServerError(msg, key="portal.not_implemented", retryable=False, **kw)
        raise PortalServerError(msg, **kw)
    if status == 410 and feed:
        raise PortalTokenExpired(msg, **kw)
    if status == 429:
        raise PortalRateLimited(msg, **kw)
    if 400 <= status < 500:
        if status == 422 and code == "validation_failed":
            raise PortalValidationError(msg, errors=errors, **kw)
        key = f"portal.{code}" if code and f"portal.{code}" in MESSAGES else None
        raise PortalRejected(msg, key=key, errors=errors, **kw)
    # 1xx/3xx: not something this API answers.
    raise PortalBadResponse(msg, **kw)


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    seconds = when.timestamp() - time.time()
    return max(0.0, math.ceil(seconds)) if math.isfinite(seconds) else None


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen = set()
    stack: list[Any] = [exc]
    while stack:
        e = stack.pop()
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        if isinstance(e, kind):
            return True
        stack.extend([e.__cause__, e.__context__, getattr(e, "reason", None)])
        stack.extend(a for a in getattr(e, "args", ()) if isinstance(a, BaseException))
    return False


def _reason(exc: BaseException) -> str:
    if _caused_by(exc, ConnectionRefusedError):
        return "connection refused"
    if _caused_by(exc, urllib3.exceptions.NameResolutionError):
        return "name not resolved"
    return "connection failed"


def _tls_or_unavailable(exc: requests.exceptions.SSLError) -> PortalError:
    """Certificate problems are TLS errors; a connection cut during the handshake is not."""
    if _caused_by(exc, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
        return PortalTLSError(f"certificate verification failed: {exc}")
    if _caused_by(exc, ssl.SSLEOFError) or _caused_by(exc, ConnectionResetError):
        return PortalUnavailable("connection closed during the TLS handshake")
    return PortalTLSError(f"TLS failed: {exc}")


__all__ = ["CatalogPage", "PortalClient", "parse_retry_after"]
