"""Byte transports to a receipt printer, chosen by URI.

``usb://VID:PID``, ``serial:///dev/ttyS0?baud=19200``, ``tcp://HOST[:9100]``,
``file:///path`` (append; no status channel) and ``sim://`` (the in-process simulator).
Every write and read has a timeout; a read that times out returns what arrived (maybe
nothing), the caller decides what a missing answer means.
"""

from __future__ import annotations

import os
import socket
import time
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from .errors import PrinterError

if TYPE_CHECKING:
    from .simulator import PrinterSimulator


class Transport:
    """One connection to one printer. Not thread-safe: the service's worker owns it."""

    can_read = True

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def open(self, timeout: float) -> None:  # pragma: no cover - trivial default
        pass

    def write(self, data: bytes, timeout: float) -> None:
        raise NotImplementedError

    def read(self, n: int, timeout: float) -> bytes:
        raise NotImplementedError

    def drain(self) -> bytes:
        """Discard bytes that arrived unasked (a late status answer, an automatic status
        back), so the next answer read is the answer to the next request."""
        return b""

    def close(self) -> None:
        pass

    def describe(self) -> dict[str, object]:
        return {"uri": self.uri, "kind": type(self).__name__, "can_read": self.can_read}


class TcpTransport(Transport):
    def __init__(self, uri: str, host: str, port: int) -> None:
        super().__init__(uri)
        self.host, self.port = host, port
        self._sock: socket.socket | None = None

    def open(self, timeout: float) -> None:
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=timeout)
        except TimeoutError as exc:
            raise PrinterError("printer.timeout", f"connect {self.host}:{self.port}: {exc}") from None
        except OSError as exc:
            raise PrinterError("printer.not_found", f"connect {self.host}:{self.port}: {exc}") from None
        self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _s(self) -> socket.socket:
        if self._sock is None:
            raise PrinterError("printer.error", "transport is not open")
        return self._sock

    def write(self, data: bytes, timeout: float) -> None:
        s = self._s()
        s.settimeout(timeout)
        try:
            s.sendall(data)
        except TimeoutError:
            raise PrinterError("printer.timeout", "the printer does not take data") from None
        except OSError as exc:
            raise PrinterError("printer.offline", f"connection lost: {exc}") from None

    def read(self, n: int, timeout: float) -> bytes:
        s = self._s()
        s.settimeout(timeout)
        try:
            data = s.recv(n)
        except TimeoutError:
            return b""
        except OSError as exc:
            raise PrinterError("printer.offline", f"connection lost: {exc}") from None
        if not data:
            raise PrinterError("printer.offline", "the printer closed the connection")
        return data

    def drain(self) -> bytes:
        s = self._s()
        got = bytearray()
        s.settimeout(0)
        try:
            while chunk := s.recv(4096):
                got += chunk
        except (BlockingIOError, TimeoutError):
            pass
        except OSError as exc:
            raise PrinterError("printer.offline", f"connection lost: {exc}") from None
        return bytes(got)

    def close(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            finally:
                self._sock = None


class SerialTransport(Transport):
    def __init__(self, uri: str, port: str, baud: int) -> None:
        super().__init__(uri)
        self.port, self.baud = port, baud
        self._ser = None

    def open(self, timeout: float) -> None:
        import serial

        try:
            # rtscts off: many printers leave it unwired; flow control is by the printer's
            # busy answer to DLE EOT instead.
            self._ser = serial.Serial(self.port, self.baud, timeout=timeout, write_timeout=timeout)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterError("printer.not_found", f"{self.port}: {exc}") from None

    def write(self, data: bytes, timeout: float) -> None:
        import serial

        if self._ser is None:
            raise PrinterError("printer.error", "transport is not open")
        self._ser.write_timeout = timeout
        try:
            self._ser.write(data)
            self._ser.flush()
        except serial.SerialTimeoutException:
            raise PrinterError("printer.timeout", "the printer does not take data") from None
        except (serial.SerialException, OSError) as exc:
            raise PrinterError("printer.offline", f"{self.port}: {exc}") from None

    def read(self, n: int, timeout: float) -> bytes:
        import serial

        if self._ser is None:
            raise PrinterError("printer.error", "transport is not open")
        self._ser.timeout = timeout
        try:
            return bytes(self._ser.read(n))
        except (serial.SerialException, OSError) as exc:
            raise PrinterError("printer.offline", f"{self.port}: {exc}") from None

    def drain(self) -> bytes:
        if self._ser is None:
            return b""
        self._ser.timeout = 0
        try:
            return bytes(self._ser.read(self._ser.in_waiting or 0))
        except OSError as exc:
            raise PrinterError("printer.offline", f"{self.port}: {exc}") from None

    def close(self) -> None:
        if self._ser is not None:
            try:
                self._ser.close()
            finally:
                self._ser = None


class FileTransport(Transport):
    """Appends the job to a file: for technicians (inspect or `cat` to a device later)."""

    can_read = False

    def __init__(self, uri: str, path: str) -> None:
        super().__init__(uri)
        self.path = path

    def open(self, timeout: float) -> None:
        parent = os.path.dirname(self.path) or "."
        if not os.path.isdir(parent):
            raise PrinterError("printer.not_found", f"no directory {parent}")

    def write(self, data: bytes, timeout: float) -> None:
        try:
            with open(self.path, "ab") as fh:
                fh.write(data)
        except OSError as exc:
            raise PrinterError("printer.error", f"{self.path}: {exc}") from None

    def read(self, n: int, timeout: float) -> bytes:
        raise PrinterError("printer.error", "file:// has no status channel")


class SimTransport(Transport):
    """The in-process simulator: bytes go straight into its parser."""

    def __init__(self, uri: str, simulator: PrinterSimulator) -> None:
        super().__init__(uri)
        self.simulator = simulator
        self._inbox = bytearray()

    def write(self, data: bytes, timeout: float) -> None:
        self._inbox += self.simulator.feed(data)

    def drain(self) -> bytes:
        out = bytes(self._inbox)
        self._inbox.clear()
        return out

    def read(self, n: int, timeout: float) -> bytes:
        if not self._inbox:
            # A mute printer answers nothing: the caller waits its timeout, as on a wire.
            time.sleep(timeout)
            return b""
        out = bytes(self._inbox[:n])
        del self._inbox[:n]
        return out


class UsbTransport(Transport):
    """USB printer class device through pyusb: bulk OUT for data, bulk IN for status.

    Not exercised by the test suite (no USB printer here); see docs/printers.md.
    """

    def __init__(self, uri: str, vid: int, pid: int) -> None:
        super().__init__(uri)
        self.vid, self.pid = vid, pid
        self._dev = self._out = self._in = None

    def open(self, timeout: float) -> None:
        try:
            import usb.core
            import usb.util
        except ImportError:
            raise PrinterError("printer.not_found", "pyusb is not installed") from None
        try:
            dev = usb.core.find(idVendor=self.vid, idProduct=self.pid)
            if dev is None:
                raise PrinterError("printer.not_found", f"no USB device {self.vid:04x}:{self.pid:04x}")
            try:
                if dev.is_kernel_driver_active(0):
                    dev.detach_kernel_driver(0)  # usblp holds the interface otherwise
            except (NotImplementedError, usb.core.USBError):
                pass
            try:
                dev.set_configuration()
            except usb.core.USBError:
                pass  # already configured by the kernel
            intf = dev.get_active_configuration()[(0, 0)]

            def direction(d):
                return lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == d

            self._out = usb.util.find_descriptor(intf, custom_match=direction(usb.util.ENDPOINT_OUT))
            self._in = usb.util.find_descriptor(intf, custom_match=direction(usb.util.ENDPOINT_IN))
            if self._out is None:
                raise PrinterError("printer.not_found", "no bulk OUT endpoint")
            self._dev = dev
        except usb.core.USBError as exc:
            raise PrinterError("printer.not_found", f"USB: {exc}") from None

    @property
    def can_read(self) -> bool:  # type: ignore[override]
        return self._dev is None or self._in is not None

    def write(self, data: bytes, timeout: float) -> None:
        import usb.core

        try:
            self._out.write(data, timeout=int(timeout * 1000))
        except usb.core.USBTimeoutError:
            raise PrinterError("printer.timeout", "USB write timed out") from None
        except (usb.core.USBError, AttributeError) as exc:
            raise PrinterError("printer.offline", f"USB: {exc}") from None

    def read(self, n: int, timeout: float) -> bytes:
        import usb.core

        if self._in is None:
            raise PrinterError("printer.error", "no bulk IN endpoint: no status")
        try:
            return bytes(self._in.read(max(n, self._in.wMaxPacketSize), timeout=int(timeout * 1000)))[:n]
        except usb.core.USBTimeoutError:
            return b""
        except usb.core.USBError as exc:
            raise PrinterError("printer.offline", f"USB: {exc}") from None

    def close(self) -> None:
        if self._dev is not None:
            import usb.util

            usb.util.dispose_resources(self._dev)
            self._dev = None


def open_transport(uri: str, *, simulator: PrinterSimulator | None = None) -> Transport:
    """Build (not yet open) the transport for ``uri``; PrinterError("printer.not_found")
    for a URI that names no transport we know."""
    parts = urlsplit(uri)
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    scheme = parts.scheme.lower()
    try:
        if scheme == "tcp":
            if not parts.hostname:
                raise ValueError("no host")
            return TcpTransport(uri, parts.hostname, parts.port or 9100)
        if scheme == "serial":
            port = unquote(parts.path) or parts.netloc
            if not port:
                raise ValueError("no device path")
            return SerialTransport(uri, port, int(query.get("baud", "19200")))
        if scheme == "file":
            path = unquote(parts.path)
            if not path:
                raise ValueError("no path")
            return FileTransport(uri, path)
        if scheme == "usb":
            vid, _, pid = (parts.netloc or parts.path.strip("/")).partition(":")
            return UsbTransport(uri, int(vid, 16), int(pid, 16))
        if scheme == "sim":
            from .simulator import PrinterSimulator

            sim = simulator if simulator is not None else PrinterSimulator.from_query(query)
            return SimTransport(uri, sim)
    except ValueError as exc:
        raise PrinterError("printer.not_found", f"bad printer URI {uri!r}: {exc}") from None
    raise PrinterError("printer.not_found", f"unknown printer URI scheme in {uri!r}")
