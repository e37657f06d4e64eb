"""Machine-readable twins of the finder: iCalendar and GeoJSON feeds. See docs/feeds.md."""
