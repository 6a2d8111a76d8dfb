"""ORM models of services.business."""
