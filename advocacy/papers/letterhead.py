"""The county's letterhead: the sender block and logo at the top of every exported letter.

One row, set by an admin on /admin/template and stored in the database (the logo as PNG
bytes beside the text), so that a backup of the database carries it.
"""

from __future__ import annotations

import struct
import zlib
from datetime import datetime

from sqlalchemy import LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from advocacy import clock
from advocacy.extensions import db
from advocacy.types import UTCDateTime

MAX_LOGO_BYTES = 1024 * 1024
#: Larger logos are refused: a letterhead mark needs no more.
MAX_LOGO_PIXELS = 4000
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class LogoError(ValueError):
    """A logo that cannot be used; the message is Norwegian, for the user."""


class Letterhead(db.Model):
    """The sender of the county's letters: name, address, numbers, postmottak, logo."""

    __tablename__ = "letterheads"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    #: Postal address, one line per line ("Postboks 3563", "3007 Drammen").
    postal_address: Mapped[str] = mapped_column(Text, default="")
    org_number: Mapped[str] = mapped_column(String(20), default="")
    switchboard: Mapped[str] = mapped_column(String(30), default="")
    #: The county's official mailbox (postmottak).
    email: Mapped[str] = mapped_column(String(254), default="")
    #: The logo as PNG; ``None``: no logo.
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.utcnow,
                                                 onupdate=clock.utcnow)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in (self.postal_address or "").splitlines()
                if line.strip()]


def current() -> Letterhead | None:
    """The letterhead, or ``None`` when no admin has set one."""
    return db.session.scalar(select(Letterhead).order_by(Letterhead.id).limit(1))


def current_or_new() -> Letterhead:
    """The letterhead to edit: the stored one, or a new one added to the session."""
    letterhead = current()
    if letterhead is None:
        letterhead = Letterhead(name="", postal_address="", org_number="", switchboard="",
                                email="")
        db.session.add(letterhead)
    return letterhead


def check_logo(data: bytes) -> bytes:
    """The logo bytes if they are a PNG a letter can show; else ``LogoError`` with the reason.

    Word (and python-docx) cannot place an SVG by itself, so an SVG is refused with a
    request for PNG rather than converted on the server.
    """
    if not data:
        raise LogoError("Filen er tom.")
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError("Logoen er større enn 1 MB. Lagre den i mindre størrelse og prøv igjen.")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml", b"<!doctype svg")) or b"<svg" in head:
        raise LogoError("SVG kan ikke settes inn i Word-brevet. Lagre logoen som PNG "
                        "(for eksempel eksportert fra SVG i 600 punkter bredde) og last opp "
                        "den.")
    if not data.startswith(_PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 33:
        raise LogoError("Filen er ikke et PNG-bilde. Last opp logoen som PNG.")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise LogoError(f"Logoen må være høyst {MAX_LOGO_PIXELS} × {MAX_LOGO_PIXELS} "
                        "bildepunkter.")
    if b"IEND" not in data[-16:] or not _readable(data):
        raise LogoError("PNG-filen er ufullstendig. Lagre logoen på nytt og prøv igjen.")
    return data


def _readable(data: bytes) -> bool:
    """Whether python-docx reads the PNG's chunks, as the export will (a broken chunk
    would otherwise fail every export)."""
    from docx.image.image import Image

    try:
        Image.from_blob(data)
    except Exception:  # noqa: BLE001 - its parser raises many kinds on a broken file
        return False
    return True


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload) & 0xFFFFFFFF))


def simple_mark_png(width: int = 240, height: int = 96) -> bytes:
    """A plain original mark as PNG (three rising bars on dark blue), for the demo's
    letterhead and the tests; no real county's trademark."""
    background, bar = (0x1F, 0x3A, 0x5F), (0xF2, 0xB7, 0x05)
    bars = [(30, 70, 60), (90, 130, 40), (150, 190, 18)]  # x from, x to, top
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            inside = any(x0 <= x < x1 and top <= y < height - 14 for x0, x1, top in bars)
            rows.extend(bar if inside else background)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (_PNG_MAGIC + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(bytes(rows), 9))
            + _chunk(b"IEND", b""))
