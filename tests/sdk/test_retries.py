"""The SDK retries what is safe to repeat: reads, and creates it sends with an Idempotency-Key,
whose repeat the server answers with the first answer. An answer lost after the server did the
work (a connection cut, a proxy's 503) leaves one request filed, not two."""

from __future__ import annotations

import httpx
import pytest

from backend.core.runtime import Runtime
from cityhall_client import CityHallClient
from cityhall_client.models import Report
from cityhall_client.transport import parse
from services.civil.catalog import seed_catalog
from tests.sdk.conftest import MakeClient

TAX_FORM = {"tax_type": "property", "tax_year": 2025, "details": "재산세 납부 여부 확인"}


class LosesAnswers(httpx.AsyncBaseTransport):
    """Lets requests reach the server but loses the answer of the first `count` POSTs, as a
    connection cut after the server committed would, or turns them into a proxy's 503."""

    def __init__(self, count: int, *, as_503: bool = False) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.left = count
        self.as_503 = as_503
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = await self.inner.handle_async_request(request)
        if request.method != "POST" or self.left == 0:
            return response
        self.left -= 1
        await response.aread()
        await response.aclose()
        if self.as_503:
            return httpx.Response(503, headers={"Retry-After": "0"}, text="Bad Gateway")
        raise httpx.ReadError("connection lost before the answer", request=request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def _losing(client: CityHallClient, transport: LosesAnswers) -> None:
    client.transport.http = httpx.AsyncClient(base_url=client.base_url, transport=transport)


@pytest.fixture(autouse=True)
async def catalog(runtime: Runtime) -> None:
    async with runtime.db.session_scope() as session:
        await seed_catalog(session)


async def test_a_request_whose_answer_was_lost_is_filed_once(citizen: MakeClient) -> None:
    kim, _ = await citizen()
    lossy = LosesAnswers(2)
    _losing(kim, lossy)

    filed = await kim.civil.file("local-tax-payment-inquiry", TAX_FORM)

    assert [r.id for r in (await kim.civil.mine()).items] == [filed.id]
    posts = [r for r in lossy.requests if r.method == "POST"]
    assert len(posts) == 3
    assert len({r.headers["Idempotency-Key"] for r in posts}) == 1


async def test_a_proxy_503_after_the_commit_is_retried_safely(citizen: MakeClient) -> None:
    (kim, _), (_, lee) = await citizen(), await citizen()
    _losing(kim, LosesAnswers(1, as_503=True))
    report = await kim.report("user", lee.id, "spam")
    mine = parse(list[Report], await kim.transport.request("GET", "/reports/mine"))
    assert [r.id for r in mine] == [report.id]


async def test_a_request_without_a_key_is_not_repeated(citizen: MakeClient) -> None:
    kim, _ = await citizen()
    proposal = await kim.proposals.submit("광장 그늘막", "여름에 그늘막이 필요합니다.", "welfare")
    lee, _ = await citizen()
    lossy = LosesAnswers(1)
    _losing(lee, lossy)
    with pytest.raises(httpx.ReadError):
        await lee.proposals.endorse(proposal.id)
    assert len(lossy.requests) == 1
