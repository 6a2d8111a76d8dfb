"""The HTTP edge: thin routes over the domain services."""
