"""Asking the graph: the questions and the engines that answer them.

- ``catalogue/*.rq`` — the catalogue of questions, one per file with a ``#+ summary:`` header
  (:mod:`.catalog` reads them; the derivation rules of ``ontology/derivations`` are listed too);
- :mod:`.store` — :class:`~queries.store.GraphStore` over the embedded pyoxigraph engine
  (:mod:`.embedded`) or any SPARQL 1.1 endpoint (:mod:`.remote`), behind the interface :mod:`.engine`;
- :mod:`.api` — ``rows()`` / ``dataframe()`` for Python users; :mod:`.formats` — tables, CSV, JSON, Turtle;
- :mod:`.sparql_text` and :mod:`.guard` — reading SPARQL text: binding values, refusing ``SERVICE``/``LOAD``;
- :mod:`.endpoint` — ``crimekg serve``, the graph over HTTP.
"""
