#!/usr/bin/env python3
"""Draw the toolbar icons (a blue shield with a white check mark) as icon-<size>.png.

Pure Python (zlib + struct), no image libraries: the shield is filled by scanlines with
supersampling, the check mark is a round-capped stroke measured by distance. Geometry is in a
128 x 128 design space and scaled; small sizes get a thicker check so it stays legible.

Usage: python3 extension/icons/make-icons.py   (writes next to this script)
"""

import math
import os
import struct
import zlib

SIZES = (16, 32, 48, 128)
SUPERSAMPLE = 6
TOP_COLOUR = (0x3A, 0x86, 0xF7)  # shield gradient, top
BOTTOM_COLOUR = (0x17, 0x48, 0xB8)  # shield gradient, bottom
CHECK_COLOUR = (0xFF, 0xFF, 0xFF)
CHECK_POINTS = ((39, 66), (56, 83), (90, 47))  # design space
CHECK_WIDTH = {16: 22, 32: 17, 48: 15, 128: 13}  # stroke width in design units


def cubic(p0, p1, p2, p3, steps=40):
    """Points along a cubic Bezier curve (excluding the start)."""
    out = []
    for i in range(1, steps + 1):
        t = i / steps
        u = 1 - t
        out.append(
            (
                u**3 * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t**3 * p3[0],
                u**3 * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t**3 * p3[1],
            )
        )
    return out


def shield_outline():
    """The shield as a closed polygon in design space: a gently arched top, straight sides,
    and curves meeting in a point at the bottom."""
    right = [(64, 8)]
    right += cubic((64, 8), (80, 17), (96, 20), (112, 20))
    right += [(112, 62)]
    right += cubic((112, 62), (112, 92), (92, 110), (64, 122))
    left = [(128 - x, y) for x, y in reversed(right[:-1])]
    return right + left


def fill_coverage(polygon, size):
    """Per-pixel coverage (0..1) of a polygon, by scanline filling a supersampled grid."""
    scale = size / 128.0
    n = size * SUPERSAMPLE
    cover = [[0.0] * size for _ in range(size)]
    pts = [(x * scale * SUPERSAMPLE, y * scale * SUPERSAMPLE) for x, y in polygon]
    edges = list(zip(pts, pts[1:] + pts[:1]))
    weight = 1.0 / (SUPERSAMPLE * SUPERSAMPLE)
    for sy in range(n):
        y = sy + 0.5
        xs = []
        for (x0, y0), (x1, y1) in edges:
            if (y0 <= y < y1) or (y1 <= y < y0):
                xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        xs.sort()
        row = cover[sy // SUPERSAMPLE]
        for a, b in zip(xs[0::2], xs[1::2]):
            for sx in range(max(0, math.ceil(a - 0.5)), min(n, math.floor(b - 0.5) + 1)):
                row[sx // SUPERSAMPLE] += weight
    return cover


def segment_distance(px, py, a, b):
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def stroke_coverage(points, width, size):
    """Per-pixel coverage of a round-capped polyline of `width` design units."""
    scale = size / 128.0
    pts = [(x * scale, y * scale) for x, y in points]
    half = width * scale / 2
    segments = list(zip(pts, pts[1:]))
    cover = [[0.0] * size for _ in range(size)]
    step = 1.0 / SUPERSAMPLE
    for py in range(size):
        for px in range(size):
            hits = 0
            for i in range(SUPERSAMPLE):
                for j in range(SUPERSAMPLE):
                    x = px + (j + 0.5) * step
                    y = py + (i + 0.5) * step
                    if min(segment_distance(x, y, a, b) for a, b in segments) <= half:
                        hits += 1
            cover[py][px] = hits / (SUPERSAMPLE * SUPERSAMPLE)
    return cover


def draw(size):
    """RGBA rows for one icon size."""
    shield = fill_coverage(shield_outline(), size)
    check = stroke_coverage(CHECK_POINTS, CHECK_WIDTH[size], size)
    rows = []
    for y in range(size):
        t = y / max(1, size - 1)
        base = tuple(round(TOP_COLOUR[k] + (BOTTOM_COLOUR[k] - TOP_COLOUR[k]) * t) for k in range(3))
        row = bytearray()
        for x in range(size):
            a = min(1.0, shield[y][x])
            c = min(1.0, check[y][x]) * a  # the check never leaves the shield
            rgb = [base[k] * (1 - c) + CHECK_COLOUR[k] * c for k in range(3)]
            row += bytes([round(v) for v in rgb] + [round(a * 255)])
        rows.append(bytes(row))
    return rows


def write_png(path, rows, size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in rows)
    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9))
    png += chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for size in SIZES:
        path = os.path.join(here, f"icon-{size}.png")
        write_png(path, draw(size), size)
        print(path)


if __name__ == "__main__":
    main()
