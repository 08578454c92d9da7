"""System Usability Scale scoring and the adjective bands used to read a score.

SUS: John Brooke, "SUS: a 'quick and dirty' usability scale" (1996). Ten items answered
1 (strongly disagree) to 5 (strongly agree). Odd items are worded positively and score
answer − 1; even items are worded negatively and score 5 − answer; the sum (0–40) times
2.5 gives the 0–100 score.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SUS_ITEM_COUNT = 10


def sus_score(answers: list[int]) -> float:
    """The 0–100 SUS score of ten answers (1–5) in the standard item order."""
    if len(answers) != SUS_ITEM_COUNT or any(
        not isinstance(a, int) or isinstance(a, bool) or not 1 <= a <= 5 for a in answers
    ):
        raise ValueError("SUS needs exactly ten answers from 1 to 5.")
    total = 0
    for position, answer in enumerate(answers, start=1):
        total += (answer - 1) if position % 2 == 1 else (5 - answer)
    return total * 2.5


@dataclass(frozen=True)
class Band:
    code: str
    label: Promise
    lower: float  # the band starts here (inclusive) …
    upper: float  # … and ends here (exclusive, except the top band which includes 100)


# Adjective rating bands after Bangor, Kortum & Miller, "Determining what individual SUS
# scores mean: adding an adjective rating scale", Journal of Usability Studies 4(3), 2009,
# 114–123, in the commonly used rounded form: below 25 "Worst imaginable", 25–39 "Poor",
# 39–52 "OK", 52–73 "Good", 73–85 "Excellent", above 85 "Best imaginable". A score on a
# boundary belongs to the band above it, except 85 itself, which is still "Excellent"
# (the source says "above 85" for the top band).
BANDS: list[Band] = [
    Band("worst_imaginable", _("Worst imaginable"), 0, 25),
    Band("poor", _("Poor"), 25, 39),
    Band("ok", _("OK"), 39, 52),
    Band("good", _("Good"), 52, 73),
    Band("excellent", _("Excellent"), 73, 85.000001),
    Band("best_imaginable", _("Best imaginable"), 85.000001, 100.000001),
]


def adjective_band(score: float) -> Band:
    """The Bangor et al. adjective band a SUS score (or mean score) falls in."""
    for band in BANDS:
        if band.lower <= score < band.upper:
            return band
    raise ValueError(f"SUS score out of range: {score}")


def mean_and_sd(values: list[float]) -> tuple[float | None, float | None]:
    """Mean and *sample* standard deviation (statistics.stdev, n − 1 in the denominator).

    The SD is None for fewer than two values, where a sample SD is not defined.
    """
    if not values:
        return None, None
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if len(values) >= 2 else None
    return mean, sd
