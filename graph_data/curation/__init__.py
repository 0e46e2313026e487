"""How the graph grows: researchers' files checked and merged as extensions, and the whole-graph check.

- reading files: :mod:`.addition` (RDF) and :mod:`.tabular` with :mod:`.columns`, :mod:`.rows`,
  :mod:`.converters` (the spreadsheet templates in ``templates/``), names resolved by :mod:`.lookup`;
- checking an addition: :mod:`.lint` (terms and values), :mod:`.neighbourhood` (SHACL, OWL and QC on the
  addition and what it touches, using the on-disk :mod:`.index` of the graph);
- merging: :mod:`.merge` (``crimekg add`` / ``extensions remove``) over the all-or-nothing
  :mod:`.commit` to the extension registry (read by :mod:`graph_data.extensions`);
- :mod:`.check` — ``crimekg check``: load → SHACL → OWL → QC over the whole graph.
"""
