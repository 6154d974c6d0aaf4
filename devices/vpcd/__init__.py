"""Play a virtual card into a real PC/SC stack through vsmartcard's vpcd reader driver.

The ``vsmartcard-vpcd`` driver adds readers to pcscd ("Virtual PCD 00 00" on TCP port
35963, "Virtual PCD 00 01" on 35964) and waits for a card program to connect. The link
is the card: connecting inserts it, closing the connection removes it. Each message is a
2-byte big-endian length and a payload; a 1-byte payload from the driver is a control
message (0 power off, 1 power on, 2 reset, 4 "send your ATR"), anything longer is a
command APDU that wants data + SW1 SW2 back.

``VpcdConnection`` serves one ``VirtualCard`` on its own thread and can fail the way a
card in a reader does (lifted mid-command, garbage answers, a mute card), so the layers
above are tested against real pcscd behaviour, not a mock of it. ``EchoCard`` and
``FileCard`` are trivial cards for testing this layer; ``CardAdapter`` plays any card
side with a ``process(apdu)`` method, such as the eMRTD chip of ``devices.cccd``.
"""

from .cards import CONTACTLESS_ATR, CardAdapter, CardLifted, EchoCard, FileCard, VirtualCard
from .connection import (
    CTRL_ATR,
    CTRL_POWER_OFF,
    CTRL_POWER_ON,
    CTRL_RESET,
    VPCD_PORT,
    VpcdConnection,
    VpcdError,
)

__all__ = [
    "CONTACTLESS_ATR",
    "CTRL_ATR",
    "CTRL_POWER_OFF",
    "CTRL_POWER_ON",
    "CTRL_RESET",
    "CardAdapter",
    "CardLifted",
    "EchoCard",
    "FileCard",
    "VPCD_PORT",
    "VirtualCard",
    "VpcdConnection",
    "VpcdError",
]
