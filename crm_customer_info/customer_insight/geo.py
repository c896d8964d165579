"""Field visits: straight-line distances and the order of a day's stops.

Units used throughout:

- positions are ``(latitude, longitude)`` pairs in decimal degrees (WGS 84, as
  Odoo's ``partner_latitude`` / ``partner_longitude`` and the browser's
  geolocation give them);
- distances are metres (floats), great-circle on a sphere of the Earth's mean
  radius, so 0.5 % off the ellipsoid at worst.

Route ordering is the open travelling-salesman path (a day of visits does not
have to come back): exact by dynamic programming up to :data:`EXACT_LIMIT`
stops, nearest neighbour from every possible first stop then 2-opt and Or-opt
improvements beyond that. Pure Python, no map service.
"""

import math
from urllib.parse import urlencode

__all__ = [
    "EARTH_RADIUS_M",
    "EXACT_LIMIT",
    "ROUTE_MAP_URL",
    "distance_matrix",
    "haversine_m",
    "path_length_m",
    "route_map_url",
    "suggest_order",
]

EARTH_RADIUS_M = 6_371_008.8
# A public OpenStreetMap-based route planner that takes any number of stops, no key.
ROUTE_MAP_URL = "https://graphhopper.com/maps/"
EXACT_LIMIT = 8
# beyond this many stops, nearest neighbour starts from a sample of first stops only
_MULTI_START_LIMIT = 60


def _check_position(position):
    try:
        lat, lon = (float(value) for value in position)
    except (TypeError, ValueError) as error:
        raise ValueError(f"not a (latitude, longitude) pair: {position!r}") from error
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise ValueError(f"position out of range: {position!r}")
    return lat, lon


