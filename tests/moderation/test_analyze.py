"""The public API: lexicon findings in the original text, the innocent words that must pass,
masking, the model and the API's shape."""

import dataclasses

import pytest

import moderation.text as text_mod
from moderation.text import Analysis, Finding, analyze

EVASIONS = [
    "시 발 진짜 짜증나네",
    "ㅅㅂ 뭐하냐",
    "ㅆㅂ 또 렉 걸리네",
    "씨1발 또 튕겼어",
    "tlqkf 진짜",
    "qudtls 아니냐",
    "ㅂㅅ아 그것도 못하냐",
    "씨이이이발",
    "병 신 새 끼 야",
    "18놈아 말 좀 가려서 해",
    "ㅗㅗㅗ 먹어라",
    "Ｓｉｂａｌ 너 진짜",
    "f*ck you",
    "f#ck you",
    "ㅅ ㅂ 진짜",
    "f u c k off",
    "fuuuuuuck this game",
    "sh1t game",
    "you are a b1tch",
    "shut up a$$hole",
    "go f.u.c.k yourself",
    "fυck you",
    "kys loser",
]

INNOCENT = [
    "시발점부터 다시 생각해 봅시다",
    "시발역에서 만나요",
    "18세 이상만 가입할 수 있습니다",
    "새끼손가락을 다쳤어요",
    "새끼 고양이 세 마리가 태어났어요",
    "수박 씨 발라 먹으면 편해요",
    "보지 않은 영화 추천해 주세요",
    "I live in Scunthorpe",
    "The assessment is due Friday",
    "Our class starts at nine",
    "The cocktail party is at 7",
    "I love shiitake mushrooms",
    "Matsushita made this TV",
    "Dick Van Dyke starred in Mary Poppins",
    "Pussy willow blooms in early spring",
    "안녕하세요, 민원 접수는 어디서 하나요?",
    "Hello everyone, welcome to city hall",
]


@pytest.mark.parametrize("text", EVASIONS)
def test_evasions_are_caught_by_the_lexicon(text: str) -> None:
    result = analyze(text)
    assert result.abusive
    assert any(f.source == "lexicon" for f in result.findings)


@pytest.mark.parametrize("text", INNOCENT)
def test_innocent_words_pass(text: str) -> None:
    result = analyze(text)
    assert not result.abusive, result
    assert not [f for f in result.findings if f.source != "pii"]


def test_findings_are_spans_of_the_original_text() -> None:
    text = "야 씨1발 뭐해"
    (finding,) = analyze(text).findings
    assert text[finding.start : finding.end] == "씨1발"
    assert (finding.category, finding.source) == ("profanity", "lexicon")
    assert 1 <= finding.severity <= 3


def test_keyboard_layout_finding_maps_to_the_keys() -> None:
    text = "야 tlqkf 진짜"
    (finding,) = analyze(text).findings
    assert text[finding.start : finding.end] == "tlqkf"


def test_prefix_terms_mask_the_whole_word() -> None:
    text = "what the fucking hell"
    (finding,) = analyze(text).findings
    assert text[finding.start : finding.end] == "fucking"


def test_categories() -> None:
    assert {f.category for f in analyze("kill yourself").findings} == {"self_harm"}
    assert {f.category for f in analyze("짱깨들").findings} == {"hate"}
    assert {f.category for f in analyze("I will kill you").findings} == {"threat"}


def test_masking_keeps_length_and_only_masks_spans() -> None:
    text = "야 씨1발 연락처 010-1234-5678"
    result = analyze(text)
    masked = result.masked()
    assert len(masked) == len(text)
    assert masked == "야 *** 연락처 *************"
    only_pii = result.masked(categories=frozenset({"pii_phone"}))
    assert only_pii == "야 씨1발 연락처 *************"
    assert result.masked(categories=frozenset()) == text


def test_masking_an_expanded_character() -> None:
    # "ﬁ" folds to two letters; masking still replaces exactly one original character each.
    text = "ﬁne sh1t"
    masked = analyze(text).masked()
    assert masked == "ﬁne ****"


def test_model_scores_an_insult_without_swear_words_higher() -> None:
    insult = analyze("머리가 나쁘면 그냥 입 다물고 있어라 한심한 것들")
    neutral = analyze("주민센터는 오전 9시에 문을 엽니다")
    assert not [f for f in insult.findings if f.source == "lexicon"]
    assert insult.score > neutral.score
    en_insult = analyze("you are such a pathetic stupid loser")
    en_neutral = analyze("the library opens at nine tomorrow")
    assert en_insult.score > en_neutral.score


def test_threshold_override() -> None:
    text = "머리가 나쁘면 그냥 입 다물고 있어라 한심한 것들"
    score = analyze(text).score
    assert analyze(text, threshold=score - 1e-6).abusive
    assert not analyze(text, threshold=min(1.0, score + 1e-6)).abusive
    assert [f.source for f in analyze(text, threshold=0.0).findings] == ["model"]


def test_pii_can_be_switched_off() -> None:
    text = "메일 a.person@example.com"
    assert [f.category for f in analyze(text).findings] == ["pii_email"]
    assert analyze(text, pii=False).findings == ()


def test_public_api_shape() -> None:
    assert set(text_mod.__all__) == {"Analysis", "Finding", "analyze"}
    assert [f.name for f in dataclasses.fields(Finding)] == [
        "category",
        "severity",
        "start",
        "end",
        "source",
    ]
    assert [f.name for f in dataclasses.fields(Analysis)][:3] == ["findings", "score", "abusive"]
    result = analyze("hello")
    assert isinstance(result, Analysis)
    assert isinstance(result.findings, tuple)
    assert 0.0 <= result.score <= 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 1.0  # type: ignore[misc]
    assert not hasattr(result, "__dict__")  # slots
    assert analyze("").findings == ()
