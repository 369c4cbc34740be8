"""Presentation: sentences, house formats, charts, and what each section notebook shows."""
