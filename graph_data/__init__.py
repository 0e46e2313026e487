"""The facts and how they grow.

- ``seed/*.ttl`` — the curated graph of the seed paper, one file (one named graph ``…/graph/seed/NAME``)
  per theme, every claim with paragraph provenance (conventions in ``README.md``);
- :mod:`.loader` — finding and parsing every file of the graph (ontology, seed, researchers' extensions)
  into :class:`.source.Source` objects, one named graph each; :mod:`.export` writes the graph out;
- :mod:`.extensions` — reading researchers' merged extensions from the data directory;
- :mod:`.curation` — how the graph grows: researchers' files checked and merged, and ``crimekg check``.
"""
