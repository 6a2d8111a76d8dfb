"""ORM models of services.library."""
