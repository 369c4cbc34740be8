"""Inputs: read, normalise and validate the PHS files, the returns workbooks and the parameters (one InputError type)."""
