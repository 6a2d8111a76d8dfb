"""Display names for simulated citizens."""

from __future__ import annotations

import random

SURNAMES = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임")
GIVEN = ("민준", "서연", "도윤", "하은", "시우", "지유", "예준", "수아", "주원", "지민")
ENGLISH = ("Emma", "Liam", "Olivia", "Noah", "Mia", "Lucas", "Chloe", "Ethan")


def display_name(rng: random.Random) -> str:
    if rng.random() < 0.8:
        return rng.choice(SURNAMES) + rng.choice(GIVEN)
    return f"{rng.choice(ENGLISH)} {rng.choice(SURNAMES)}"
