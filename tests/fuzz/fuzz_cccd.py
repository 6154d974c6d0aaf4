"""Coverage-guided fuzzing of the CCCD parsers with atheris (libFuzzer).

Not part of the test suite (pytest does not collect this file). Run by hand:

    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python tests/fuzz/fuzz_cccd.py -max_len=4096 -runs=2000000

The first input byte picks a parser; the rest is the card's bytes. Any exception other
than CardDataError is a bug: libFuzzer stops and writes the crashing input.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from devices.cccd import dg13, lds, mrz, sm, tlv
    from devices.cccd.apdu import CommandApdu
    from devices.cccd.errors import CardDataError

KS_ENC = bytes.fromhex("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = bytes.fromhex("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226

TARGETS = [
    tlv.decode,
    lambda d: list(tlv.walk(d)),
    lambda d: mrz.parse_td1(d, strict=False),
    dg13.parse_dg13,
    lds.parse_ef_com,
    lds.parse_dg1,
    lds.parse_dg2,
    lds.parse_sod,
    lambda d: sm.unwrap_response(KS_ENC, KS_MAC, SSC, d),
    lambda d: sm.unwrap_command(KS_ENC, KS_MAC, SSC, d),
    CommandApdu.from_bytes,
]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    try:
        target(data[1:])
    except CardDataError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
