"""A synthetic review backlog, for trying the moderators' console and measuring its queue on a
realistic size (`cityhall seed --backlog N`, development only). The cases are about accounts
made for the purpose, which nobody can sign in to; their evidence is invented lines in the
city's spaces. Deterministic: the same N gives the same backlog."""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.accounts.models import User
from backend.core.db import utcnow
from moderation.models import Case, CaseStatus
from moderation.policy import SEVERITY, Category, priority

SUBJECTS = 200
SPACES = ("seoul-plaza", "event-hall", "ebook-library", "fintech-lab", "gyeongbokgung")
# Roughly what a city's reports look like: mostly mild, a few severe.
WEIGHTS = {
    Category.SPAM: 30,
    Category.INSULT: 25,
    Category.PROFANITY: 15,
    Category.HARASSMENT: 10,
    Category.PRIVACY: 5,
    Category.HATE: 5,
    Category.THREAT: 4,
    Category.IMPERSONATION: 3,
    Category.SEXUAL: 2,
    Category.OTHER: 1,
}
BATCH = 1000


async def seed_backlog(session: AsyncSession, *, cases: int, seed: int = 13) -> int:
    """Open `cases` undecided cases spread over the last 30 days; returns how many."""
    rng = random.Random(seed)  # noqa: S311 - invented data, not a secret
    now = utcnow()
    subjects = [
        {
            "id": uuid.UUID(int=rng.getrandbits(128), version=4),
            "email": f"backlog-{n:04d}-{seed}@backlog.invalid",
            "display_name": f"백로그 시민 {n:03d}",
            "locale": "ko",
            "status": "active",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(SUBJECTS)
    ]
    await session.execute(insert(User), subjects)
    categories, weights = list(WEIGHTS), list(WEIGHTS.values())
    rows = []
    for _ in range(cases):
        category = rng.choices(categories, weights)[0]
        rows.append(_case(rng, now, category, rng.choice(subjects)["id"]))
        if len(rows) == BATCH:
            await session.execute(insert(Case), rows)
            rows = []
    if rows:
        await session.execute(insert(Case), rows)
    return cases


def _case(rng: random.Random, now, category: Category, subject_id: uuid.UUID) -> dict:
    reports = rng.choice((1, 1, 1, 2, 3))
    weight = round(sum(rng.uniform(0.3, 1.0) for _ in range(reports)), 2)
    minor = rng.random() < 0.05
    opened = now - timedelta(minutes=rng.randrange(30 * 24 * 60))
    message_id = uuid.UUID(int=rng.getrandbits(128), version=4)
    space = rng.choice(SPACES)
    line = {
        "id": str(message_id),
        "sender_id": str(subject_id),
        "text": f"[backlog] {category.value} #{rng.randrange(10**6):06d}",
        "status": "visible",
        "created_at": opened.isoformat(),
    }
    return {
        "id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "target_type": "message",
        "target_id": message_id,
        "subject_id": subject_id,
        "category": category.value,
        "severity": SEVERITY[category],
        "status": CaseStatus.OPEN.value,
        "report_count": reports,
        "report_weight": weight,
        "involves_minor": minor,
        "priority": priority(
            severity=SEVERITY[category], report_weight=weight, involves_minor=minor
        ),
        "automatic": False,
        "held": False,
        "space": space,
        "evidence": {
            "message": line,
            "context": [line],
            "senders_in_context": [str(subject_id)],
            "space": space,
            "instance": 0,
            "youth": False,
        },
        "opened_at": opened,
    }
