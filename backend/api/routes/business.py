"""HTTP routes of services.business."""

from fastapi import APIRouter

router = APIRouter(prefix="/business", tags=["business"])
