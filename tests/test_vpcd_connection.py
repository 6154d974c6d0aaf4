"""The vpcd link and the test cards, against a fake vpcd driver on loopback (no pcscd).

The fake plays the driver's side of the wire protocol, byte for byte, so framing,
control messages and fault switches are checked without a PC/SC stack; the real stack
is exercised in test_pcsc_stack.py.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from pcsc_fixtures import wait_until

from devices.vpcd import (
    CONTACTLESS_ATR,
    CTRL_ATR,
    CTRL_POWER_OFF,
    CTRL_POWER_ON,
    CTRL_RESET,
    CardAdapter,
    CardLifted,
    EchoCard,
    VirtualCard,
    VpcdConnection,
    VpcdError,
)
from devices.vpcd.connection import frame, take_frames

pytest_plugins = ["pcsc_fixtures"]

APDU = bytes.fromhex("00A4040007A0000002471001")


class FakeDriver:
    """The vpcd driver's end: listens, accepts one card, sends messages, reads answers."""

    def __init__(self, port: int = 0) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None
        self.buf = bytearray()

    def accept(self, timeout: float = 2.0) -> None:
        self.server.settimeout(timeout)
        self.conn, _ = self.server.accept()
        self.conn.settimeout(timeout)
        self.buf.clear()

    def send(self, payload: bytes, *, split: bool = False) -> None:
        data = frame(payload)
        if not split:
            self.conn.sendall(data)
            return
        for i in range(len(data)):
            self.conn.sendall(data[i : i + 1])
            time.sleep(0.002)

    def recv(self, timeout: float = 2.0) -> bytes:
        """The next answer; b"" if the card closed the link."""
        self.conn.settimeout(timeout)
        while True:
            frames = take_frames(self.buf)
            if frames:
                # Put back what belongs to later answers.
                self.buf[:0] = b"".join(frame(f) for f in frames[1:])
                return frames[0]
            data = self.conn.recv(4096)
            if not data:
                return b""
            self.buf += data

    def ask(self, payload: bytes, **kw: bool) -> bytes:
        self.send(payload, **kw)
        return self.recv()

    def silent_for(self, seconds: float) -> bool:
        """True if no byte arrives for ``seconds`` (the card stays mute)."""
        self.conn.settimeout(seconds)
        try:
            self.conn.recv(4096, socket.MSG_PEEK)
        except TimeoutError:
            return True
        return False

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.server.close()


@pytest.fixture
def driver():
    d = FakeDriver()
    yield d
    d.close()


@pytest.fixture
def link(driver, no_thread_leaks):
    conn = VpcdConnection(EchoCard(), port=driver.port)
    conn.start()
    driver.accept()
    yield conn
    conn.stop()


def test_frames_are_cut_wherever_tcp_splits_or_merges_them():
    buf = bytearray(frame(b"\x04") + frame(APDU) + frame(b"\x01\x02")[:3])
    assert take_frames(buf) == [b"\x04", APDU]
    assert take_frames(buf) == []
    buf += frame(b"\x01\x02")[3:]
    assert take_frames(buf) == [b"\x01\x02"]
    assert buf == bytearray()
    with pytest.raises(ValueError):
        frame(bytes(70_000))


def test_cards_are_virtual_cards():
    assert isinstance(EchoCard(), VirtualCard)
    assert isinstance(CardAdapter(object()), VirtualCard)


def test_atr_and_apdus_round_trip(driver, link):
    assert driver.ask(bytes([CTRL_ATR])) == CONTACTLESS_ATR
    assert driver.ask(APDU) == APDU + b"\x90\x00"
    assert link.apdus == 1


def test_messages_split_byte_by_byte_or_merged_are_served_in_order(driver, link):
    assert driver.ask(APDU, split=True) == APDU + b"\x90\x00"
    driver.conn.sendall(frame(bytes([CTRL_ATR])) + frame(b"\x00\xb0\x00\x00\x02"))
    assert driver.recv() == CONTACTLESS_ATR
    assert driver.recv() == b"\x00\xb0\x00\x00\x02\x90\x00"


def test_power_control_messages_reach_the_card(driver, link):
    card = link.card
    driver.send(bytes([CTRL_POWER_ON]))
    assert wait_until(lambda: card.powered, 1.0)
    driver.send(bytes([CTRL_POWER_OFF]))
    assert wait_until(lambda: not card.powered, 1.0)
    driver.send(bytes([CTRL_RESET]))
    assert wait_until(lambda: card.powered, 1.0)
    driver.send(bytes([9]))  # unknown control codes are ignored, the link stays
    assert driver.ask(bytes([CTRL_ATR])) == CONTACTLESS_ATR


def test_remove_closes_the_link_and_insert_connects_again(driver, link):
    link.remove()
    assert not link.inserted
    assert driver.recv() == b""
    link.insert()
    driver.accept()
    assert link.inserted
    assert driver.ask(APDU) == APDU + b"\x90\x00"


