"""Inputs: read, normalise and validate the PHS files, returns workbooks and parameters (one InputError type)."""
