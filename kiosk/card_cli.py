"""`kiosk card readers` and `kiosk card read`: the technician's view of the card reader.

Personal fields are masked unless --reveal: a technician testing a reader with a
citizen's card must not see or log that citizen's details by default.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from typing import Any

EXIT_OK, EXIT_FAIL, EXIT_USAGE, EXIT_UNVERIFIED = 0, 1, 2, 3


COMMANDS = ("card",)


def add_parser(sub: Any) -> None:
    card = sub.add_parser(
        "card", help="test the chip ID card reader",
        description="Test the chip ID card (CCCD) reader through PC/SC.",
        epilog="Exit status of `read`: 0 read and verified, 1 not read, 2 bad usage, "
        "3 read but Passive Authentication did not verify it (or no CSCA trust store).")
    cs = card.add_subparsers(dest="card_command", metavar="ACTION")
    readers = cs.add_parser("readers", help="list card readers and the cards in them")
    readers.add_argument("--json", action="store_true", help="machine-readable output")
    read = cs.add_parser("read", help="read and verify a chip ID card")
    read.add_argument("--reader", type=int, metavar="N",
                      help="reader number from `kiosk card readers` (default: the first with a card)")
    keys = read.add_mutually_exclusive_group(required=True)
    keys.add_argument("--qr", metavar="PAYLOAD", help="the text of the QR printed on the card")
    keys.add_argument("--id", metavar="ID", help="12-digit ID number (with --dob)")
    keys.add_argument("--can", metavar="CAN", help="card access number (last 6 digits of the ID); PACE only")
    read.add_argument("--dob", metavar="YYYY-MM-DD", help="date of birth (with --id)")
    read.add_argument("--expiry", metavar="YYYY-MM-DD", help="expiry printed on the card, if known")
    read.add_argument("--csca", metavar="FILE|DIR",
                      help="CSCA certificates to verify the chip against (default: [devices] csca)")
    read.add_argument("--no-face", action="store_true", help="do not read the face image (DG2)")
    read.add_argument("--json", action="store_true", help="machine-readable output")
    read.add_argument("--reveal", action="store_true", help="show personal fields unmasked")


def _iso(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise SystemExit(f"kiosk: {what} must be YYYY-MM-DD") from None


def _attempts(args: argparse.Namespace):
    from kiosk.identity.access import AccessKeys, access_attempts, access_attempts_for
    from kiosk.identity.card_qr import CardQrError, parse_card_qr

    typed = None
    if args.expiry:
        from kiosk.identity.access import ExpiryCandidate

        exp = _iso(args.expiry, "--expiry")
        typed = ExpiryCandidate(exp, exp, "typed")
    if args.qr is not None:
        try:
            qr = parse_card_qr(args.qr)
        except CardQrError as exc:
            raise SystemExit(f"kiosk: the QR payload was not understood ({exc.key}: {exc.detail})") from None
        return access_attempts_for(qr.to_identity(), typed=typed)
    if args.id is not None:
        if not args.dob:
            raise SystemExit("kiosk: --id needs --dob")
        return access_attempts(args.id, _iso(args.dob, "--dob"), typed=typed)
    if not (args.can.isdigit() and len(args.can) == 6):
        raise SystemExit("kiosk: --can is 6 digits")
    return (AccessKeys.can_only(args.can),)


def run(cfg, args: argparse.Namespace) -> int:
    if args.card_command is None:
        print("kiosk: card needs an action: readers or read (see kiosk card --help)", file=sys.stderr)
        return EXIT_USAGE
    from devices.pcsc.errors import ReaderError
    from devices.pcsc.service import ReaderService

    service = ReaderService(timeout=5.0)
    service.start()
    try:
        _wait_for_first_poll(service)
        if args.card_command == "readers":
            return _readers(service, args)
        try:
            return _read(cfg, service, args)
        except ReaderError as exc:
            print(f"kiosk: {exc} ({exc.key})", file=sys.stderr)
            return EXIT_FAIL
    finally:
        service.stop()


def _wait_for_first_poll(service, timeout: float = 2.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        diag = service.diagnostics()
        if diag["service"] != "unknown" and (diag["readers"] or diag["service"] == "unavailable"):
            time.sleep(0.5)  # let the first card status arrive too
            return
        time.sleep(0.05)


def _readers(service, args) -> int:
    diag = service.diagnostics()
    if args.json:
        print(json.dumps(diag, ensure_ascii=False, indent=2))
    elif diag["service"] != "available":
        print("PC/SC service (pcscd) is not running")
    elif not diag["readers"]:
        print("no card reader found")
    else:
        for n, name in enumerate(diag["readers"]):
            card = diag["cards"].get(name)
            print(f"{n}: {name}" + (f"  card present, ATR {card['atr']}" if card else "  no card"))
    return EXIT_OK if diag["service"] == "available" and diag["readers"] else EXIT_FAIL


def _read(cfg, service, args) -> int:
    from devices.cccd import pa
    from devices.cccd.errors import CardError
    from kiosk.identity.reading import read_chip

    attempts = _attempts(args)
    reader = None
    if args.reader is not None:
        names = service.diagnostics()["readers"]
        if not 0 <= args.reader < len(names):
            print(f"kiosk: no reader {args.reader} (see kiosk card readers)", file=sys.stderr)
            return EXIT_USAGE
        reader = names[args.reader]
    csca = args.csca or cfg.devices.csca
    trust = pa.TrustStore.load(csca) if csca else None
    transport = service.open(reader)
    atr = service.diagnostics()["cards"].get(transport.reader, {}).get("atr", "")
    try:
        result = service.call(lambda: read_chip(transport, attempts, trust=trust,
                                                face=not args.no_face), timeout=30)
    except CardError as exc:
        print(f"kiosk: the card was not read: {exc} ({exc.key})", file=sys.stderr)
        return EXIT_FAIL
    finally:
        transport.close()
    fields = result.identity.to_dict() if args.reveal else result.identity.masked()
    fields.pop("provenance", None)
    fields.pop("face", None)
    out = {
        "reader": transport.reader,
        "atr": atr,
        "protocol": result.protocol,
        "key_attempts": result.attempts,
        "data_groups": result.data_groups,
        "face_image_bytes": len(result.identity.face or b""),
        "passive_authentication": {
            "status": result.pa.status,
            "failed_data_groups": list(result.pa.failed_groups),
            "signer": result.pa.signer_subject,
            "csca": result.pa.csca_subject,
            "algorithm": result.pa.algorithm,
            "detail": result.pa.detail,
        },
        "fields": fields,
        "seconds": round(result.seconds, 3),
        "steps": result.report,
    }
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2, default=str))
    else:
        print(f"reader: {out['reader']}\nATR: {atr}\nprotocol: {result.protocol} "
              f"(key guesses: {result.attempts})\ndata groups read: {result.data_groups}\n"
              f"passive authentication: {result.pa.status}"
              + (f" (tampered: DG{', DG'.join(map(str, result.pa.failed_groups))})"
                 if result.pa.failed_groups else ""))
        for name, value in fields.items():
            print(f"  {name}: {value}")
        print(f"time: {out['seconds']} s, {result.report.get('total_apdus')} APDUs "
              f"(chunk {result.report.get('chunk')} bytes)")
        for step in result.report.get("steps") or []:
            print(f"  {step['step']}: {step['apdus']} APDUs, {step['ms']} ms, {step['bytes']} bytes")
    return EXIT_OK if result.pa.verified else EXIT_UNVERIFIED
