"""ORM models of services.events."""
