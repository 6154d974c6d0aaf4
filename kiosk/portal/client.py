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
import ssl
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

import requests
import urllib3.exceptions

from kiosk.catalog.model import CatalogDataError, Procedure

from .errors import (
    PortalBadResponse,
    PortalError,
    PortalRateLimited,
    PortalRejected,
    PortalServerError,
    PortalTimeout,
    PortalTLSError,
    PortalTokenExpired,
    PortalUnavailable,
)

log = logging.getLogger(__name__)

USER_AGENT = "hanoi-kiosk/0.1 (portal-client)"
_JSON_TYPES = ("application/json", "application/problem+json")


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
            return _parse_json(resp, content, f"{method} {path}")
        _raise_for_status(resp, content, f"{method} {path}", feed=feed)
        raise AssertionError("unreachable")  # pragma: no cover


def _require(ok: bool, what: str) -> None:
    if not ok:
        raise PortalBadResponse(f"unexpected answer: {what}")


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


def _problem(resp: requests.Response, content: bytes) -> tuple[str | None, str | None]:
    """(code, detail) of a problem+json body, tolerating anything else."""
    try:
        body = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None, None
    if not isinstance(body, dict):
        return None, None
    code, detail = body.get("code"), body.get("detail") or body.get("title")
    return (code if isinstance(code, str) else None,
            detail if isinstance(detail, str) else None)


def _raise_for_status(resp: requests.Response, content: bytes, what: str, *, feed: bool) -> None:
    status = resp.status_code
    code, detail = _problem(resp, content)
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
        raise PortalRejected(msg, **kw)
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
