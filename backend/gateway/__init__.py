"""The Socket.IO edge: thin handlers over the same domain services as the HTTP API."""
