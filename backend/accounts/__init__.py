"""Accounts: users, roles, sessions and authentication."""
