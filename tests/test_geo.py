"""Field visits: distances between known places and the order of a day's stops."""

import itertools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from customer_insight.geo import (
    EXACT_LIMIT,
    distance_matrix,
    haversine_m,
    path_length_m,
    route_map_url,
    suggest_order,
)

SHANGHAI = (31.2304, 121.4737)
BEIJING = (39.9042, 116.4074)
GUANGZHOU = (23.1291, 113.2644)
LONDON = (51.5074, -0.1278)
PARIS = (48.8566, 2.3522)
NEW_YORK = (40.7128, -74.0060)

_positions = st.tuples(
    st.floats(min_value=-89.0, max_value=89.0), st.floats(min_value=-179.0, max_value=179.0)
)


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        (SHANGHAI, BEIJING, 1067),
        (SHANGHAI, GUANGZHOU, 1213),
        (LONDON, PARIS, 344),
        (LONDON, NEW_YORK, 5570),
    ],
)
def test_known_city_pairs(a, b, km):
    assert haversine_m(a, b) / 1000 == pytest.approx(km, rel=0.01)


def test_short_distance_on_a_street():
    # 0.001 degree of latitude is about 111 m everywhere
    assert haversine_m((31.0, 121.0), (31.001, 121.0)) == pytest.approx(111.2, abs=0.5)


def test_across_the_date_line_and_the_poles():
    assert haversine_m((0.0, 179.5), (0.0, -179.5)) == pytest.approx(111_195, rel=0.001)
    assert haversine_m((90.0, 0.0), (90.0, 120.0)) == pytest.approx(0.0, abs=1e-6)
    assert haversine_m((90.0, 0.0), (-90.0, 0.0)) == pytest.approx(20_015_087, rel=0.001)


@pytest.mark.parametrize("bad", [(91.0, 0.0), (0.0, 181.0), ("a", 1), (1.0,), None])
def test_bad_positions_are_refused(bad):
    with pytest.raises(ValueError):
        haversine_m(bad, SHANGHAI)


@given(_positions, _positions, _positions)
def test_distance_is_a_metric(a, b, c):
    assert haversine_m(a, a) == pytest.approx(0.0, abs=1e-6)
    assert haversine_m(a, b) == pytest.approx(haversine_m(b, a))
    assert haversine_m(a, c) <= haversine_m(a, b) + haversine_m(b, c) + 1e-6


def test_matrix_and_path_length():
    points = [SHANGHAI, BEIJING, GUANGZHOU]
    matrix = distance_matrix(points)
    assert matrix[0][1] == matrix[1][0] == haversine_m(SHANGHAI, BEIJING)
    assert path_length_m(points) == pytest.approx(matrix[0][1] + matrix[1][2])
    assert path_length_m(points, [2, 0], start=BEIJING) == pytest.approx(
        matrix[1][2] + matrix[2][0]
    )
    assert path_length_m([]) == 0


def _brute_force(points, start=None):
    return min(
        path_length_m(points, order, start=start)
        for order in itertools.permutations(range(len(points)))
    )


def _random_points(rng, count, spread=0.3):
    # a city-sized area around Shanghai
    return [
        (31.2 + rng.uniform(-spread, spread), 121.4 + rng.uniform(-spread, spread))
        for _ in range(count)
    ]


def test_trivial_orders():
    assert suggest_order([]) == []
    assert suggest_order([SHANGHAI]) == [0]
    assert suggest_order([SHANGHAI, BEIJING], start=BEIJING) == [1, 0]


def test_a_line_is_walked_end_to_end():
    points = [(31.0, 121.0 + 0.01 * i) for i in (3, 0, 4, 1, 2)]
    order = suggest_order(points, start=(31.0, 120.99))
    assert [points[i][1] for i in order] == sorted(point[1] for point in points)


@pytest.mark.parametrize("count", range(2, EXACT_LIMIT + 1))
@pytest.mark.parametrize("with_start", [False, True])
def test_small_sets_are_optimal(count, with_start):
    rng = random.Random(count * 7 + with_start)
    for _ in range(3):
        points = _random_points(rng, count)
        start = _random_points(rng, 1)[0] if with_start else None
        order = suggest_order(points, start=start)
        assert sorted(order) == list(range(count))
        assert path_length_m(points, order, start=start) == pytest.approx(
            _brute_force(points, start=start), rel=1e-9
        )


@settings(max_examples=25, deadline=None)
@given(st.lists(_positions, min_size=2, max_size=6))
def test_exact_order_is_never_beaten(points):
    order = suggest_order(points)
    assert path_length_m(points, order) <= _brute_force(points) * (1 + 1e-9) + 1e-6


def _shuffled_grid(rng, rows=5, cols=10, step=0.01):
    """50 points on a jittered grid near the equator, in random order.

    A path through a rows x cols grid needs rows * cols - 1 edges, each at least
    the smallest distance between two points, so that bound is within a few per
    cent of the optimum, which the boustrophedon path reaches.
    """
    jitter = step / 20
    points = [
        (r * step + rng.uniform(-jitter, jitter), c * step + rng.uniform(-jitter, jitter))
        for r in range(rows)
        for c in range(cols)
    ]
    rng.shuffle(points)
    return points


@pytest.mark.parametrize("seed", range(5))
def test_fifty_random_points_within_ten_percent_of_optimal(seed):
    rng = random.Random(seed)
    points = _shuffled_grid(rng)
    matrix = distance_matrix(points)
    shortest_edge = min(
        matrix[i][j] for i in range(len(points)) for j in range(len(points)) if i != j
    )
    lower_bound = (len(points) - 1) * shortest_edge
    order = suggest_order(points)
    assert sorted(order) == list(range(len(points)))
    assert path_length_m(points, order) <= 1.10 * lower_bound


@pytest.mark.parametrize("seed", range(3))
def test_fifty_uniform_points_beat_plain_nearest_neighbour(seed):
    rng = random.Random(100 + seed)
    points = _random_points(rng, 50)
    start = points[0]
    order = suggest_order(points[1:], start=start)
    # plain nearest neighbour from the same start, for comparison
    left, here, plain = set(range(1, 50)), start, 0.0
    while left:
        step = min(left, key=lambda i: haversine_m(here, points[i]))
        plain += haversine_m(here, points[step])
        here = points[step]
        left.remove(step)
    suggested = path_length_m(points[1:], order, start=start)
    assert suggested <= plain
    # and no single 2-opt reversal improves it any more (a local optimum)
    stops = [start] + [points[1:][i] for i in order]
    for i, k in itertools.combinations(range(1, len(stops)), 2):
        candidate = stops[:i] + stops[i : k + 1][::-1] + stops[k + 1 :]
        assert path_length_m(candidate) >= suggested - 1e-6


def test_route_map_url_lists_every_stop_in_order():
    url = route_map_url([SHANGHAI, (31.25, 121.5), BEIJING])
    assert url.startswith("https://graphhopper.com/maps/?")
    assert url.count("point=") == 3
    assert url.index("31.230400%2C121.473700") < url.index("31.250000%2C121.500000")
    assert url.index("31.250000%2C121.500000") < url.index("39.904200%2C116.407400")
    assert url.endswith("profile=car")
    assert route_map_url([]) == ""
    with pytest.raises(ValueError):
        route_map_url([(100, 0)])
