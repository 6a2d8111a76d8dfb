"""schemathesis against our own OpenAPI schema, signed in as a user holding every staff role:
generated requests (valid and invalid) to every operation, then stateful sequences that follow
the links schemathesis infers between operations. No answer may be a 5xx or differ from the
schema (status code, body), and a request without the token, or with a bad one, must be refused
where the schema says a token is needed.

The requests go to the live uvicorn server of tests/conftest.py from a worker thread:
schemathesis' ASGI transport runs the app on a new event loop per request, which cannot use
the database connections pooled on the test's loop. Runs on SQLite only, to stay in the time
budget; the role matrix and the input tests run on both databases."""

from __future__ import annotations

import asyncio
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis.errors import FlakyStrategyDefinition
from schemathesis import GenerationMode
from schemathesis.checks import (
    ensure_resource_availability,
    ignored_auth,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    use_after_free,
)

from backend.core.ratelimit import MemoryRateLimiter
from backend.core.runtime import Runtime
from tests.conftest import MakeUser
from tests.security.conftest import STAFF_ROLES

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, ignored_auth]
STATEFUL_CHECKS = [*CHECKS, use_after_free, ensure_resource_availability]
# The caller's own session ends on these: the rest of the run would see only 401s.
SELF_ENDING = [("POST", "/api/v1/auth/logout"), ("DELETE", "/api/v1/users/me")]
EXAMPLES = 4
STATEFUL_STEPS = 30
STATEFUL_ATTEMPTS = 3


def _settings(max_examples: int, **extra: Any) -> hypothesis.settings:
    return hypothesis.settings(
        max_examples=max_examples,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        **extra,
    )


def _bearer(raw: dict[str, Any]) -> dict[str, Any]:
    """The schema with our OAuth2 password flow seen as what it is to a resource server, a
    bearer token in `Authorization`: schemathesis probes missing and bad credentials only for
    `http`, `apiKey` and `basic` schemes."""
    schemes = raw["components"]["securitySchemes"]
    for name in schemes:
        schemes[name] = {"type": "http", "scheme": "bearer"}
    return raw


def _fuzz(schema: schemathesis.BaseSchema, headers: dict[str, str], runtime: Runtime) -> list[str]:
    """Each operation's examples, valid and invalid; every operation's failure is collected."""
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        # The per-address write quota (its own tests) would answer 429 before the route.
        runtime.limiter = MemoryRateLimiter()
        strategy = operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
            GenerationMode.NEGATIVE
        )

        @_settings(EXAMPLES)
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        # schemathesis' FailureGroup is a BaseExceptionGroup.
        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    return failures


def _stateful(schema: schemathesis.BaseSchema, headers: dict[str, str]) -> None:
    class Machine(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"headers": headers}

        def validate_response(self, response: Any, case: schemathesis.Case, **kwargs: Any) -> None:
            case.validate_response(
                response,
                checks=STATEFUL_CHECKS,
                headers=headers,
                transport_kwargs=kwargs or None,
                recorder=self.recorder,
            )

    # The server keeps what earlier sequences created, so the same choices can find a bundle
    # (say, of created proposals) full in one sequence and empty in a later one; Hypothesis
    # then reports its own bookkeeping as FlakyStrategyDefinition. That is not a contract
    # failure (those raise schemathesis' failures), so the run is tried again.
    for attempt in range(STATEFUL_ATTEMPTS):
        try:
            Machine.run(settings=_settings(STATEFUL_STEPS, stateful_step_count=6))
        except FlakyStrategyDefinition:
            if attempt == STATEFUL_ATTEMPTS - 1:
                raise
        else:
            return


async def _schema(api, live) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(_bearer((await api.get("/openapi.json")).json()))
    schema.config.update(base_url=live.url)
    for method, path in SELF_ENDING:
        schema = schema.exclude(method=method, path=path)
    return schema


@pytest.fixture
async def everyone(make_user: MakeUser, catalog: None) -> dict[str, str]:
    return (await make_user(*STAFF_ROLES, display_name="모든 역할")).headers


async def test_every_operation_answers_as_its_schema_says(api, live, runtime: Runtime, everyone):
    failures = await asyncio.to_thread(_fuzz, await _schema(api, live), everyone, runtime)
    assert not failures, "\n\n".join(failures)


async def test_sequences_of_operations_answer_as_the_schema_says(api, live, everyone):
    await asyncio.to_thread(_stateful, await _schema(api, live), everyone)
