"""`@idempotent`: the `Idempotency-Key` header on routes that create.

```python
@router.post("/requests", status_code=201, response_model=RequestDetail)
@idempotent
async def submit_request(data: RequestCreate, session: SessionDep, actor: CurrentActor): ...
```

With the header, the route's answer is stored with the key in the route's own unit of work,
and a retry with the same key (same user) is answered the stored status and body, byte for
byte, with `Idempotent-Replayed: true`. The same key with another method, path or body is
`idempotency_key_reused` (422). Without the header the route behaves as before."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, get_type_hints

from fastapi import Header, Request, Response
from fastapi.routing import APIRoute, serialize_response
from pydantic import BaseModel

from backend.core import idempotency

KEY_DESCRIPTION = (
    "Makes a retry safe: a request repeated with the same key by the same user is answered "
    "the first answer (same status and body, header `Idempotent-Replayed: true`) instead of "
    "creating again, for at least 24 hours. Use a fresh UUID per operation. Reusing a key "
    "for a different request is refused (422 `idempotency_key_reused`)."
)
KeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description=KEY_DESCRIPTION,
    ),
]
REPLAYED = "Idempotent-Replayed"
Endpoint = Callable[..., Awaitable[Any]]


def idempotent(endpoint: Endpoint) -> Endpoint:
    """Accept `Idempotency-Key` on a create route taking `session` and `actor`."""
    hints = get_type_hints(endpoint, include_extras=True)
    signature = inspect.signature(endpoint)
    if not {"session", "actor"} <= signature.parameters.keys():
        raise TypeError(f"{endpoint.__name__} needs `session` and `actor` parameters")

    @functools.wraps(endpoint)
    async def route(
        *args: Any, idempotency_request: Request, idempotency_key: str | None = None, **kwargs: Any
    ) -> Any:
        if idempotency_key is None:
            return await endpoint(*args, **kwargs)
        session, actor = kwargs["session"], kwargs["actor"]
        url = idempotency_request.url
        claimed = await idempotency.claim(
            session,
            user_id=actor.id,
            key=idempotency_key,
            fingerprint=idempotency.fingerprint(
                idempotency_request.method, url.path, url.query, _payload(kwargs)
            ),
        )
        if isinstance(claimed, idempotency.Answer):
            return _response(claimed, replayed=True)
        try:
            result = await endpoint(*args, **kwargs)
        except Exception as exc:
            if getattr(exc, "commit_before_raise", False):
                await idempotency.release(session, claimed)
            raise
        answer = await _answer(idempotency_request.scope["route"], result)
        idempotency.record(claimed, answer)
        return _response(answer, replayed=False)

    parameters = [
        param.replace(annotation=hints.get(name, param.annotation))
        for name, param in signature.parameters.items()
    ]
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters += [
        inspect.Parameter("idempotency_request", keyword, annotation=Request),
        inspect.Parameter("idempotency_key", keyword, default=None, annotation=KeyHeader),
    ]
    route.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=parameters, return_annotation=hints.get("return", signature.return_annotation)
    )
    return route


def _payload(arguments: dict[str, Any]) -> list[Any]:
    """The request's bodies, as parsed (a retry may space its JSON differently)."""
    return [v.model_dump(mode="json") for v in arguments.values() if isinstance(v, BaseModel)]


async def _answer(route: APIRoute, result: Any) -> idempotency.Answer:
    """The body FastAPI would send for `result`, serialised the same way."""
    body = await serialize_response(
        field=route.response_field,
        response_content=result,
        include=route.response_model_include,
        exclude=route.response_model_exclude,
        by_alias=route.response_model_by_alias,
        exclude_unset=route.response_model_exclude_unset,
        exclude_defaults=route.response_model_exclude_defaults,
        exclude_none=route.response_model_exclude_none,
        dump_json=True,
    )
    return idempotency.Answer(route.status_code or 200, bytes(body).decode())


def _response(answer: idempotency.Answer, *, replayed: bool) -> Response:
    headers = {REPLAYED: "true"} if replayed else None
    return Response(
        answer.body, status_code=answer.status_code, media_type="application/json", headers=headers
    )
