"""Youth counseling: availability, bookings, anonymous cases and safeguarding."""
