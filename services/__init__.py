"""Municipal service domains (civil, proposals, counseling, library, events, business); each
is independent of the others."""
