"""The catalog of civil services and the departments owning them: seeded from
data/catalog.json, read by everyone."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from pydantic import Field, field_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.core.pagination import paginate
from backend.core.schemas import InvalidCursor, Page, Schema, decode_cursor
from services.civil.exceptions import DepartmentNotFound, ServiceNotFound
from services.civil.forms import FormField, check_spec
from services.civil.models import Category, CivilService, Department
from services.civil.schemas import DepartmentRead, ServiceRead, ServiceSummary


class CatalogService(Schema):
    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)
    category: Category
    name_ko: str
    name_en: str
    description_ko: str
    description_en: str
    department: str
    deadline_days: int = Field(gt=0)
    form: list[FormField]

    @field_validator("form")
    @classmethod
    def _unique_fields(cls, form: list[FormField]) -> list[FormField]:
        check_spec(form)
        return form


class Catalog(Schema):
    departments: list[DepartmentRead]
    services: list[CatalogService]


@cache
def load_catalog() -> Catalog:
    """The catalog file, validated: a broken entry fails the seed, not a citizen's request."""
    raw = resources.files("services.civil").joinpath("data/catalog.json").read_text("utf-8")
    catalog = Catalog.model_validate(json.loads(raw))
    codes = {d.code for d in catalog.departments}
    for service in catalog.services:
        if service.department not in codes:
            raise ValueError(f"{service.slug}: unknown department {service.department}")
    return catalog


async def seed_catalog(session: AsyncSession) -> int:
    """Insert or update every department and service of the catalog; returns how many rows
    it wrote. Safe to run again: rows are matched by code and slug."""
    catalog = load_catalog()
    for dept in catalog.departments:
        await session.merge(Department(**dept.model_dump()))
    await session.flush()
    for entry in catalog.services:
        await session.merge(
            CivilService(
                **entry.model_dump(exclude={"department", "form"}),
                department_code=entry.department,
                form_schema=[f.model_dump(exclude_none=True) for f in entry.form],
            )
        )
    await session.flush()
    return len(catalog.departments) + len(catalog.services)


def _text_cursor(cursor: str | None) -> str | None:
    """Refuse a forged cursor carrying NUL: PostgreSQL rejects it in a text parameter, which
    the generic paginate would turn into a server error."""
    if cursor is not None and "\x00" in str(decode_cursor(cursor, 1)[0]):
        raise InvalidCursor()
    return cursor


async def list_departments(
    session: AsyncSession, *, cursor: str | None, limit: int
) -> Page[DepartmentRead]:
    """Departments by code."""
    rows, next_cursor = await paginate(
        session,
        select(Department),
        keys=(Department.code,),
        cursor=_text_cursor(cursor),
        limit=limit,
    )
    return Page(items=[DepartmentRead.model_validate(r) for r in rows], next_cursor=next_cursor)


async def get_department(session: AsyncSession, code: str) -> Department:
    department = await session.get(Department, code)
    if department is None:
        raise DepartmentNotFound()
    return department


async def list_services(
    session: AsyncSession, *, category: Category | None, cursor: str | None, limit: int
) -> Page[ServiceSummary]:
    """The catalog by slug, optionally of one category."""
    statement = select(CivilService)
    if category is not None:
        statement = statement.where(CivilService.category == category.value)
    rows, next_cursor = await paginate(
        session, statement, keys=(CivilService.slug,), cursor=_text_cursor(cursor), limit=limit
    )
    return Page(items=[ServiceSummary.model_validate(r) for r in rows], next_cursor=next_cursor)


async def get_service(session: AsyncSession, slug: str) -> CivilService:
    service = await session.get(CivilService, slug)
    if service is None:
        raise ServiceNotFound()
    return service


def form_of(service: CivilService) -> list[FormField]:
    return [FormField.model_validate(f) for f in service.form_schema]


async def service_detail(session: AsyncSession, *, slug: str) -> ServiceRead:
    """One service with its owning department and its form."""
    service = await get_service(session, slug)
    department = await get_department(session, service.department_code)
    return ServiceRead(
        **ServiceSummary.model_validate(service).model_dump(),
        description_ko=service.description_ko,
        description_en=service.description_en,
        department=DepartmentRead.model_validate(department),
        form=form_of(service),
    )
