"""HTTP routes of services.events."""

from fastapi import APIRouter

router = APIRouter(prefix="/events", tags=["events"])
