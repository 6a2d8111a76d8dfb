"""The kernel every package may import; it imports no domain."""
