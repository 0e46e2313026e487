"""Benchmarks of crimekg: what it costs as the graph grows, side by side with rdflib and Oxigraph server.

Run them with ``python -m benchmarks.run`` (see docs/benchmarks.md). Not part of the installed package.
"""