def test_nothing_listening_is_a_clear_error(no_thread_leaks):
    d = FakeDriver()
    port = d.port
    d.close()
    conn = VpcdConnection(EchoCard(), port=port)
    try:
        with pytest.raises(VpcdError, match="pcscd"):
            conn.start()
        assert not conn.inserted
        assert "connect" in conn.last_error
    finally:
        conn.stop()


def test_insert_can_wait_for_the_driver_to_come_back(no_thread_leaks):
    d = FakeDriver()
    port = d.port
    d.close()
    late: list[FakeDriver] = []
    timer = threading.Timer(0.3, lambda: late.append(FakeDriver(port)))
    timer.start()
    conn = VpcdConnection(EchoCard(), port=port)
    try:
        conn.start(retry_for=3.0)
        timer.join()
        late[0].accept()
        assert late[0].ask(APDU) == APDU + b"\x90\x00"
    finally:
        conn.stop()
        for d in late:
            d.close()


def test_driver_closing_the_link_counts_as_removal(driver, link):
    driver.send(bytes([CTRL_POWER_ON]))
    assert wait_until(lambda: link.card.powered, 1.0)
    driver.conn.close()
    assert wait_until(lambda: not link.inserted, 1.0)
    assert "closed" in link.last_error
    assert wait_until(lambda: not link.card.powered, 1.0)  # the card lost the field
    link.insert()  # reconnect when asked
    driver.accept()
    assert driver.ask(APDU) == APDU + b"\x90\x00"


def test_remove_after_answers_n_commands_then_leaves_mid_command(driver, link):
    link.remove_after(2)
    assert driver.ask(APDU) == APDU + b"\x90\x00"
    assert driver.ask(APDU) == APDU + b"\x90\x00"
    assert driver.ask(APDU) == b""  # no answer: the link is gone
    assert wait_until(lambda: not link.inserted, 1.0)
    assert "lifted" in link.last_error
    link.insert()  # and the switch is spent
    driver.accept()
    assert driver.ask(APDU) == APDU + b"\x90\x00"


def test_garbage_answers_replace_the_cards_for_count_commands(driver, link):
    link.answer_garbage(b"\x01", count=2)
    assert driver.ask(APDU) == b"\x01"
    assert driver.ask(APDU) == b"\x01"
    assert driver.ask(APDU) == APDU + b"\x90\x00"
    link.answer_garbage()
    random = driver.ask(APDU)
    assert random != APDU + b"\x90\x00" and len(random) >= 2


def test_a_stall_holds_the_answer_back_then_answers_late_in_order(driver, link):
    link.stall(seconds=0.4)
    driver.send(APDU)
    driver.send(bytes([CTRL_ATR]))  # queued behind the stalled command
    assert driver.silent_for(0.25)
    assert driver.recv() == APDU + b"\x90\x00"
    assert driver.recv() == CONTACTLESS_ATR
    assert driver.ask(APDU) == APDU + b"\x90\x00"  # one command only


def test_a_mute_card_stays_mute_until_removed(driver, link):
    link.stall(count=None)
    driver.send(APDU)
    assert driver.silent_for(0.3)
    link.remove()
    assert driver.recv() == b""
    link.clear_faults()
    link.insert()
    driver.accept()
    assert driver.ask(APDU) == APDU + b"\x90\x00"


class Fragile(EchoCard):
    def __init__(self) -> None:
        super().__init__()
        self.n = 0

    def process(self, apdu: bytes) -> bytes:
        self.n += 1
        if self.n == 2:
            raise CardLifted
        if self.n == 3:
            raise RuntimeError("a bug in a simulated card")
        return super().process(apdu)


def test_a_card_can_leave_by_itself_and_a_crashing_card_leaves_too(driver, link):
    link.stop()
    conn = VpcdConnection(Fragile(), port=driver.port)
    try:
        conn.start()
        driver.accept()
        assert driver.ask(APDU) == APDU + b"\x90\x00"
        assert driver.ask(APDU) == b""
        conn.insert()
        driver.accept()
        assert driver.ask(APDU) == b""
        assert wait_until(lambda: not conn.inserted, 1.0)
    finally:
        conn.stop()


def test_stop_joins_the_thread(driver, link):
    thread = link._thread
    link.stop()
    assert not thread.is_alive()
    assert driver.recv() == b""
    assert not link.running


class Resettable:
    def __init__(self) -> None:
        self.resets = 0

    def process(self, apdu: bytes) -> bytes:
        return b"\x90\x00"

    def reset(self) -> None:
        self.resets += 1


def test_card_adapter_resets_the_chip_on_every_power_change():
    chip = Resettable()
    card = CardAdapter(chip, atr=b"\x3b\x00")
    card.power_on()
    card.reset()
    card.power_off()
    assert chip.resets == 3
    assert card.process(APDU) == b"\x90\x00"
    assert card.atr == b"\x3b\x00"
