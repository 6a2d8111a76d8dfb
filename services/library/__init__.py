"""The e-book library: catalog, loans limited by licensed copies, due dates and holds."""
