"""Personal data (PIPA): the encrypted profile, consents, the document vault, the staff
access log, and the purges that keep each for no longer than needed."""
