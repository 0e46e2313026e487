"""`crimekg serve`: the graph over HTTP — the SPARQL 1.1 Protocol endpoint, the query page, linked-data
resource pages, the service description and the explorer's static pages.

The server (:mod:`.server`) hands each request to the handler (:mod:`.handler`); queries pass the guard
(:mod:`queries.guard`) and run in killable worker processes (:mod:`.workers`); content negotiation is
:mod:`.protocol`, result writing with caps :mod:`.results`, pages :mod:`.pages` and :mod:`.description`.
Nothing outside this package imports HTTP code.
"""
