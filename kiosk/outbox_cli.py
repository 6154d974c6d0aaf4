"""`kiosk sync` and `kiosk outbox list|retry|purge`: the outbox for staff and technicians.

Nothing here decrypts a dossier: the list shows delivery state only (local reference,
MaHoSo, attempts, last error with digit runs masked), so it can be shown on a staff
screen or pasted into a ticket without personal data.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
import time
from datetime import UTC, datetime
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2

_DIGITS = re.compile(r"\d{6,}")


COMMANDS = ("sync", "outbox")


def add_parser(sub: Any) -> None:
    sync = sub.add_parser(
        "sync", help="send queued dossiers to the portal",
        description="Send the outbox to the portal: once (--once) or until Ctrl+C.")
    sync.add_argument("--once", action="store_true",
                      help="send what is due now, then exit (exit status 1 if some could not go)")
    sync.add_argument("--portal", metavar="URL",
                      help="portal base URL (default: [portal] url from the config)")
    ob = sub.add_parser("outbox", help="the queue of dossiers waiting for the portal",
                        description="Inspect and act on the outbox (no personal data is shown).")
    obs = ob.add_subparsers(dest="outbox_command", metavar="ACTION")
    lst = obs.add_parser("list", help="items with state, references, attempts and last error")
    lst.add_argument("--json", action="store_true", help="machine-readable output")
    lst.add_argument("--state", choices=("pending", "sent", "dead"), help="only this state")
    retry = obs.add_parser("retry", help="send a dead (or waiting) item again now")
    retry.add_argument("id", type=int, help="item number from `kiosk outbox list`")
    purge = obs.add_parser("purge", help="delete personal data of sent dossiers past retention")
    purge.add_argument("--all-sent", action="store_true",
                       help="delete the personal data of EVERY sent dossier, retention or not")


def _mask(text: str | None) -> str:
    return _DIGITS.sub(lambda m: "*" * len(m.group()), text or "")


def _when(ts: float | None) -> str | None:
    if ts is None:
        return None
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _open(cfg: Any):
    from offline_cache.outbox import Outbox

    return Outbox(cfg.outbox_db, cfg.outbox_key)


def run(cfg: Any, args: argparse.Namespace) -> int:
    from offline_cache.crypto import CryptoError
    from offline_cache.db import CacheError
    from offline_cache.outbox import OutboxError

    try:
        if args.command == "sync":
            return _sync(cfg, args)
        if args.command != "outbox" or args.outbox_command is None:
            print("kiosk: outbox needs an action: list, retry or purge "
                  "(see kiosk outbox --help)", file=sys.stderr)
            return EXIT_USAGE
        outbox = _open(cfg)
        try:
            if args.outbox_command == "list":
                return _list(outbox, args)
            if args.outbox_command == "retry":
                item = outbox.retry(args.id)
                print(f"{item.id} {item.local_ref}: pending, will be sent at the next sync")
                return EXIT_OK
            n = outbox.purge(time.time(), all_sent=args.all_sent)
            print(f"personal data deleted from {n} sent dossier(s)")
            return EXIT_OK
        finally:
            outbox.close()
    except (OutboxError, CryptoError, CacheError) as exc:
        sentence = _sentence(exc.key)
        print(f"kiosk: {sentence or exc.key} ({exc.key}: {_mask(exc.detail)})", file=sys.stderr)
        return EXIT_FAIL


def _sentence(key: str) -> str:
    """The technician's sentence for an error key (English; the key follows)."""
    from offline_cache import crypto
    from offline_cache import outbox as outbox_mod

    for messages in (outbox_mod.MESSAGES, crypto.MESSAGES):
        if key in messages:
            return messages[key]["en"]
    return ""


def _list(outbox: Any, args: argparse.Namespace) -> int:
    items = outbox.list(args.state)
    rows = [{
        "id": i.id,
        "state": i.state,
        "local_ref": i.local_ref,
        "remote_code": i.remote_code,
        "procedure": i.procedure_code,
        "attempts": i.attempts,
        "created": _when(i.created_at),
        "next_attempt": _when(i.next_attempt_at) if i.state == "pending" else None,
        "last_error": _mask(i.last_error) or None,
        "personal_data": "kept" if i.has_payload else "deleted",
    } for i in items]
    if args.json:
        print(json.dumps({"counts": outbox.counts(), "items": rows,
                          "key_error": outbox.key_error.key if outbox.key_error else None},
                         ensure_ascii=False, indent=2))
        return EXIT_OK
    if outbox.key_error:
        print(f"WARNING: {outbox.key_error.key}: queued dossiers cannot be read or sent")
    counts = outbox.counts()
    print(f"pending {counts['pending']}, sent {counts['sent']}, dead {counts['dead']}")
    for r in rows:
        line = (f"{r['id']:>6} {r['state']:<7} {r['local_ref']:<20} "
                f"{r['remote_code'] or '-':<24} attempts {r['attempts']:<3} "
                f"data {r['personal_data']}")
        if r["next_attempt"]:
            line += f"  next {r['next_attempt']}"
        if r["last_error"]:
            line += f"  error: {r['last_error']}"
        print(line)
    return EXIT_OK


def _client(cfg: Any, url: str):
    from kiosk.portal.client import PortalClient

    return PortalClient(url, connect_timeout=cfg.portal.connect_timeout,
                        read_timeout=cfg.portal.read_timeout,
                        verify=cfg.portal.ca_bundle or True, kiosk_id=cfg.kiosk.id)


def _sync(cfg: Any, args: argparse.Namespace) -> int:
    from kiosk.dossier.outbox_service import OutboxService

    url = args.portal or cfg.portal.url
    if not url:
        print("kiosk: no portal URL: [portal] url is empty (the simulated portal lives inside "
              "`kiosk run`); pass --portal URL", file=sys.stderr)
        return EXIT_USAGE
    client = _client(cfg, url)
    service = OutboxService.from_config(cfg, client)
    try:
        if service.outbox.key_error:
            print(f"kiosk: {service.outbox.key_error.key}: queued dossiers cannot be read",
                  file=sys.stderr)
            return EXIT_FAIL
        if args.once:
            s = service.engine.drain(deadline=service.engine.clock())
            service.outbox.purge(service.engine.clock())
            counts = service.outbox.counts()
            print(f"sent {s.sent}, will retry {s.retried}, dead {s.dead}; "
                  f"now pending {counts['pending']}, dead {counts['dead']}"
                  + ("; the portal is not answering" if s.portal_down else "")
                  + (f"; error {s.error}" if s.error else ""))
            return EXIT_FAIL if (s.portal_down or s.error or s.retried) else EXIT_OK
        return _foreground(service)
    finally:
        service.close()
        client.close()


def _foreground(service: Any) -> int:
    stop = threading.Event()

    def on_signal(signum: int, frame: Any) -> None:
        stop.set()

    old = signal.signal(signal.SIGTERM, on_signal) if threading.current_thread() is \
        threading.main_thread() else None
    runner = service.start()
    print("syncing the outbox; Ctrl+C to stop", flush=True)
    last = None
    try:
        while not stop.wait(1.0):
            s = runner.last_summary
            if s is not None and s is not last and s.attempted:
                last = s
                print(f"sent {s.sent}, will retry {s.retried}, dead {s.dead}"
                      + ("; the portal is not answering" if s.portal_down else ""), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        service.stop()
        if old is not None:
            signal.signal(signal.SIGTERM, old)
    return EXIT_OK
