"""Products beyond the report: the benchmarking pack for board papers and the explorer for analysts."""
