"""One envelope for every error: {"error": {"code", "message", "details"?}}."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DBAPIError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from backend.core.errors import AppError

logger = logging.getLogger(__name__)

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


class ErrorBody(BaseModel):
    code: str
    message: str
    details: object = None


class ErrorEnvelope(BaseModel):
    """The shape of every error answer."""

    error: ErrorBody


# Declared on every API route, so clients (and schemathesis) know every 4xx carries the envelope:
# a range instead of a list of codes, since which of 401/403/404/409/413/422/429 a route can
# answer depends on its dependencies and services.
ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    "4XX": {"model": ErrorEnvelope, "description": "The request was refused; see `error.code`."}
}


def _envelope(
    status: int,
    code: str,
    message: str,
    details: object = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, object] = {"code": code, "message": message}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


async def _app_error(_request: Request, exc: AppError) -> JSONResponse:
    return JSONResponse({"error": exc.to_dict()}, status_code=exc.status, headers=exc.headers)


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]
    return _envelope(422, "invalid_request", "The request is not valid.", jsonable_encoder(errors))


async def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
    code = HTTP_CODES.get(exc.status_code, "http_error")
    return _envelope(exc.status_code, code, str(exc.detail), headers=exc.headers)


async def _integrity_error(request: Request, exc: IntegrityError) -> JSONResponse:
    # A constraint caught a concurrent write the service did not lock against: nothing was
    # committed, and retrying sees the other write.
    logger.warning("constraint refused %s %s: %s", request.method, request.url.path, exc.orig)
    return _envelope(409, "conflict", "Someone else changed this at the same time; try again.")


# PostgreSQL stores no NUL character in text (22021) or JSON (22P05); SQLite does. Such input is
# the caller's mistake, found only when the statement runs: nothing was committed.
UNSTORABLE_TEXT = {"22021", "22P05"}


async def _database_error(request: Request, exc: DBAPIError) -> JSONResponse:
    if getattr(exc.orig, "sqlstate", None) in UNSTORABLE_TEXT:
        return _envelope(422, "invalid_text", "Text may not contain NUL characters.")
    return await _unexpected(request, exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return _envelope(500, "internal_error", "Something went wrong on our side.")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppError, _app_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(DBAPIError, _database_error)
    app.add_exception_handler(Exception, _unexpected)
