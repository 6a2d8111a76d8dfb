"""Chat: space messages, direct conversations and personal block lists."""
