from __future__ import annotations

import math

import pytest

from prototypes.scoring import adjective_band, mean_and_sd, sus_score
from tests.prototypes.conftest import SUS_35, SUS_50, SUS_80


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([5, 1, 5, 1, 5, 1, 5, 1, 5, 1], 100.0),  # best possible answers
        ([1, 5, 1, 5, 1, 5, 1, 5, 1, 5], 0.0),  # worst possible answers
        (SUS_80, 80.0),
        (SUS_50, 50.0),
        (SUS_35, 35.0),
        ([5, 5, 5, 5, 5, 5, 5, 5, 5, 5], 50.0),  # 5×4 + 5×0 = 20 → 50
        (
            [4, 1, 5, 2, 4, 1, 4, 2, 5, 1],
            87.5,
        ),  # odd 3+4+3+3+4=17, even 4+3+4+3+4=18 → 35 × 2.5 = 87.5
    ],
)
def test_sus_score_matches_hand_computed_values(answers: list[int], expected: float) -> None:
    assert sus_score(answers) == expected


@pytest.mark.parametrize(
    "answers", [[3] * 9, [3] * 11, [0, 3, 3, 3, 3, 3, 3, 3, 3, 3], [True] * 10]
)
def test_sus_score_refuses_anything_but_ten_answers_from_1_to_5(answers: list) -> None:
    with pytest.raises(ValueError, match="ten answers"):
        sus_score(answers)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "worst_imaginable"),
        (24.9, "worst_imaginable"),
        (25, "poor"),
        (38.9, "poor"),
        (39, "ok"),
        (51.9, "ok"),
        (52, "good"),
        (72.5, "good"),
        (73, "excellent"),
        (85, "excellent"),
        (85.1, "best_imaginable"),
        (100, "best_imaginable"),
    ],
)
def test_adjective_bands_follow_bangor_kortum_and_miller(score: float, band: str) -> None:
    assert adjective_band(score).code == band


def test_standard_deviation_is_the_sample_standard_deviation() -> None:
    mean, sd = mean_and_sd([80.0, 50.0, 35.0])
    assert mean == 55.0
    # deviations 25, −5, −20 → squares 1050 → / (n − 1 = 2) = 525 → √525
    assert sd is not None and math.isclose(sd, math.sqrt(525))


def test_one_score_has_a_mean_but_no_standard_deviation() -> None:
    assert mean_and_sd([72.5]) == (72.5, None)
    assert mean_and_sd([]) == (None, None)
