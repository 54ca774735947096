"""The county's letterhead: the sender block and logo at the top of every exported letter.

One row, set by an admin on /admin/template and stored in the database (the logo as PNG
bytes beside the text), so that a backup of the database carries it. An SVG logo is drawn
into a PNG when it is uploaded.
"""

from __future__ import annotations

import struct
import zlib
from datetime import datetime
from io import BytesIO

from flask_babel import gettext as _
from sqlalchemy import LargeBinary, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from advocacy import clock
from advocacy.audit.models import Audited
from advocacy.extensions import db
from advocacy.types import UTCDateTime

MAX_LOGO_BYTES = 1024 * 1024
#: Larger logos are refused: a letterhead mark needs no more.
MAX_LOGO_PIXELS = 4000
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class LogoError(ValueError):
    """A logo that cannot be used; the message is Norwegian, for the user."""


class Letterhead(Audited, db.Model):
    """The sender of the county's letters: name, address, numbers, postmottak, logo."""

    __tablename__ = "letterheads"
    __audit_type__ = "letterhead"
    #: The log says the logo changed, without its bytes.
    __audit_secret__ = ("logo",)

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
    def audit_label(self) -> str:
        return self.name or "Brevhode"  # i18n: not ui (stored in the change log)

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
    """The logo as PNG bytes a letter can show; else ``LogoError`` with the reason.

    A PNG is kept as it is. An SVG is drawn into a PNG here (``_svg_to_png``): Word, and
    python-docx, place raster images, and a letter must look the same in every reader.
    """
    if not data:
        raise LogoError(_("Filen er tom."))
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(_("Logoen er større enn 1 MB. Lagre den i mindre størrelse og prøv "
                          "igjen."))
    if _looks_like_svg(data):
        data = _svg_to_png(data)
    if not data.startswith(_PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 33:
        raise LogoError(_("Filen er verken et PNG- eller et SVG-bilde. Last opp logoen som PNG "
                          "eller SVG."))
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_LOGO_PIXELS and 0 < height <= MAX_LOGO_PIXELS):
        raise LogoError(_("Logoen må være høyst %(size)s × %(size)s bildepunkter.",
                          size=MAX_LOGO_PIXELS))
    if b"IEND" not in data[-16:] or not _readable(data):
        raise LogoError(_("PNG-filen er ufullstendig. Lagre logoen på nytt og prøv igjen."))
    return data


def _looks_like_svg(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<svg", b"<?xml", b"<!doctype svg", b"<!--")) or b"<svg" in head


#: An SVG logo is drawn this many pixels high: 1.6 cm in the letter at about 600 dpi.
SVG_RENDER_HEIGHT = 400
#: Wider than this many times its height, a logo would be a line in the letterhead.
MAX_LOGO_ASPECT = MAX_LOGO_PIXELS // SVG_RENDER_HEIGHT


def _svg_to_png(data: bytes) -> bytes:
    """The SVG drawn as a PNG, ``SVG_RENDER_HEIGHT`` pixels high, with its proportions.

    CairoSVG parses with defusedxml (no entities, so no XXE or entity bombs) and, unless
    told it is "unsafe", fetches no external file or URL: an ``<image>`` pointing outside
    the file is drawn as nothing. A drawing that leaves every pixel transparent is refused,
    since the letter would show an empty space.
    """
    from cairosvg.parser import Tree
    from cairosvg.surface import PNGSurface

    try:
        tree = Tree(bytestring=data)
    except Exception as error:  # noqa: BLE001 - the XML parsers raise many kinds
        raise LogoError(_("SVG-filen kan ikke leses. Lagre logoen på nytt som SVG eller PNG "
                          "og prøv igjen.")) from error
    if tree.tag != "svg":
        raise LogoError(_("Filen er ikke et SVG-bilde. Last opp logoen som PNG eller SVG."))
    try:
        # A small trial drawing gives the proportions before the real size is drawn.
        trial = PNGSurface(tree, BytesIO(), 96, output_height=40)
        width, height = trial.width, trial.height
        visible = any(bytes(trial.cairo.get_data())[3::4])  # alpha of each BGRA pixel
        trial.finish()
        if not (width and height) or width > MAX_LOGO_ASPECT * height:
            raise LogoError(_("Logoen må være høyst %(times)s ganger så bred som den er høy.",
                              times=MAX_LOGO_ASPECT))
        if not visible:
            raise LogoError(_("SVG-filen tegner ikke noe synlig. Bilder den henter fra andre "
                              "filer eller nettadresser tas ikke med: legg dem inn i SVG-filen "
                              "eller last opp logoen som PNG."))
        out = BytesIO()
        PNGSurface(tree, out, 96, output_height=SVG_RENDER_HEIGHT).finish()
    except LogoError:
        raise
    except Exception as error:  # noqa: BLE001 - drawing can fail on odd files in many ways
        raise LogoError(_("SVG-filen kan ikke tegnes. Lagre logoen på nytt som SVG eller PNG "
                          "og prøv igjen.")) from error
    return out.getvalue()


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
