"""Spaces: the catalog of virtual places citizens enter."""
