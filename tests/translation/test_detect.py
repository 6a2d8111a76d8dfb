"""The language of a chat line, decided offline: by script for Korean, Japanese and Chinese,
by the model shipped in the py3langid wheel for the rest; short lines are undetermined."""

import pytest

from backend.translation.detect import Detector, by_script
from backend.translation.languages import canonical

detector = Detector()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("도서관이 어디에 있나요?", "ko"),
        ("네", "ko"),
        ("서울시청 Seoul City Hall 가는 길", "ko"),
        ("図書館はどこですか", "ja"),
        ("ありがとう", "ja"),
        ("图书馆在哪里？", "zh"),
        ("Where is the library? I need to return a book.", "en"),
        ("good morning", "en"),
        ("Onde fica a biblioteca?", "pt"),
        ("Muchas gracias por la ayuda", "es"),
        ("Xin chào mọi người", "vi"),
        ("Где находится библиотека?", "ru"),
        ("Bonjour tout le monde", "fr"),
    ],
)
def test_languages_are_detected(text, lang):
    assert detector.detect(text) == lang


@pytest.mark.parametrize(
    "text",
    ["ok", "lol", "hi", "ㅋㅋㅋ", "ㅠㅠ", "123 456", "👍👍", "https://seoul.go.kr/a/b", "好"],
)
def test_short_or_ambiguous_lines_are_undetermined(text):
    assert detector.detect(text) == "und"


def test_the_script_alone_never_guesses_latin_text():
    assert by_script("Where is the library?") is None
    assert by_script("ㅋㅋㅋ") is None


@pytest.mark.parametrize(
    ("tag", "ours"),
    [
        ("pt-BR", "pt"),
        ("EN-US", "en"),
        ("ZH-HANS", "zh"),
        ("zh-CN", "zh"),
        ("zh-TW", None),
        ("ZH-HANT", None),
        ("eng", "en"),
        ("spa", "es"),
        ("eng_US", "en"),
        ("xyz", None),
        ("1", None),
    ],
)
def test_provider_tags_are_spelled_ours(tag, ours):
    assert canonical(tag) == ours
