"""Benchmarks that print figures. `make bench` runs every bench/bench_*.py module's main()."""
