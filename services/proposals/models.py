"""ORM models of services.proposals."""
