"""Coverage of the source paper: every paragraph and every source-naming footnote is cited by a claim.

A paragraph (or footnote) counts as covered when some claim — a node of a subclass of ckg:Claim —
has prov:wasDerivedFrom a citation of UNODC/CND/ES/2021/2 that gives that ckg:paragraph (or
ckg:footnote). On failure the test prints what is uncited.
"""

from __future__ import annotations

PAPER_PARAGRAPHS = range(1, 52)

# Every numbered footnote of the paper names a source or a provision; the "Ibid." footnotes point to
# the one named just before them, so they count too. (The unnumbered asterisk footnote to the title,
# "UNODC/CND/ES/2021/1", cannot be given as a ckg:footnote integer and is not listed.)
SOURCE_FOOTNOTES = {
    1: "E/2019/28, chap. I, sect. B (2019 Ministerial Declaration)",
    2: "E/2009/28, chap. I, sect. C (2009 Political Declaration and Plan of Action)",
    3: "E/2014/28, chap. I, sect. C (2014 Joint Ministerial Statement)",
    4: "General Assembly resolution S-30/1, annex (2016 outcome document)",
    5: "Ibid. -> S-30/1, recommendation 3 (k)",
    6: "Ibid. -> S-30/1, recommendation 3 (l)",
    7: "Ibid. -> S-30/1, recommendation 3 (u)",
    8: "World Drug Report 2017, booklet 5",
    9: "Convention against Corruption, chapter III",
    10: "1988 Convention, art. 3, para. 1 (b)",
    11: "Organized Crime Convention, arts. 6 and 8",
    12: "Reed, U4 Issue 2009 no. 7, citing Buscaglia and van Dijk, Forum on Crime and Society (2003)",
    13: "UNODC and UNCTAD, conceptual framework for measuring illicit financial flows (2020)",
    14: "UNODC and Centre of Excellence, Latin America illicit financial flows pilot (October 2020)",
    15: "Global Report on Trafficking in Persons 2020",
    16: "Ibid. -> Global Report on Trafficking in Persons 2020, figure 9",
    17: "Global Study on Smuggling of Migrants 2018",
    18: "Global Study on Firearms Trafficking 2020",
    19: "S/2020/754",
    20: "Ibid. -> S/2020/754, paras. 1-5",
    21: "Ibid. -> S/2020/754, para. 6",
    22: "World Drug Report 2021, booklet 5, COVID-19 and Drugs: Impact and Outlook",
    23: "UNODC Drugs Monitoring Platform Brief (March 2021)",
    24: "UNODC research brief, The impact of COVID-19 on organized crime (July 2020)",
    25: "S-30/1, annex, recommendation 3 (o)",
    26: "Ibid. -> S-30/1, recommendation 3 (r)",
    27: "Ibid. -> S-30/1, recommendation 3 (s)",
    28: "E/2021/28, chap. I, sect. B, resolution 64/1, para. 6",
    29: "1988 Convention art. 1 (f); art. 2 (g) of the Corruption and Organized Crime Conventions",
    30: "UNODC, Estimating Illicit Financial Flows (2011)",
    31: "Europol, Does crime still pay? (2016)",
    32: "1988 Convention art. 1 (e); Commentary on the 1988 Convention (1998), para. 1.9",
    33: "UNODC confiscation manual; Barriers to Asset Recovery (World Bank, 2011); CAC/COSP/WG.2/2020/4",
    34: "Organized Crime Convention art. 7; FATF Best Practices on Beneficial Ownership (2019)",
    35: "UNODC confiscation manual (2012), para. 5",
    36: "1988 Convention art. 5, para. 3; Organized Crime Convention art. 12, para. 6; FATF recommendation 9",
    37: "UNODC confiscation manual, para. 46",
    38: "Ibid. -> UNODC confiscation manual, box 3",
    39: "UNODC, Manual on Mutual Legal Assistance and Extradition (2021), paras. 39-40",
    40: "CTOC/COP/WG.3/2021/2, para. 17",
    41: "Ibid. -> CTOC/COP/WG.3/2021/2, sect. IV",
    42: "S-30/1, annex, recommendation 5 (p)",
    43: "Ibid. -> S-30/1, recommendation 5 (q)",
    44: "Ibid. -> S-30/1, recommendation 5 (r)",
    45: "Ibid. -> S-30/1, recommendation 5 (s)",
    46: "Ibid. -> S-30/1, recommendation 5 (t)",
    47: "E/2021/28, chap. I, sect. B, resolution 64/1, para. 15",
    48: "Ibid. -> resolution 64/1, para. 31",
    49: "Ibid. -> resolution 64/1, para. 33",
    50: "World Drug Report 2021, booklet 1",
    51: "World Drug Report 2021, booklet 2",
    52: "Ibid. -> World Drug Report 2021, booklet 2",
    53: "Ibid. -> World Drug Report 2021, booklet 2",
    54: "Ibid. -> World Drug Report 2021, booklet 2",
    55: "Ibid. -> World Drug Report 2021, booklet 2",
    56: "World Drug Report 2021, booklet 5",
    57: "Ibid. -> World Drug Report 2021, booklet 5",
}

CITED = """SELECT DISTINCT ?number WHERE {
    ?claim a ?class ; prov:wasDerivedFrom ?citation .
    ?class rdfs:subClassOf* ckg:Claim .
    ?citation a ckg:Citation ; ckg:citedDocument ckr:unodc-cnd-es-2021-2 ; ckg:%s ?number }"""


def cited_numbers(store, rows, kind: str) -> set[int]:
    return {int(number) for (number,) in rows(store, CITED % kind)}


def test_every_paragraph_is_cited_by_a_claim(store, rows):
    uncited = sorted(set(PAPER_PARAGRAPHS) - cited_numbers(store, rows, "paragraph"))
    if uncited:
        print("paragraphs no claim cites:", ", ".join(map(str, uncited)))
    assert uncited == []


def test_every_source_footnote_is_cited_by_a_claim(store, rows):
    uncited = sorted(set(SOURCE_FOOTNOTES) - cited_numbers(store, rows, "footnote"))
    if uncited:
        print("footnotes no claim cites:")
        for number in uncited:
            print(f"  {number}: {SOURCE_FOOTNOTES[number]}")
    assert uncited == []


def test_the_footnote_list_covers_all_57_footnotes():
    assert sorted(SOURCE_FOOTNOTES) == list(range(1, 58))


def test_citations_defined_in_several_files_are_identical(store, rows):
    # The brief's rule: a citation IRI written in two files must have the same triples in both.
    differing = rows(
        store,
        """SELECT DISTINCT ?citation ?graph ?p ?o WHERE {
            GRAPH ?graph { ?citation a ckg:Citation ; ?p ?o }
            GRAPH ?other { ?citation a ckg:Citation }
            FILTER (?graph != ?other)
            FILTER NOT EXISTS { GRAPH ?other { ?citation ?p ?o } } }""",
    )
    for row in differing:
        print("only in one file:", *row)
    assert differing == []
