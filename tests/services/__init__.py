"""Tests of the municipal services; each package lists its routes for the access matrix."""

from tests.services.business import routes as business
from tests.services.civil import routes as civil
from tests.services.counseling import routes as counseling
from tests.services.events import routes as events
from tests.services.library import routes as library
from tests.services.proposals import routes as proposals

_ALL = (civil, proposals, counseling, library, events, business)
SERVICE_PROTECTED = [route for module in _ALL for route in module.PROTECTED]
SERVICE_PUBLIC = {route for module in _ALL for route in module.PUBLIC}
