"""The words a citizen's display name may not pass for: the city's staff, its offices and the
system itself, in Korean, English and Hanja. Korean role words are generated as families (a
stem and the suffixes that make a person or a team of it); all are kept as confusable
skeletons, so that every disguise of a word meets it (see `display_names.reserved_word`).

Three reaches, from the most distinctive words to the most ordinary:
- RESERVED_ANYWHERE: refused wherever they appear, even glued to other letters (`xXadminXx`,
  `김관리자님`), except inside a BENIGN word (`badminton`);
- TOKEN: refused as a whole word, alone or with a team or honorific suffix (`[mod] 김철수`,
  `운영팀`, `시장님`), so that `model`, `모더니즘` or `카페 운영중` pass;
- RESERVED_WHOLE: refused only as the whole name (`시장` is also a market)."""

from __future__ import annotations

import re

from backend.accounts.confusables import skeleton

KOREAN_FAMILIES: dict[str, tuple[str, ...]] = {
    "관리": ("자", "인", "진", "팀", "실", "원"),
    "운영": ("자", "진", "팀", "실", "측", "위원", "봇"),
    "상담": ("사", "원", "선생", "쌤", "교사", "센터"),
    "모더": ("레이터", "레이션"),
    "공무": ("원",),
}
KOREAN = (
    "어드민", "스태프", "시스템", "공직자", "주무관", "사무관", "서기관", "서울시청",
    "서울특별시", "서울시장", "시장님", "공식계정", "공지사항", "오피셜", "고객센터",
)  # fmt: skip
ENGLISH = (
    "admin", "moderator", "moderation", "sysop", "webmaster", "official", "system",
    "cityhall", "seoulcity", "seoulgov", "seoulmetropolitan",
)  # fmt: skip
HANJA = (
    "管理", "運營", "運営", "运营", "公務員", "公务员", "市長", "市长", "市廳", "市厅",
    "市役所", "官方",
)  # fmt: skip
TOKEN_WORDS = (
    "mod", "gm", "gov", "staff", "mayor", "notice",
    "운영", "관리", "모더", "스탭", "공식", "직원", "시청", "서울시", "공지", "알림",
)  # fmt: skip
TOKEN_SUFFIXES = ("s", "es", "team", "bot", "님", "팀", "진", "실", "측", "봇", "입니다")
WHOLE = ("시장", "서울", "seoul")
BENIGN_WORDS = ("badminton", "ecosystem")


def family_words() -> tuple[str, ...]:
    """Every word refused anywhere, as written."""
    generated = tuple(
        stem + suffix for stem, suffixes in KOREAN_FAMILIES.items() for suffix in suffixes
    )
    return generated + KOREAN + ENGLISH + HANJA


RESERVED_ANYWHERE = frozenset(skeleton(word) for word in family_words())
RESERVED_WHOLE = frozenset(skeleton(word) for word in WHOLE)
BENIGN = frozenset(skeleton(word) for word in BENIGN_WORDS)


def _alternatives(words: tuple[str, ...]) -> str:
    # Longest first, so that a suffix such as "es" is tried before "s".
    return "|".join(re.escape(w) for w in sorted({skeleton(w) for w in words}, key=len)[::-1])


TOKEN = re.compile(
    f"(?:{_alternatives(TOKEN_WORDS)})(?:{_alternatives(TOKEN_WORDS + TOKEN_SUFFIXES)})*"
)
