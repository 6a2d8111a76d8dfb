"""ORM models of services.counseling."""
