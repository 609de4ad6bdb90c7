"""The app icon, drawn from a few flat shapes into PNG and ICO files without an image library.

Two flashcards with a tick on an indigo tile: it reads as "study cards" at 16 px and on a
phone's home screen. The files live in ``static/icons/`` and are committed; run
``python -m quizapp.icons`` after changing a shape or a colour here (and in ``icon.svg``).
The shapes stay inside the central 80 % so Android's "maskable" crop never cuts them.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ICON_DIR = Path(__file__).parent / "static" / "icons"
PNG_SIZES = (32, 180, 192, 512)  # tab, Apple touch icon, manifest small and large
ICO_SIZES = (16, 32, 48)
SUPERSAMPLE = 4  # samples per pixel side, for smooth edges

Colour = tuple[int, int, int, int]
INDIGO: Colour = (58, 75, 196, 255)
LILAC: Colour = (154, 168, 255, 255)
WHITE: Colour = (255, 255, 255, 255)
CLEAR: Colour = (0, 0, 0, 0)


@dataclass(frozen=True)
class RoundedRect:
    left: float
    top: float
    right: float
    bottom: float
    radius: float

    def contains(self, x: float, y: float) -> bool:
        if not (self.left <= x <= self.right and self.top <= y <= self.bottom):
            return False
        cx = min(max(x, self.left + self.radius), self.right - self.radius)
        cy = min(max(y, self.top + self.radius), self.bottom - self.radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= self.radius**2


@dataclass(frozen=True)
class Stroke:
    """A polyline of the given width (in units of the icon's side)."""

    points: tuple[tuple[float, float], ...]
    width: float

    def contains(self, x: float, y: float) -> bool:
        half = self.width / 2
        return any(
            _distance_to_segment(x, y, a, b) <= half
            for a, b in zip(self.points, self.points[1:], strict=False)
        )


def _distance_to_segment(
    x: float, y: float, a: tuple[float, float], b: tuple[float, float]
) -> float:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return float(((x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2) ** 0.5)


Shape = RoundedRect | Stroke
# Back to front; coordinates are fractions of the icon's side.
LAYERS: tuple[tuple[Shape, Colour], ...] = (
    (RoundedRect(0.0, 0.0, 1.0, 1.0, 0.22), INDIGO),
    (RoundedRect(0.32, 0.19, 0.81, 0.64, 0.06), LILAC),
    (RoundedRect(0.19, 0.33, 0.68, 0.81, 0.06), WHITE),
    (Stroke(((0.29, 0.57), (0.40, 0.68), (0.59, 0.46)), 0.065), INDIGO),
)


def colour_at(x: float, y: float) -> Colour:
    for shape, colour in reversed(LAYERS):
        if shape.contains(x, y):
            return colour
    return CLEAR


def render(size: int, sample: Callable[[float, float], Colour] = colour_at) -> list[bytes]:
    """RGBA rows of the icon at ``size`` px, each pixel the average of its samples."""
    n = SUPERSAMPLE
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            totals = [0, 0, 0, 0]
            for sy in range(n):
                for sx in range(n):
                    r, g, b, a = sample((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size)
                    totals[0] += r * a
                    totals[1] += g * a
                    totals[2] += b * a
                    totals[3] += a
            alpha = totals[3]
            if alpha:
                row += bytes(round(c / alpha) for c in totals[:3]) + bytes([round(alpha / n / n)])
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return rows


def png_bytes(size: int) -> bytes:
    """A PNG file (RGBA, 8 bits per channel) of the icon."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + row for row in render(size))  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico_bytes(sizes: tuple[int, ...] = ICO_SIZES) -> bytes:
    """A .ico holding one PNG per size (every browser since 2010 reads PNG inside ICO)."""
    images = [png_bytes(size) for size in sizes]
    offset = 6 + 16 * len(images)
    entries = b""
    for size, image in zip(sizes, images, strict=True):
        entries += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(image), offset)
        offset += len(image)
    return struct.pack("<HHH", 0, 1, len(images)) + entries + b"".join(images)


def write_icons(folder: Path = ICON_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = folder / f"icon-{size}.png"
        path.write_bytes(png_bytes(size))
        written.append(path)
    ico = folder / "favicon.ico"
    ico.write_bytes(ico_bytes())
    written.append(ico)
    return written


if __name__ == "__main__":
    for written_path in write_icons():
        print(written_path)
