"""HTTP routes of services.proposals."""

from fastapi import APIRouter

router = APIRouter(prefix="/proposals", tags=["proposals"])
