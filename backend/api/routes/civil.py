"""HTTP routes of services.civil."""

from fastapi import APIRouter

router = APIRouter(prefix="/civil", tags=["civil"])
