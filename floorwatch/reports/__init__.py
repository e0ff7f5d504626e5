"""Reports that travel (`spec/reports.md`): team and floor packs laid out from check results.

Nothing here computes a KPI: `gather` runs `run_check` (and reads the engine's trend
series), `pack_data` lays the results out as plain data, and one module per format writes it.
"""
