"""cityhall_client: the Python SDK of cityhall (REST with httpx, realtime with python-socketio).

It imports nothing of the server, so a bot, a test harness or a load generator can use it
alone. See docs/sdk.md."""

from cityhall_client.client import CityHallClient
from cityhall_client.errors import CityHallError, Disconnected
from cityhall_client.live import Live
from cityhall_client.models import ChatTranslation, Message, SentMessage

__all__ = [
    "ChatTranslation",
    "CityHallClient",
    "CityHallError",
    "Disconnected",
    "Live",
    "Message",
    "SentMessage",
]
