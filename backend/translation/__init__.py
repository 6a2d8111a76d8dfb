"""Chat translation: language detection, providers behind one interface, each message
translated once per language."""
