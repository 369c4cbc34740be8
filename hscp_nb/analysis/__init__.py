"""Analysis: pure functions from tidy tables to numbers and verdicts. No English, no HTML, no files."""
