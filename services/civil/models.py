"""ORM models of services.civil."""