def haversine_m(a, b):
    """Great-circle distance in metres between positions ``a`` and ``b``.

    Each position is a ``(latitude, longitude)`` pair in degrees; a
    :class:`ValueError` is raised for anything else or out-of-range values.
    """
    lat1, lon1 = _check_position(a)
    lat2, lon2 = _check_position(b)
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def distance_matrix(points):
    """Square list of lists: ``matrix[i][j]`` is the distance in metres from point i to j."""
    checked = [_check_position(point) for point in points]
    size = len(checked)
    matrix = [[0.0] * size for _ in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            matrix[i][j] = matrix[j][i] = haversine_m(checked[i], checked[j])
    return matrix


def path_length_m(points, order=None, start=None):
    """Length in metres of the path through ``points`` in ``order`` (indexes; default as given).

    With ``start`` (a position), the path begins there before the first point.
    """
    order = list(range(len(points))) if order is None else list(order)
    stops = ([start] if start is not None else []) + [points[i] for i in order]
    return sum(haversine_m(stops[k], stops[k + 1]) for k in range(len(stops) - 1))


def _length(dist, path):
    return sum(dist[path[k]][path[k + 1]] for k in range(len(path) - 1))


def _exact(dist, nodes, anchor):
    """Shortest open path over ``nodes`` (Held-Karp), beginning at ``anchor`` if not None."""
    count = len(nodes)
    full = (1 << count) - 1
    best = {}
    for j, node in enumerate(nodes):
        best[(1 << j, j)] = (dist[anchor][node] if anchor is not None else 0.0, None)
    for mask in range(1, full + 1):
        for j in range(count):
            entry = best.get((mask, j))
            if entry is None:
                continue
            for k in range(count):
                if mask & (1 << k):
                    continue
                key = (mask | (1 << k), k)
                length = entry[0] + dist[nodes[j]][nodes[k]]
                if key not in best or length < best[key][0]:
                    best[key] = (length, j)
    last = min(range(count), key=lambda j: best[(full, j)][0])
    path, mask = [], full
    while last is not None:
        path.append(nodes[last])
        previous = best[(mask, last)][1]
        mask &= ~(1 << last)
        last = previous
    return path[::-1]


def _nearest_neighbour(dist, first, nodes):
    path, left = [first], set(nodes) - {first}
    while left:
        here = path[-1]
        step = min(left, key=lambda node: (dist[here][node], node))
        path.append(step)
        left.remove(step)
    return path


def _two_opt(dist, path, fixed_first):
    """Reverse segments while that shortens the open path; ``path[0]`` stays if fixed."""
    size = len(path)
    improved = True
    while improved:
        improved = False
        for i in range(1 if fixed_first else 0, size - 1):
            before = path[i - 1] if i > 0 else None
            for k in range(i + 1, size):
                after = path[k + 1] if k + 1 < size else None
                old = (dist[before][path[i]] if before is not None else 0.0) + (
                    dist[path[k]][after] if after is not None else 0.0
                )
                new = (dist[before][path[k]] if before is not None else 0.0) + (
                    dist[path[i]][after] if after is not None else 0.0
                )
                if new < old - 1e-9:
                    path[i : k + 1] = reversed(path[i : k + 1])
                    improved = True
    return path


def _or_opt(dist, path, fixed_first):
    """Move one run of 1 to 3 stops elsewhere (either direction) if that shortens the path.

    Returns whether a move was made; the caller repeats with 2-opt until neither helps.
    """

    def edge(a, b):
        return dist[a][b] if a is not None and b is not None else 0.0

    lowest = 1 if fixed_first else 0
    size = len(path)
    for run in (1, 2, 3):
        for i in range(lowest, size - run + 1):
            segment = path[i : i + run]
            before = path[i - 1] if i > 0 else None
            after = path[i + run] if i + run < size else None
            gain = edge(before, segment[0]) + edge(segment[-1], after) - edge(before, after)
            rest = path[:i] + path[i + run :]
            for j in range(lowest, len(rest) + 1):
                if j == i:
                    continue
                left = rest[j - 1] if j > 0 else None
                right = rest[j] if j < len(rest) else None
                for piece in (segment, segment[::-1]):
                    cost = edge(left, piece[0]) + edge(piece[-1], right) - edge(left, right)
                    if cost < gain - 1e-9:
                        path[:] = rest[:j] + piece + rest[j:]
                        return True
    return False


def suggest_order(points, start=None):
    """Order of ``points`` (list of indexes) that makes the open path through them short.

    ``start`` is an optional position the path must begin from (the office, or
    the last visit already done); the returned order does not include it. Up to
    :data:`EXACT_LIMIT` points the order is optimal; beyond, it is the best of
    nearest-neighbour paths improved by 2-opt and Or-opt moves (typically within
    a few per cent of optimal). Ties keep the given order, so the result is
    deterministic.
    """
    size = len(points)
    if size <= 1:
        return list(range(size))
    everything = list(points) + ([start] if start is not None else [])
    dist = distance_matrix(everything)
    anchor = size if start is not None else None
    nodes = list(range(size))
    if size <= EXACT_LIMIT:
        return _exact(dist, nodes, anchor)
    if anchor is not None:
        firsts = [anchor]
    else:
        firsts = nodes if size <= _MULTI_START_LIMIT else nodes[:: max(1, size // 10)]
    best_path, best_length = None, None
    for first in firsts:
        path = _nearest_neighbour(dist, first, nodes + ([anchor] if anchor is not None else []))
        while True:
            _two_opt(dist, path, anchor is not None)
            if not _or_opt(dist, path, anchor is not None):
                break
        length = _length(dist, path)
        if best_length is None or length < best_length - 1e-9:
            best_path, best_length = path, length
    return [node for node in best_path if node != anchor]


def route_map_url(points, profile="car"):
    """Link opening the itinerary through ``points`` (in that order) on a public map site.

    Each point is a ``(latitude, longitude)`` pair in degrees; coordinates are
    written with 6 decimals (about 0.1 m). ``profile`` is the means of travel
    (``car``, ``bike`` or ``foot``). Returns an empty string without points.
    """
    checked = [_check_position(point) for point in points]
    if not checked:
        return ""
    query = [("point", f"{lat:.6f},{lon:.6f}") for lat, lon in checked]
    return f"{ROUTE_MAP_URL}?{urlencode([*query, ('profile', profile)])}"
