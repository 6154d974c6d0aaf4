"""A virtual chip ID card (CCCD) played into pcscd through vsmartcard's virtual reader.

The device simulator of the card reader: the kiosk's demo mode and the tests read it
through the real PC/SC stack exactly as they would read a citizen's card. Profiles:

  genuine    the specimen citizen, EF.SOD signed by the test CSCA (verifies with it)
  pace       the same, also offering PACE with the CAN (last 6 digits of the ID)
  unsigned   EF.SOD present but not signed (must not verify)
  tampered   signed, then DG13 changed (Passive Authentication names DG13)
  garbage    answers every command with random bytes
  not-cccd   a card without the ID card application (SELECT fails)
  bad-mac    after mutual authentication, every protected answer carries a wrong MAC
  short-tlv  DG13's length says more than the file holds (truncated)
  long-tlv   DG13's length field is absurdly large (an over-long TLV)
  extra-dg13 DG13 carries a field number the kiosk does not know (kept, not fatal)
  stall      opens, starts reading, then stops answering (the kiosk's timeout must fire)

    python -m devices.vpcd.cccd_chip --profile genuine --csca-out DIR

writes the test CSCA certificate into DIR (for `kiosk card read --csca DIR`) and keeps
the card inserted until interrupted. Everything on it is invented test data.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import signal
import sys
import threading
from pathlib import Path

from devices.cccd import lds, pace
from devices.cccd.card import EmrtdCard
from devices.cccd.dg13 import build_dg13
from devices.cccd.specimen import Specimen, specimen, specimen_files
from devices.cccd.testpki import Pki
from devices.cccd.testpki import pki as test_pki
from devices.vpcd.cards import CONTACTLESS_ATR, CardAdapter, FileCard
from devices.vpcd.connection import VpcdConnection

PROFILES = ("genuine", "pace", "unsigned", "tampered", "garbage", "not-cccd", "bad-mac",
            "short-tlv", "long-tlv", "extra-dg13", "stall")


class GarbageCard:
    """A broken chip: whatever is asked, random bytes and a success status."""

    atr = CONTACTLESS_ATR

    def process(self, apdu: bytes) -> bytes:
        return os.urandom(1 + apdu[-1] % 40 if apdu else 8) + b"\x90\x00"

    def reset(self) -> None:
        pass

    power_on = power_off = reset


class BadMacCard(CardAdapter):
    """Answers correctly, then spoils the MAC (DO'8E', the 8 bytes before the status) of
    every protected answer once Secure Messaging is up."""

    def process(self, apdu: bytes) -> bytes:
        resp = self.card.process(apdu)
        if apdu and apdu[0] & 0x0C == 0x0C and len(resp) >= 12:
            spoiled = bytearray(resp)
            spoiled[-3] ^= 0xFF
            return bytes(spoiled)
        return resp


class StallingCard(CardAdapter):
    """Opens and starts reading like a genuine card, then stops answering (a chip with a
    failing antenna, or one held at the edge of the field): from the `after`-th command
    on, `process` waits until `release` is set (or `max_wait` seconds pass) before it
    answers. The kiosk's own timeout must fire first."""

    def __init__(self, card, *, after: int = 12, max_wait: float = 60.0) -> None:
        super().__init__(card)
        self.after = after
        self.max_wait = max_wait
        self.release = threading.Event()
        self.stalled = threading.Event()  # set once a command is being held back
        self._count = 0

    def process(self, apdu: bytes) -> bytes:
        self._count += 1
        if self._count >= self.after and not self.release.is_set():
            self.stalled.set()
            self.release.wait(self.max_wait)
        return self.card.process(apdu)


def signed_files(person: Specimen, authority: Pki) -> dict[int, bytes]:
    files = specimen_files(person, sod=False)
    groups = {n: files[lds.dg_fid(n)] for n in (1, 2, 13) if lds.dg_fid(n) in files}
    files[lds.FID_EF_SOD] = authority.sign(groups)
    return files


def build_card(profile: str, *, person: Specimen | None = None, authority: Pki | None = None):
    """A VirtualCard for `profile` (see the module docstring)."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; one of {', '.join(PROFILES)}")
    person = person or specimen(face_size=20_000)
    authority = authority or test_pki()
    if profile == "garbage":
        return GarbageCard()
    if profile == "not-cccd":
        return FileCard({0x0101: b"\x00" * 16}, aid=bytes.fromhex("A000000003101001"))
    if profile == "extra-dg13":
        person = dataclasses.replace(person, details=dataclasses.replace(
            person.details, unknown=((42, b"\x0c\x05extra"),)))
    if profile == "unsigned":
        files = specimen_files(person)
    else:
        files = signed_files(person, authority)
    if profile in ("short-tlv", "long-tlv"):
        body = files[lds.FID_DG13]
        # 6D 82 LL LL ...: claim 64 bytes more than there are, or ~4 GB.
        files[lds.FID_DG13] = (body[:2] + (len(body) - 4 + 64).to_bytes(2, "big") + body[4:]
                               if profile == "short-tlv" else b"\x6d\x84\xff\xff\xff\xf0" + body[4:])
    if profile == "tampered":
        forged = dataclasses.replace(person.details,
                                     place_of_residence="Số 99 Phố Giả, Phường Ba Đình, Hà Nội")
        files[lds.FID_DG13] = build_dg13(forged)
    can = None
    if profile == "pace":
        # PACE-ECDH generic mapping, AES-128, brainpoolP256r1 (standardized parameters 13).
        can = person.id_number[-6:]
        files[pace.FID_EF_CARD_ACCESS] = pace.build_card_access(
            [pace.PaceInfo(pace.PACE_ECDH_GM_AES_128, 2, 13)])
    chip = EmrtdCard(files, person.bac_key().keys(), can=can)
    if profile == "stall":
        return StallingCard(chip)
    return BadMacCard(chip) if profile == "bad-mac" else CardAdapter(chip)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m devices.vpcd.cccd_chip",
                                 description="Play a virtual chip ID card into pcscd (vpcd).")
    ap.add_argument("--profile", choices=PROFILES, default="genuine")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=35963, help="vpcd port (35963: first reader)")
    ap.add_argument("--csca-out", metavar="DIR", help="write the test CSCA certificate here")
    args = ap.parse_args(argv)
    authority = test_pki()
    if args.csca_out:
        out = Path(args.csca_out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "test-csca.pem").write_bytes(authority.csca_pem)
    person = specimen(face_size=20_000)
    conn = VpcdConnection(build_card(args.profile, person=person, authority=authority),
                          host=args.host, port=args.port)
    conn.start()
    conn.insert(retry_for=10)
    print(f"card inserted: profile {args.profile}; ID {person.id_number}, born "
          f"{person.details.date_of_birth}, expires {person.details.expiry_date} "
          "(test data)", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    conn.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
