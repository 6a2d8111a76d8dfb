"""HTTP routes of services.counseling."""

from fastapi import APIRouter

router = APIRouter(prefix="/counseling", tags=["counseling"])
