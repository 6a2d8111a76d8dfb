"""The ethics module: text and image filters, reports, review, sanctions and appeals.

Public API for the rest of the platform: `screen_text` (moderation.screening) and
`active_sanction` (moderation.sanctions)."""
