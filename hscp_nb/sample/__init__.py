"""The synthetic sample: every input file of the toolkit, made up, seeded and reproducible byte for byte."""
