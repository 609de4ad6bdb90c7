"""Real image bytes for the tests: a valid PNG of any colour, built with zlib."""

from __future__ import annotations

import struct
import zlib


def _chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_bytes(red: int = 200, green: int = 30, blue: int = 30, size: int = 2) -> bytes:
    """A ``size`` by ``size`` PNG filled with one colour (different colours, different hashes)."""
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes((red, green, blue)) * size
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row * size))
        + _chunk(b"IEND", b"")
    )


SVG_AS_PNG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML_AS_PNG = b"<html><body><script>alert(1)</script></body></html>"

# The 1x1 PNG that tests/fixtures/apkg/build_fixtures.py puts into the packages.
ANKI_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000200ff0d0a2db40000000049454e44ae426082"
)
