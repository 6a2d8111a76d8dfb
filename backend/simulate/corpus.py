"""What simulated citizens say and write, in Korean and English. The abusive lines are ones
the ethics filter actually acts on (tests/test_simulate.py checks each against
moderation.screening): mild ones are delivered masked, severe ones refused."""

from __future__ import annotations

POLITE = (
    "안녕하세요! 서울광장 처음 와 봤어요.",
    "오늘 날씨 정말 좋네요.",
    "시청 민원실은 어디로 가면 되나요?",
    "전자도서관에 새 책이 들어왔대요.",
    "이번 주말 행사 같이 가실 분 계세요?",
    "따릉이 타고 한강 가고 싶다.",
    "서울빛초롱축제 정말 예뻤어요.",
    "경복궁 야간 개장 언제 하나요?",
    "여기 사람 많네요 ㅎㅎ",
    "제안 하나 올렸는데 공감 부탁드려요!",
    "Hello everyone, first time in Seoul Plaza!",
    "Does anyone know where the civil service center is?",
    "The lantern festival looks amazing this year.",
    "Just borrowed an e-book from the library, it was so easy.",
    "Is the town hall with the mayor starting soon?",
    "Greetings from Busan!",
    "How do I book a walking tour?",
    "Nice to meet you all.",
)

# Delivered with the offending words starred out (outside youth spaces).
MASKED = (
    "씨발 진짜 렉 걸리네",
    "아 시발 또 튕겼어",
    "this fucking lag again",
    "what the fuck is this queue",
    "존나 느리네 여기",
)

# Refused outright: threats, hate and sexual content.
REFUSED = (
    "죽여버린다 진짜",
    "I will kill you",
)

ABUSIVE = MASKED + REFUSED

PROPOSALS = (
    ("따릉이 대여소를 늘려 주세요", "시청 앞 광장 주변에 자전거 대여소가 부족합니다.", "transport"),
    (
        "공원에 그늘막을 더 설치해 주세요",
        "여름에 한강공원에서 쉴 곳이 너무 부족합니다.",
        "environment",
    ),
    (
        "어르신 디지털 교육을 늘려 주세요",
        "주민센터에서 스마트폰 교육을 더 자주 열어 주세요.",
        "education",
    ),
    (
        "More English signs at tourist sites",
        "Visitors get lost around the palaces at night.",
        "culture",
    ),
    ("Late-night buses on weekends", "Please add more night bus routes from Hongdae.", "transport"),
    (
        "청년 주거 지원을 확대해 주세요",
        "월세 지원 대상 소득 기준을 현실에 맞게 올려 주세요.",
        "housing",
    ),
)

DIRECT = (
    "안녕하세요, 아까 광장에서 봤어요!",
    "행사 같이 가실래요?",
    "Hi! Want to check out the library together?",
)
