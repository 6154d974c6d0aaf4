"""`kiosk staff hash-pin`: make the [staff] pin_hash line for assisted mode."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from kiosk.staff import StaffError, hash_pin

COMMANDS = ("staff",)


def add_parser(sub: Any) -> None:
    staff = sub.add_parser("staff", help="ward officers' assisted mode",
                           description="Set up assisted mode for ward officers.")
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    ssub.add_parser("hash-pin", help="ask for a PIN twice and print its [staff] pin_hash line",
                    description="Asks for the PIN (4-12 digits) twice without showing it; "
                    "reads one line per PIN from standard input when that is not a terminal.")


def _ask(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def run(cfg, args: argparse.Namespace) -> int:
    if args.staff_command != "hash-pin":
        print("usage: kiosk staff hash-pin", file=sys.stderr)
        return 2
    first, second = _ask("PIN: "), _ask("PIN again: ")
    if first != second:
        print("kiosk: the two PINs differ", file=sys.stderr)
        return 1
    try:
        line = hash_pin(first)
    except StaffError:
        print("kiosk: a PIN has 4 to 12 digits", file=sys.stderr)
        return 1
    print("[staff]")
    print(f'pin_hash = "{line}"')
    return 0
