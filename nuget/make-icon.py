#!/usr/bin/env python3
"""Draws nuget/icon.png (128x128 RGBA): a speech bubble holding a smile, in the standard library only.

Run from the repository root: python3 nuget/make-icon.py
"""
import math
import struct
import zlib

SIZE = 128
SAMPLES = 4  # supersampling per axis, for smooth edges


def inside_bubble(x, y):
    # Rounded square body plus a small tail at the bottom left.
    left, top, right, bottom, radius = 10, 10, 118, 98, 22
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    if (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2:
        return True
    # Tail: triangle (26,92) (56,92) (22,120).
    ax, ay, bx, by, qx, qy = 26, 92, 56, 92, 22, 120
    d1 = (x - bx) * (ay - by) - (ax - bx) * (y - by)
    d2 = (x - qx) * (by - qy) - (bx - qx) * (y - qy)
    d3 = (x - ax) * (qy - ay) - (qx - ax) * (y - ay)
    neg = d1 < 0 or d2 < 0 or d3 < 0
    pos = d1 > 0 or d2 > 0 or d3 > 0
    return not (neg and pos)


def inside_face(x, y):
    # Two eyes and a smiling arc, white on the bubble.
    for ex in (46, 82):
        if (x - ex) ** 2 + (y - 42) ** 2 <= 8 ** 2:
            return True
    dist = math.hypot(x - 64, y - 48)
    return 26 <= dist <= 35 and y > 58


def colour(x, y):
    if not inside_bubble(x, y):
        return (0, 0, 0, 0)
    if inside_face(x, y):
        return (255, 255, 255, 255)
    t = (x + y) / (2 * SIZE)  # diagonal gradient, indigo to teal
    return (int(72 + (20 - 72) * t), int(61 + (170 - 61) * t), int(189 + (160 - 189) * t), 255)


def pixel(px, py):
    acc = [0, 0, 0, 0]
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            r, g, b, a = colour(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
            acc[0] += r * a
            acc[1] += g * a
            acc[2] += b * a
            acc[3] += a
    alpha = acc[3] / SAMPLES ** 2
    if acc[3] == 0:
        return bytes(4)
    return bytes((acc[0] // acc[3], acc[1] // acc[3], acc[2] // acc[3], int(round(alpha))))


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(SIZE)) for y in range(SIZE))
png = (b"\x89PNG\r\n\x1a\n"
       + chunk(b"IHDR", struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0))
       + chunk(b"IDAT", zlib.compress(rows, 9))
       + chunk(b"IEND", b""))
with open("nuget/icon.png", "wb") as f:
    f.write(png)
print(f"nuget/icon.png: {SIZE}x{SIZE}, {len(png)} bytes")
