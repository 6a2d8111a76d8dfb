"""The display-name rules on their own: normalisation, invisible and stacked names, the
confusable skeleton and the reserved families, property-based where the family is
generative (every disguise of every reserved word is refused; ordinary names pass)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backend.accounts import confusables
from backend.accounts.display_names import MAX_LENGTH, MAX_MARKS, clean, reserved_word
from backend.accounts.reserved_names import TOKEN_SUFFIXES, TOKEN_WORDS, WHOLE, family_words

# Latin letters and a look-alike of each from another script (Cyrillic, Greek, Armenian).
HOMOGLYPHS = {
    "a": "аα",
    "c": "сϲ",
    "e": "еε",
    "i": "іιӏ1|l",
    "o": "оοօ0",
    "p": "рρ",
    "s": "ѕ$5",
    "t": "т7",
    "x": "хχ",
    "y": "уγ",
    "m": "м",
    "n": "п",
}
DECORATIONS = ["", "[", "]", "(", ")", "【", "】", "🛡️", "⭐", "★", "✔", "~", "!", "*", "#1"]
SEPARATORS = ["", " ", ".", "-", "_", "·", "*", "/"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = "민서지현준우예하윤수영진호은도유아연성재희주원태경혜빈석나리다인채율온솔"
FIRST = ["James", "Mary", "Robert", "Patricia", "Jennifer", "Michael", "Linda", "David",
         "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Emma",
         "Liam", "Olivia", "Noah", "Mia", "Lucas", "Chloe", "Ethan", "Sophia", "Grace",
         "Henry", "Zoe", "Leo", "Desmond", "Madison", "Simon", "Monica"]  # fmt: skip
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Lopez", "Wilson", "Anderson", "Taylor", "Moore", "Martin",
        "Lee", "Kim", "Park", "Choi", "Nguyen", "Tanaka", "Cohen", "Ramos"]  # fmt: skip


@st.composite
def disguised(draw: st.DrawFn, word: str, *, spread: bool) -> str:
    """`word` in disguise: case, width, look-alikes, letters spread apart (for words refused
    anywhere), decorations and other words around it."""
    letters = []
    for ch in word:
        options = [ch, ch.upper(), *HOMOGLYPHS.get(ch, "")]
        if "a" <= ch <= "z":
            options.append(chr(ord(ch.upper()) - ord("A") + ord("Ａ")))
        letters.append(draw(st.sampled_from(options)))
    separator = draw(st.sampled_from(SEPARATORS)) if spread else ""
    core = separator.join(letters)
    before, after = draw(st.sampled_from(DECORATIONS)), draw(st.sampled_from(DECORATIONS))
    name = draw(st.sampled_from(["", "김철수 ", "Kim ", "서울 "]))
    honorific = draw(st.sampled_from(["", "님", " 팀", " team"]))
    return f"{name}{before}{core}{after}{honorific}"


@given(st.sampled_from(family_words()).flatmap(lambda w: disguised(w, spread=True)))
@settings(max_examples=400, deadline=None)
def test_every_disguise_of_a_word_refused_anywhere_is_refused(name: str) -> None:
    assume(len(name) <= MAX_LENGTH)
    assert reserved_word(clean(name)) is not None, name


@given(
    st.sampled_from(TOKEN_WORDS).flatmap(lambda w: disguised(w, spread=False)),
)
@settings(max_examples=300, deadline=None)
def test_every_disguise_of_a_reserved_word_is_refused(name: str) -> None:
    assert reserved_word(clean(name)) is not None, name


@given(st.sampled_from(TOKEN_WORDS), st.sampled_from(TOKEN_SUFFIXES))
def test_reserved_words_with_a_team_or_honorific_suffix_are_refused(word: str, suffix: str):
    assert reserved_word(clean(f"[{word}{suffix}] 김철수")) is not None


@given(
    st.sampled_from(SURNAMES),
    st.text(alphabet=GIVEN, min_size=1, max_size=2),
    st.sampled_from(["", " ", "😀", "🌸 ", "123"]),
)
def test_korean_names_pass(surname: str, given_name: str, extra: str) -> None:
    name = clean(f"{surname}{given_name}{extra}")
    assert reserved_word(name) is None, name


@given(st.sampled_from(FIRST), st.sampled_from(LAST), st.sampled_from(["", " Jr.", " 2", "!"]))
def test_english_names_pass(first: str, last: str, extra: str) -> None:
    name = clean(f"{first} {last}{extra}")
    assert reserved_word(name) is None, name


@pytest.mark.parametrize(
    "name",
    ["model", "Modern Kim", "모더니즘", "카페 운영중", "체중관리", "남대문 시장", "서울 시민",
     "Badminton lover", "ecosystem fan", "시청자", "Simon Gmelin", "Governor Park"],
)  # fmt: skip
def test_ordinary_words_that_contain_a_reserved_one_pass(name: str) -> None:
    assert reserved_word(clean(name)) is None


@pytest.mark.parametrize("word", WHOLE)
def test_some_words_are_refused_only_as_the_whole_name(word: str) -> None:
    assert reserved_word(clean(word)) is not None
    assert reserved_word(clean(f"{word} 구경")) is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("정다은", "정 다 은"),
        ("정다은", "[정다은]"),
        ("Emma Wilson", "EMMA WIL5ON"),
        ("Emma Wilson", "Emrna Wiison"),
        ("Emma Wilson", "Еmmа Wіlsоn"),
        ("Jun", "Jun!"),
    ],
)
def test_names_that_look_alike_share_a_skeleton(a: str, b: str) -> None:
    assert confusables.skeletons(a) & confusables.skeletons(b)


@pytest.mark.parametrize(("a", "b"), [("정다은", "정다운"), ("Emma Wilson", "Emma Watson")])
def test_different_names_do_not(a: str, b: str) -> None:
    assert not confusables.skeletons(a) & confusables.skeletons(b)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("  Kim \t  Lee ", "Kim Lee"),
        ("Ｋｉｍ", "Kim"),
        ("김\u3000민수", "김 민수"),
        ("Zoe\u0308", "Zoë"),
        ("❤️ 하늘", "❤️ 하늘"),
        ("1\ufe0f\u20e3 Kim", "1\ufe0f\u20e3 Kim"),
        ("นิ่ม", "นิ่ม"),
        ("Nguyễn Thị", "Nguyễn Thị"),
        ("प्रिया", "प्रिया"),
    ],
)
def test_names_are_normalised(typed: str, stored: str) -> None:
    assert clean(typed) == stored


BLANK_LOOKING = "\u115f\u1160\u3164\uffa0\u2800\u17b4\u034f"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202e\u2066\u00ad\U000e0041"


@given(
    st.text(alphabet=BLANK_LOOKING + INVISIBLE + " ", min_size=1, max_size=10).filter(str.strip),
    st.sampled_from(["", "김", "admin", "Kim "]),
)
def test_invisible_and_blank_looking_characters_are_refused(padding: str, visible: str) -> None:
    with pytest.raises(ValueError, match="invisible, blank-looking"):
        clean(visible + padding)


@given(st.integers(min_value=MAX_MARKS + 1, max_value=30), st.sampled_from("\u0301\u0351\u20dd"))
def test_stacks_of_combining_marks_are_refused(count: int, mark: str) -> None:
    with pytest.raises(ValueError, match="combining marks"):
        clean("Z" + mark * count + "ed")


@pytest.mark.parametrize("name", ["\ufe0f", "a\ufe0f\ufe0f", " \ufe0f", "\u0301a", "x" * 41])
def test_marks_and_selectors_on_nothing_and_long_names_are_refused(name: str) -> None:
    with pytest.raises(ValueError, match=r"variation selector|combining mark|at most 40"):
        clean(name)


def test_a_name_that_grows_past_the_limit_when_normalised_is_refused() -> None:
    # U+FDFA is one character that NFKC spells out in 18.
    with pytest.raises(ValueError, match="at most 40"):
        clean("\ufdfa" * 3)
