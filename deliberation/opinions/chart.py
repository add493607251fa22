"""Geometry for the map's SVG: map coordinates to the picture, and a convex hull around each group."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

Point = tuple[float, float]

WIDTH, HEIGHT, MARGIN = 600, 400, 40


def convex_hull(points: Iterable[Point]) -> list[Point]:
    """Andrew's monotone chain: the hull's corners anticlockwise, without repeating the first."""
    unique = sorted(set(points))
    if len(unique) <= 2:
        return unique

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for p in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[Point] = []
    for p in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


class Frame:
    """Fits map coordinates into the picture, keeping the aspect ratio (north stays up)."""

    def __init__(self, points: Sequence[Point]):
        xs, ys = [p[0] for p in points] or [0.0], [p[1] for p in points] or [0.0]
        self.x0, self.y0 = min(xs), min(ys)
        span = max(max(xs) - self.x0, max(ys) - self.y0, 1e-9)
        self.scale = min((WIDTH - 2 * MARGIN) / span, (HEIGHT - 2 * MARGIN) / span)
        self.dx = (WIDTH - (max(xs) - self.x0) * self.scale) / 2
        self.dy = (HEIGHT - (max(ys) - self.y0) * self.scale) / 2

    def __call__(self, point: Sequence[float]) -> Point:
        """Picture coordinates of a map point, rounded so the markup stays small."""
        x = self.dx + (point[0] - self.x0) * self.scale
        y = HEIGHT - (self.dy + (point[1] - self.y0) * self.scale)
        return round(x, 1), round(y, 1)


def polygon(points: Iterable[Point]) -> str:
    """An SVG points attribute."""
    return " ".join(f"{x},{y}" for x, y in points)
