"""Periodic jobs keep running through failures."""

import asyncio

from backend.housekeeping import every


async def test_a_failing_job_is_retried_on_schedule():
    runs = []
    third = asyncio.Event()

    async def job():
        runs.append(len(runs))
        if len(runs) == 3:
            third.set()
        if len(runs) == 1:
            raise RuntimeError("database restarting")

    task = asyncio.create_task(every(0.01, job, "test"))
    await asyncio.wait_for(third.wait(), 5)
    task.cancel()
    assert runs[:3] == [0, 1, 2]
