"""`kiosk scanner test`: the technician's view of the QR / barcode scanner.

Opens the configured scanner (``[devices] qr_scanner``) or ``--uri``, prints each scan as it
arrives with its source, length, time and what the kiosk takes it for. A chip ID card's QR
holds a name and an ID number: it is masked unless --reveal.
"""

from __future__ import annotations

import argparse
import json
import queue
import re
import sys
import time
from typing import Any

COMMANDS = ("scanner",)
EXIT_OK, EXIT_TIMEOUT, EXIT_USAGE, EXIT_NO_SCANNER = 0, 1, 2, 3
_CARD_QR = re.compile(r"^\s*\d{9,12}\s*\|")


def add_parser(sub: Any) -> None:
    scanner = sub.add_parser(
        "scanner", help="test the QR / barcode scanner",
        description="Test the QR / barcode scanner (keyboard wedge, serial or simulator).",
        epilog="Exit status of `test`: 0 a scan arrived (or --count reached), 1 no scan "
        "before the timeout, 2 bad usage, 3 the scanner cannot be opened.")
    ss = scanner.add_subparsers(dest="scanner_command", metavar="ACTION")
    test = ss.add_parser("test", help="print scans as they arrive")
    test.add_argument("--uri", help="scanner URI (default: [devices] qr_scanner), e.g. "
                      "sim://?port=35990, evdev://auto, serial:///dev/ttyACM0?baud=9600")
    test.add_argument("--count", type=int, default=1, metavar="N",
                      help="stop after N scans (default 1)")
    test.add_argument("--timeout", type=float, default=30.0, metavar="S",
                      help="give up after S seconds (default 30)")
    test.add_argument("--json", action="store_true", help="one JSON object per line")
    test.add_argument("--reveal", action="store_true",
                      help="show personal data (chip ID card QR) unmasked")


def _classify(text: str) -> tuple[dict[str, Any], Any]:
    """The core's reading of a scan, or why there is none."""
    try:
        from kiosk.scan import classify
    except ImportError:
        return {"kind": None, "code": None, "error_key": None,
                "note": "classification unavailable (kiosk.scan missing)"}, None
    try:
        scan = classify(text)
    except NotImplementedError:
        return {"kind": None, "code": None, "error_key": None,
                "note": "classification not implemented yet"}, None
    kind = getattr(scan, "kind", None)
    return {"kind": None if kind is None else str(getattr(kind, "value", kind)),
            "code": getattr(scan, "code", None),
            "error_key": getattr(scan, "error_key", None)}, scan


def is_card_qr(text: str, kind: str | None) -> bool:
    return kind == "card_qr" or bool(_CARD_QR.match(text)) or text.count("|") >= 5


def mask_card_qr(text: str) -> str:
    """Each field of a card QR masked: ID numbers keep 4+2 digits, names their initials."""
    from kiosk.identity.model import mask_id, mask_name

    fields = text.split("|")
    out = []
    for n, value in enumerate(fields):
        if n in (0, 1) and value.strip().isdigit():
            out.append(mask_id(value.strip()))
        elif n == 2 and value.strip():
            out.append(mask_name(value))
        else:
            out.append("*" * min(len(value), 8))
    return "|".join(out)


def _line(event, started: float, reveal: bool) -> dict[str, Any]:
    info, _scan = _classify(event.text)
    personal = is_card_qr(event.text, info["kind"])
    masked = personal and not reveal
    text = mask_card_qr(event.text) if masked else event.text
    code = info["code"]
    if masked and code:
        code = mask_card_qr(code)
    out = {"source": event.source, "length": len(event.text),
           "t": round(event.at - started, 3), "text": text, "masked": masked,
           "kind": info["kind"], "code": code, "error_key": info["error_key"] or event.error_key,
           "scanner_error_key": event.error_key}
    if "note" in info:
        out["note"] = info["note"]
    return out


def run(cfg, args: argparse.Namespace) -> int:
    if getattr(args, "scanner_command", None) != "test":
        print("kiosk: scanner needs an action: test (see kiosk scanner --help)", file=sys.stderr)
        return EXIT_USAGE
    if args.count < 1 or not args.timeout > 0:
        print("kiosk: --count must be at least 1 and --timeout positive", file=sys.stderr)
        return EXIT_USAGE
    from devices.scanner import MESSAGES, ScannerError, open_scanner

    uri = args.uri or cfg.devices.qr_scanner
    try:
        scanner = open_scanner(uri)
    except ScannerError as exc:
        print(f"kiosk: bad scanner URI {uri!r}: {exc.detail} ({exc.key})", file=sys.stderr)
        return EXIT_USAGE if args.uri else EXIT_NO_SCANNER
    events: queue.Queue[tuple] = queue.Queue()
    started = time.monotonic()
    deadline = started + args.timeout
    scanner.start(lambda ev: events.put(("scan", ev)),
                  lambda state, key: events.put(("state", state, key)))
    seen = 0
    try:
        # The first state report says whether the scanner could be opened at all.
        try:
            first = events.get(timeout=min(args.timeout, 5.0))
        except queue.Empty:
            first = ("state", None, None)
        if first[0] == "state" and first[1] != "ready":
            key = first[2] or "scanner.not_found"
            print(f"kiosk: {MESSAGES.get(key, {}).get('en', key)} ({key})", file=sys.stderr)
            return EXIT_NO_SCANNER
        diag = scanner.diagnostics()
        where = f" (TCP feed on 127.0.0.1:{diag['tcp_port']})" if diag.get("tcp_port") else ""
        print(f"scanner {diag['source']} ready{where}; scan a code "
              f"(up to {args.count}, {args.timeout:g} s)", file=sys.stderr, flush=True)
        if first[0] == "scan":
            events.put(first)
        while seen < args.count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                item = events.get(timeout=left)
            except queue.Empty:
                break
            if item[0] == "state":
                _, state, key = item
                msg = MESSAGES.get(key, {}).get("en", "") if key else ""
                print(f"scanner {state}" + (f": {msg} ({key})" if key else ""),
                      file=sys.stderr, flush=True)
                continue
            seen += 1
            line = _line(item[1], started, args.reveal)
            if args.json:
                print(json.dumps(line, ensure_ascii=False), flush=True)
            else:
                kind = line["kind"] or "unclassified"
                extra = f" code={line['code']}" if line["code"] else ""
                err = f" error={line['error_key']}" if line["error_key"] else ""
                print(f"[{line['t']:8.3f}s] {line['source']} len={line['length']} "
                      f"{kind}{extra}{err}: {line['text']}", flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        scanner.stop()
    if seen == 0:
        print(f"kiosk: no scan within {args.timeout:g} s", file=sys.stderr)
        return EXIT_TIMEOUT
    return EXIT_OK
