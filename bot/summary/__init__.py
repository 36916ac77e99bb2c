"""The staff summary of a meeting: wheel SVGs, the page's view model, CSV export (pure, reusable parts)."""
