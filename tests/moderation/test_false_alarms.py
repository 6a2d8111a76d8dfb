"""Innocent text that holds a profane-looking string inside a compound or across a word
boundary stays clean (the Scunthorpe class), and intensifiers are judged by use."""

import pytest

from moderation.text import analyze

KOREAN = [
    # timetables: 시발 is 始發, the first departure
    "첫차 시발 05:30, 막차 23:50 (시발역 기준)",
    "시발역에서 종착역까지 열차 시간표를 확인하세요",
    "이 버스는 시발 정류장에서 출발합니다",
    # public-health notices
    "자궁경부암 검진은 만 20세 이상 여성에게 무료입니다",
    "성병 예방을 위해 콘돔을 사용하세요",
    "보건소에서 고환암 자가검진 방법을 안내합니다",
    # counting
    "십팔 번 버스를 타세요",
    "정답은 십팔입니다",
    "열여덟 명이 참석했어요",
    # proper nouns and history
    "병신년(1896년)에 아관파천이 일어났다",
    "2016년 병신년 새해 복 많이 받으세요",
    "시발자동차는 1955년에 만든 최초의 국산 자동차다",
    "홍어삼합 맛집을 찾습니다",
    "시바견을 키우고 있어요",
    # everyday compounds
    "새끼손가락을 다쳤어요",
    "수박 씨 발라 먹으면 편해요",
    "보지 않은 영화 추천해 주세요",
    "미친 듯이 웃었어요",
    "곤충들이 많이 보이네요",
    "영화 기생충 봤어?",
    "배고파 죽겠다",
    "맛이 죽여준다",
    "내일 찾아갈게요",
    "가방을 뒤져 봤는데 없더라",
    "한강 가서 라면 먹자",
    "사진 보내줘",
    "죽어라 공부했다",
    "시인의 마을에 가 보았다",
]
ENGLISH = [
    # food
    "Spotted dick with custard for dessert",
    "I love shiitake mushrooms",
    "Add a pinch of cumin and some aspic",
    "Cockles and mussels, alive alive oh",
    "Cock-a-leekie soup is Scottish",
    # Latin phrases
    "She graduated magna cum laude",
    "Homo sapiens evolved in Africa",
    "The court granted habeas corpus",
    # surnames, brands and places
    "Dick Van Dyke starred in Mary Poppins",
    "Charles Dickens wrote Bleak House",
    "Alfred Hitchcock directed Psycho",
    "I live in Scunthorpe",
    "Meet me in Essex or Middlesex",
    "Arsenal won the match",
    "Matsushita made this TV",
    "Pussy willow blooms in early spring",
    "Niger and Nigeria are neighbours",
    # word boundaries
    "The assessment is due Friday",
    "Our class starts at nine",
    "The cocktail party is at 7",
    "I passed the class with a 95 in analysis",
    "As I said, assume nothing",
    "Please don't hurt yourself on the ladder",
    "I would never hurt you",
    "We will beat you in the finals!",
    "I'll find you a seat",
    "Your next appointment is Monday",
    "Why are you here so early?",
]


@pytest.mark.parametrize("text", KOREAN + ENGLISH)
def test_innocent_compounds_stay_clean(text: str) -> None:
    result = analyze(text, pii=False)
    assert not [f for f in result.findings if f.source in ("lexicon", "phrase")], result


@pytest.mark.parametrize("text", ["존나 맛있다", "졸라 재밌네 ㅋㅋ", "ㅈㄴ 웃기다"])
def test_intensifiers_are_masked_not_abusive(text: str) -> None:
    result = analyze(text)
    assert [f.category for f in result.findings] == ["intensifier"]
    assert not result.abusive
