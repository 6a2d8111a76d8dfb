"""City events: schedule, RSVPs with capacity and a waiting list, and check-in on arrival."""
