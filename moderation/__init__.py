"""The ethics module: text and image filters, reports, review, sanctions and appeals."""
