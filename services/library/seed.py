"""Demo catalog so a fresh e-book library has Korean and English titles on its shelves.
Idempotent: a title already in the catalog (same title and author) is left as it is."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.library.models import Book

# (title, author, language, licensed copies, description)
DEMO_BOOKS: list[tuple[str, str, str, int, str]] = [
    ("채식주의자", "한강", "ko", 3, "2016년 맨부커 인터내셔널 수상작. 세 편의 연작 소설."),
    ("소년이 온다", "한강", "ko", 2, "1980년 5월 광주를 기억하는 여섯 개의 목소리."),
    ("82년생 김지영", "조남주", "ko", 2, "한 여성의 평범한 삶을 통해 본 한국 사회."),
    ("아몬드", "손원평", "ko", 4, "감정을 느끼지 못하는 소년의 성장 이야기. 청소년 추천 도서."),
    ("불편한 편의점", "김호연", "ko", 3, "서울역 노숙인이 편의점 야간 알바를 하며 생기는 일들."),
    (
        "The Vegetarian",
        "Han Kang (tr. Deborah Smith)",
        "en",
        2,
        "Winner of the 2016 International Booker Prize.",
    ),
    ("Pachinko", "Min Jin Lee", "en", 2, "Four generations of a Korean family in Japan."),
    (
        "Kim Jiyoung, Born 1982",
        "Cho Nam-joo (tr. Jamie Chang)",
        "en",
        1,
        "An ordinary life that sparked a national conversation about gender in Korea.",
    ),
    ("서울 생활 안내서", "서울특별시", "ko", 50, "전입 신고부터 대중교통까지, 서울살이 첫걸음."),
    (
        "Living in Seoul: A Newcomer's Guide",
        "Seoul Metropolitan Government",
        "en",
        50,
        "Registration, transport, health care and culture for new residents.",
    ),
]


async def seed_demo(session: AsyncSession) -> None:
    """Add the demo titles that are not in the catalog yet."""
    existing = {
        (title, author) for title, author in await session.execute(select(Book.title, Book.author))
    }
    for title, author, language, copies, description in DEMO_BOOKS:
        if (title, author) in existing:
            continue
        session.add(
            Book(
                title=title,
                author=author,
                language=language,
                licensed_copies=copies,
                description=description,
            )
        )
    await session.flush()
