"""Looking at the graph: the interactive explorer pages and the network exports.

Graph → :mod:`.index` (what the SPARQL of ``sparql/`` returns) → :mod:`.model` (a typed networkx graph
with evidence for every node and edge) → :mod:`.views` (the five views, each a subgraph) →
:mod:`.layout` and :mod:`.render` (pyvis pages with an inlined vis-network, offline) → :mod:`.site`;
:mod:`.export` writes GraphML, GEXF and JSON for Gephi or Cytoscape.
"""
