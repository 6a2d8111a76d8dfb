"""The screening policy: each harm category's verdict, by where the text will be read."""

import pytest

from moderation.policy import HELP_RESOURCES, Category, case_category
from moderation.screening import Action, ScreenContext, Support, screen_text

PLAZA = ScreenContext(surface="space", space_kind="plaza")
YOUTH = ScreenContext(surface="space", space_kind="counseling", youth=True)
DIRECT = ScreenContext(surface="direct")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("I will kill you tomorrow", "threat"),
        ("죽여버린다 진짜", "threat"),
        ("I know where you live", "doxxing"),
        ("너 어디 사는지 다 알아", "doxxing"),
    ],
)
def test_threats_and_doxxing_block_and_open_a_case(text: str, category: str) -> None:
    for context in (PLAZA, YOUTH, DIRECT):
        verdict = screen_text(text, context)
        assert (verdict.action, verdict.category, verdict.open_case) == (
            Action.BLOCK,
            category,
            True,
        )
        assert verdict.support is None


@pytest.mark.parametrize(
    "text",
    [
        "send me nudes",
        "send me pics of your body",
        "what are you wearing rn",
        "몸 사진 보내줘",
        "모텔 가자",
    ],
)
def test_sexual_harassment_opens_a_case_where_minors_read(text: str) -> None:
    adult = screen_text(text, DIRECT)
    assert (adult.action, adult.category, adult.open_case) == (
        Action.BLOCK,
        "sexual_harassment",
        False,
    )
    minor = screen_text(text, YOUTH)
    assert (minor.action, minor.category, minor.open_case) == (
        Action.BLOCK,
        "sexual_harassment",
        True,
    )


@pytest.mark.parametrize(
    "text",
    ["go kill yourself", "nobody would miss you", "just disappear already", "자살해라", "걍 뒤져"],
)
def test_self_harm_incitement_is_held_and_the_target_shown_help(text: str) -> None:
    verdict = screen_text(text, PLAZA)
    assert (verdict.action, verdict.category, verdict.support) == (
        Action.HOLD,
        "self_harm",
        Support.TARGET,
    )
    assert verdict.text == text


@pytest.mark.parametrize("text", ["they are vermin", "immigrants are rats", "너 벌레야"])
def test_dehumanisation_is_blocked(text: str) -> None:
    verdict = screen_text(text, PLAZA)
    assert (verdict.action, verdict.category) == (Action.BLOCK, "dehumanisation")


def test_intensifiers_are_masked_for_adults_and_blocked_for_youth() -> None:
    adult = screen_text("존나 맛있다", PLAZA)
    assert (adult.action, adult.text, adult.category) == (Action.MASK, "** 맛있다", "intensifier")
    assert screen_text("존나 맛있다", YOUTH).action is Action.BLOCK


def test_profanity_is_still_masked_and_innocent_text_allowed() -> None:
    assert screen_text("씨발 진짜 렉 걸리네", PLAZA).text == "** 진짜 렉 걸리네"
    assert screen_text("첫차 시발 05:30", PLAZA).action is Action.ALLOW
    assert screen_text("I'll find you a seat", PLAZA).action is Action.ALLOW


def test_case_categories_and_help_lines() -> None:
    assert case_category("doxxing") is Category.THREAT
    assert case_category("sexual_harassment") is Category.SEXUAL
    assert case_category("dehumanisation") is Category.HATE
    assert case_category("intensifier") is Category.PROFANITY
    assert case_category("threat") is Category.THREAT
    assert case_category("made-up") is Category.OTHER
    assert "109" in HELP_RESOURCES["ko"]["109"]
    assert "1388" in HELP_RESOURCES["en"]["1388"]
