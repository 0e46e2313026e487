"""Competency questions over sources, crime types, alignments, linkages, section II and the challenges.

Each test asks one question an analyst would ask, in SPARQL, and compares the answer with rows written
from reading UNODC/CND/ES/2021/2 (and, for alignments, crimekg's reference tables). Where the answer is a
claim of the paper, the expected rows include the paragraph (and footnote) that states it.
``store`` and ``rows`` come from tests/seed/conftest.py.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------------
# Sources: the paper, the documents it cites, organizations, meetings, the SDG indicator
# --------------------------------------------------------------------------------------------------


def test_paper_has_its_symbol_publisher_and_year(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?id ?publisher ?year WHERE {
            ckr:unodc-cnd-es-2021-2 a ckg:Document ; dcterms:identifier ?id ;
                ckg:publishedBy ?publisher ; dcterms:issued ?year }""",
    ) == [("UNODC/CND/ES/2021/2", "ckr:unodc", "2021")]


def test_un_document_symbols_of_the_cited_documents(store, rows):
    # Footnotes *, 1–3, 19, 28/47, 33 and 40–41 cite these documents by symbol (the instruments, such as
    # A/RES/S-30/1, are legal instruments and not asked for here).
    assert rows(
        store,
        """SELECT DISTINCT ?doc ?id WHERE {
            ?doc a ckg:Document ; dcterms:identifier ?id .
            FILTER NOT EXISTS { ?doc a/rdfs:subClassOf* ckg:LegalInstrument } }""",
    ) == [
        ("ckr:cac-cosp-wg2-2020-4", "CAC/COSP/WG.2/2020/4"),
        ("ckr:ctoc-cop-wg3-2021-2", "CTOC/COP/WG.3/2021/2"),
        ("ckr:e-2009-28", "E/2009/28"),
        ("ckr:e-2014-28", "E/2014/28"),
        ("ckr:e-2019-28", "E/2019/28"),
        ("ckr:e-2021-28", "E/2021/28"),
        ("ckr:s-2020-754", "S/2020/754"),
        ("ckr:unodc-cnd-es-2021-1", "UNODC/CND/ES/2021/1"),
        ("ckr:unodc-cnd-es-2021-2", "UNODC/CND/ES/2021/2"),
    ]


def test_world_drug_report_2021_booklets_and_their_titles(store, rows):
    # Footnotes 50 (booklet 1), 51 (booklet 2) and 22 (booklet 5; footnote 56 gives no title).
    assert rows(
        store,
        """SELECT DISTINCT ?booklet ?title WHERE {
            ?booklet ckg:partOf ckr:wdr-2021 ; dcterms:title ?title }""",
    ) == [
        ("ckr:wdr-2021-booklet-1", "Executive Summary: Policy Implications"),
        ("ckr:wdr-2021-booklet-2", "Global Overview of Drug Demand and Drug Supply"),
        ("ckr:wdr-2021-booklet-5", "COVID-19 and Drugs: Impact and Outlook"),
    ]


def test_documents_by_year_of_issue_before_2010(store, rows):
    # Footnote 32 (Commentary, 1998), 12 (Forum on Crime and Society, 2003; U4 Issue, 2009), 2 (E/2009/28).
    assert rows(
        store,
        """SELECT DISTINCT ?doc ?year WHERE {
            ?doc a ckg:Document ; dcterms:issued ?year .
            FILTER NOT EXISTS { ?doc a/rdfs:subClassOf* ckg:LegalInstrument }
            FILTER (STR(?year) < "2010") }""",
    ) == [
        ("ckr:commentary-1988-convention", "1998"),
        ("ckr:e-2009-28", "2009"),
        ("ckr:forum-crime-society-2003", "2003"),
        ("ckr:u4-squeezing-a-balloon-2009", "2009"),
    ]


def test_sdg_indicator_16_4_1_custodians_cite_paragraph_11(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?custodian ?paragraph ?footnote ?source WHERE {
            ckr:sdg-indicator-16-4-1 ckg:custodian ?custodian .
            ?finding a ckg:Finding ; ckg:concerns ckr:sdg-indicator-16-4-1 , ?custodian ;
                ckg:period "since 2017" ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:footnote ?footnote ; ckg:secondarySource ?source }""",
    ) == [
        ("ckr:unctad", "11", "13", "ckr:iff-conceptual-framework-2020"),
        ("ckr:unodc", "11", "13", "ckr:iff-conceptual-framework-2020"),
    ]


def test_thematic_discussions_2021_run_from_19_to_21_october(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?body ?start ?end WHERE {
            ckr:thematic-discussions-2021 a ckg:Meeting ; ckg:heldBy ?body ;
                ckg:startDate ?start ; ckg:endDate ?end }""",
    ) == [("ckr:cnd", "2021-10-19", "2021-10-21")]


# --------------------------------------------------------------------------------------------------
# Crime types and alignments
# --------------------------------------------------------------------------------------------------


def test_forms_of_corruption(store, rows):
    assert rows(store, "SELECT DISTINCT ?c WHERE { ?c a ckg:CrimeType ; skos:broader ckr:corruption }") == [
        ("ckr:abuse-of-functions",),
        ("ckr:bribery",),
        ("ckr:embezzlement",),
        ("ckr:trading-in-influence",),
    ]


def test_crime_types_are_found_by_their_synonyms(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?synonym ?c WHERE {
            VALUES ?synonym { "TIP" "migrant smuggling" "arms trafficking" "AML" "terrorist financing"
                              "human trafficking" "drug-related crime" }
            ?c a ckg:CrimeType ; skos:altLabel ?label . FILTER (STR(?label) = ?synonym) }""",
    ) == [
        ("AML", "ckr:money-laundering"),
        ("TIP", "ckr:trafficking-in-persons"),
        ("arms trafficking", "ckr:firearms-trafficking"),
        ("drug-related crime", "ckr:drug-offences"),
        ("human trafficking", "ckr:trafficking-in-persons"),
        ("migrant smuggling", "ckr:smuggling-of-migrants"),
        ("terrorist financing", "ckr:financing-of-terrorism"),
    ]


def test_every_crime_type_is_defined_in_the_one_scheme(store, rows):
    assert (
        rows(
            store,
            """SELECT DISTINCT ?c WHERE { ?c a ckg:CrimeType .
            FILTER NOT EXISTS { ?c skos:inScheme ckr:crime-types ; skos:definition ?d } }""",
        )
        == []
    )
    assert rows(store, "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a ckg:CrimeType }") == [("32",)]


def test_drug_trafficking_narrows_drug_offences_and_splits_by_substance_class(store, rows):
    # Paragraph 8 distinguishes trafficking in narcotic drugs from trafficking in psychotropic substances.
    assert rows(
        store,
        """SELECT DISTINCT ?c ?parent WHERE {
            ?c skos:broader ?parent . VALUES ?parent { ckr:drug-offences ckr:drug-trafficking } }""",
    ) == [
        ("ckr:drug-trafficking", "ckr:drug-offences"),
        ("ckr:illicit-drug-production", "ckr:drug-offences"),
        ("ckr:precursor-diversion", "ckr:drug-offences"),
        ("ckr:trafficking-in-narcotic-drugs", "ckr:drug-trafficking"),
        ("ckr:trafficking-in-psychotropic-substances", "ckr:drug-trafficking"),
    ]


def test_no_iccs_code_for_drug_trafficking(store, rows):
    # classifications.md: no confirmed sub-code of 0601 for drug trafficking (U), so only the broad match.
    assert rows(
        store,
        """SELECT DISTINCT ?mapping ?code WHERE {
            ckr:drug-trafficking ?mapping ?iccs . ?iccs skos:inScheme ckr:iccs ; skos:notation ?code }""",
    ) == [("http://www.w3.org/2004/02/skos/core#broadMatch", "0601")]


def test_no_iccs_code_for_unconfirmed_rows(store, rows):
    # U rows: 07033/07034 (abuse of functions / trading in influence), cultural property, counterfeiting.
    assert (
        rows(
            store,
            """SELECT DISTINCT ?c ?code WHERE {
            VALUES ?c { ckr:abuse-of-functions ckr:trading-in-influence ckr:trafficking-in-cultural-property
                        ckr:trafficking-in-counterfeit-goods }
            ?c ?mapping ?iccs . ?iccs skos:inScheme ckr:iccs ; skos:notation ?code .
            FILTER (?mapping IN (skos:exactMatch, skos:closeMatch)) }""",
        )
        == []
    )
    assert (
        rows(
            store,
            """SELECT DISTINCT ?code WHERE { ?x skos:inScheme ckr:iccs ; skos:notation ?code .
            FILTER (?code IN ("07033", "07034", "07023", "0704", "0805", "0905", "0906")) }""",
        )
        == []
    )


def test_iccs_codes_and_their_verification_status(store, rows):
    # Every V and V* row of classifications.md that crimekg uses; V* only for 07032 and 07035 (OAS id=68).
    assert rows(
        store,
        """SELECT DISTINCT ?code ?status WHERE {
            ?x skos:inScheme ckr:iccs ; skos:notation ?code ; ckg:verificationStatus ?s .
            ?s skos:notation ?status . FILTER (STRLEN(?code) > 2) }""",
    ) == sorted(
        [
            (code, "V")
            for code in "0202 02022 020221 0204 02041 02042 0401 0601 0701 0703 07031 07041 "
            "08051 09012 0903 09031 09051 09061 09062 1004".split()
        ]
        + [("07032", "V*"), ("07035", "V*")]
    )


def test_exact_iccs_matches_of_crime_types(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?c ?code WHERE {
            ?c a ckg:CrimeType ; skos:exactMatch ?iccs .
            ?iccs skos:inScheme ckr:iccs ; skos:notation ?code }""",
    ) == [
        ("ckr:bribery", "07031"),
        ("ckr:corruption", "0703"),
        ("ckr:drug-offences", "0601"),
        ("ckr:embezzlement", "07032"),
        ("ckr:financing-of-terrorism", "09062"),
        ("ckr:fraud", "0701"),
        ("ckr:money-laundering", "07041"),
        ("ckr:robbery", "0401"),
        ("ckr:smuggling-of-migrants", "08051"),
        ("ckr:trafficking-in-persons", "0204"),
        ("ckr:trafficking-in-persons-for-forced-labour", "02042"),
        ("ckr:trafficking-in-persons-for-sexual-exploitation", "02041"),
    ]


def test_terrorism_close_match_is_09061_read_from_oas_glossary_id_80(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?code ?label ?locator WHERE {
            ckr:terrorism skos:closeMatch ?iccs . ?iccs skos:inScheme ckr:iccs ; skos:notation ?code ;
                skos:prefLabel ?label ; prov:wasDerivedFrom ?c . ?c ckg:locator ?locator }""",
    ) == [("09061", "Participation in a terrorist group", "OAS glossary id=80")]


def test_sherloc_facets_matched_by_crime_types(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?c ?facet WHERE {
            ?c a ckg:CrimeType ; skos:closeMatch ?f .
            ?f skos:inScheme ckr:sherloc-crime-types ; skos:prefLabel ?facet }""",
    ) == [
        ("ckr:corruption", "corruption"),
        ("ckr:cybercrime", "cybercrime"),
        ("ckr:drug-offences", "drug offences"),
        ("ckr:firearms-trafficking", "trafficking in firearms"),
        ("ckr:money-laundering", "money laundering"),
        ("ckr:organized-crime", "participation in an organized criminal group"),
        ("ckr:smuggling-of-migrants", "smuggling of migrants"),
        ("ckr:terrorism", "terrorism"),
        ("ckr:trafficking-in-counterfeit-goods", "counterfeiting"),
        ("ckr:trafficking-in-cultural-property", "trafficking in cultural property"),
        ("ckr:trafficking-in-persons", "trafficking in persons"),
    ]


# --------------------------------------------------------------------------------------------------
# Linkages
# --------------------------------------------------------------------------------------------------


def test_enablers_of_drug_trafficking_per_paragraph_10(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?enabler ?l ?paragraph WHERE {
            ?l a ckg:Linkage ; ckg:fromCrime ?enabler ; ckg:toCrime ckr:drug-trafficking ;
               ckg:nature ckr:nature-enabling ; prov:wasDerivedFrom/ckg:paragraph ?paragraph }""",
    ) == [
        ("ckr:corruption", "ckr:linkage-corruption-enables-drug-trafficking", "10"),
        ("ckr:corruption", "ckr:linkage-corruption-facilitates-organized-crime", "10"),
        ("ckr:money-laundering", "ckr:linkage-money-laundering-enables-drug-trafficking", "10"),
    ]


def test_state_capture_rests_on_u4_paper_citing_forum_article_footnote_12(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?l ?footnote ?source WHERE {
            ?l a ckg:Linkage ; ckg:nature ckr:nature-state-capture ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph 10 ; ckg:footnote ?footnote ; ckg:secondarySource ?source }""",
    ) == [
        ("ckr:linkage-corruption-state-capture", "12", "ckr:forum-crime-society-2003"),
        ("ckr:linkage-corruption-state-capture", "12", "ckr:u4-squeezing-a-balloon-2009"),
    ]


def test_tip_drug_links_depend_on_group_scale_per_paragraph_12(store, rows):
    # Large groups: regularly; small or opportunistic ones: less likely; overall: varies with scale.
    assert rows(
        store,
        """SELECT DISTINCT ?prevalence ?paragraph ?footnote WHERE {
            ?l a ckg:Linkage ; ckg:involves ckr:trafficking-in-persons , ckr:drug-trafficking ;
               ckg:prevalence ?prevalence ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:footnote ?footnote . FILTER (?paragraph = 12) }""",
    ) == [
        ("ckr:prevalence-less-likely", "12", "15"),
        ("ckr:prevalence-regular", "12", "15"),
        ("ckr:prevalence-varies", "12", "15"),
    ]


def test_migrant_smuggling_links_are_exceptional_per_paragraph_13(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?l ?paragraph ?footnote ?source WHERE {
            ?l a ckg:Linkage ; ckg:involves ckr:smuggling-of-migrants ;
               ckg:prevalence ckr:prevalence-exceptional ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:footnote ?footnote ; ckg:secondarySource ?source }""",
    ) == [
        (
            "ckr:linkage-migrant-smugglers-not-systematically-drug-traffickers",
            "13",
            "17",
            "ckr:smuggling-study-2018",
        ),
        ("ckr:linkage-migrant-smuggling-links-exceptional", "13", "17", "ckr:smuggling-study-2018"),
    ]


def test_how_migrant_smuggling_links_to_drug_trafficking(store, rows):
    # Paragraph 13: overlapping routes, cartels taxing smugglers, migrants forced to carry and sell drugs.
    assert rows(
        store,
        """SELECT DISTINCT ?nature ?from WHERE {
            ?l a ckg:Linkage ; ckg:involves ckr:smuggling-of-migrants , ckr:drug-trafficking ;
               ckg:nature ?nature .
            OPTIONAL { ?l ckg:fromCrime ?from }
            FILTER NOT EXISTS { ?l ckg:prevalence ckr:prevalence-exceptional } }""",
    ) == [
        ("ckr:nature-forced-criminality", "ckr:smuggling-of-migrants"),
        ("ckr:nature-shared-routes", ""),
        ("ckr:nature-taxation", "ckr:drug-trafficking"),
    ]


def test_crime_types_linked_to_firearms_by_seizures_per_paragraph_14(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?other ?source WHERE {
            ?l a ckg:Linkage ; ckg:nature ckr:nature-co-seizure ;
               ckg:involves ckr:firearms-trafficking , ?other ;
               prov:wasDerivedFrom ?c . ?c ckg:paragraph 14 ; ckg:footnote 18 ; ckg:secondarySource ?source .
            FILTER (?other != ckr:firearms-trafficking) }""",
    ) == [
        ("ckr:drug-trafficking", "ckr:firearms-study-2020"),
        ("ckr:trafficking-in-counterfeit-goods", "ckr:firearms-study-2020"),
        ("ckr:trafficking-in-cultural-property", "ckr:firearms-study-2020"),
        ("ckr:trafficking-in-natural-resources", "ckr:firearms-study-2020"),
        ("ckr:violent-crime", "ckr:firearms-study-2020"),
    ]


def test_what_terrorists_profit_from_per_footnote_20(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?source_crime ?document ?locator WHERE {
            ?l a ckg:Linkage ; ckg:fromCrime ?source_crime ; ckg:toCrime ckr:terrorism ;
               ckg:nature ckr:nature-financing ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph 15 ; ckg:footnote 20 ; ckg:secondarySource ?document ; ckg:locator ?locator }""",
    ) == [
        ("ckr:drug-trafficking", "ckr:s-2020-754", "paras. 1–5"),
        ("ckr:kidnapping-for-ransom", "ckr:s-2020-754", "paras. 1–5"),
        ("ckr:robbery", "ckr:s-2020-754", "paras. 1–5"),
    ]


def test_negative_terrorism_organized_crime_findings_per_footnote_21(store, rows):
    # Some countries: criminal organizations avoid terrorist groups; others: no link could be confirmed.
    assert rows(
        store,
        """SELECT DISTINCT ?nature ?prevalence ?locator WHERE {
            ?l a ckg:Linkage ; ckg:involves ckr:terrorism , ckr:organized-crime ;
               ckg:nature ?nature ; ckg:prevalence ?prevalence ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph 15 ; ckg:footnote 21 ; ckg:locator ?locator }""",
    ) == [
        ("ckr:nature-avoidance", "ckr:prevalence-declining", "para. 6"),
        ("ckr:nature-general", "ckr:prevalence-not-confirmed", "para. 6"),
    ]


def test_laundering_of_drug_and_precursor_proceeds_cites_paragraphs_3_and_18_to_21(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?crime ?paragraph ?sub WHERE {
            ?l a ckg:Linkage ; ckg:fromCrime ?crime ; ckg:toCrime ckr:money-laundering ;
               ckg:nature ckr:nature-laundering-proceeds ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph . OPTIONAL { ?c ckg:subparagraph ?sub } }""",
    ) == sorted(
        [
            ("ckr:drug-trafficking", "3", "b"),
            ("ckr:drug-trafficking", "18", ""),
            ("ckr:drug-trafficking", "19", ""),
            ("ckr:drug-trafficking", "20", ""),
            ("ckr:drug-trafficking", "21", "a"),
            ("ckr:precursor-diversion", "21", "a"),
        ]
    )


def test_darknet_markets_sell_drugs_firearms_and_hacking_tools_per_paragraph_47(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?crime ?paragraph ?source WHERE {
            ?l a ckg:Linkage ; ckg:nature ckr:nature-online-trade ; ckg:involves ?crime ;
               prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:secondarySource ?source }""",
    ) == [
        ("ckr:cybercrime", "47", "ckr:wdr-2021-booklet-2"),
        ("ckr:drug-trafficking", "47", "ckr:wdr-2021-booklet-2"),
        ("ckr:firearms-trafficking", "47", "ckr:wdr-2021-booklet-2"),
    ]


# --------------------------------------------------------------------------------------------------
# Section II statistics and findings
# --------------------------------------------------------------------------------------------------


def test_tip_victims_share_cites_paragraph_12(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?unit ?qualifier ?scope ?paragraph ?footnote ?source ?locator WHERE {
            ?s a ckg:Statistic ; ckg:concerns ckr:trafficking-in-persons-for-forced-criminality ;
               ckg:unit ckr:unit-percent ; ckg:value ?value ; ckg:unit ?unit ; ckg:qualifier ?qualifier ;
               ckg:geographicScope ?scope ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:footnote ?footnote ; ckg:secondarySource ?source ;
               ckg:locator ?locator }""",
    ) == [
        (
            "6",
            "ckr:unit-percent",
            "ckr:qualifier-about",
            "ckr:world",
            "12",
            "16",
            "ckr:glotip-2020",
            "figure 9",
        )
    ]


def test_forced_criminality_is_third_largest_form_of_exploitation(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?paragraph WHERE {
            ?s a ckg:Statistic ; ckg:unit ckr:unit-rank ;
               ckg:concerns ckr:trafficking-in-persons-for-forced-criminality ; ckg:value ?value ;
               prov:wasDerivedFrom/ckg:paragraph ?paragraph }""",
    ) == [("3", "12")]


def test_homicides_with_firearms_share_cites_paragraph_14(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?scope ?paragraph ?footnote WHERE {
            ?s a ckg:Statistic ; ckg:concerns ckr:homicide ; ckg:unit ckr:unit-percent ; ckg:value ?value ;
               ckg:scopeNote ?scope ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:footnote ?footnote
            FILTER NOT EXISTS { ?s ckg:qualifier ?q } }""",
    ) == [("90", "data from selected countries", "14", "18")]


def test_fifty_states_informed_the_terrorism_report_per_footnote_19(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?document ?footnote WHERE {
            ?s a ckg:Statistic ; ckg:unit ckr:unit-count ; ckg:concerns ?document ; ckg:value ?value ;
               prov:wasDerivedFrom ?c .
            ?document dcterms:identifier "S/2020/754" .
            ?c ckg:paragraph 15 ; ckg:footnote ?footnote }""",
    ) == [("50", "ckr:s-2020-754", "19")]


def test_latin_america_pilot_measured_flows_from_four_crimes_per_footnote_14(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?crime ?source WHERE {
            ?f a ckg:Finding ; ckg:geographicScope ckr:latin-america ; ckg:concerns ?crime ;
               prov:wasDerivedFrom ?c . ?crime a ckg:CrimeType .
            ?c ckg:paragraph 11 ; ckg:footnote 14 ; ckg:secondarySource ?source }""",
    ) == [
        ("ckr:drug-trafficking", "ckr:iff-latin-america-pilot-2020"),
        ("ckr:illegal-mining", "ckr:iff-latin-america-pilot-2020"),
        ("ckr:smuggling-of-migrants", "ckr:iff-latin-america-pilot-2020"),
        ("ckr:trafficking-in-persons", "ckr:iff-latin-america-pilot-2020"),
    ]


def test_covid_trafficking_trends_per_paragraph_16_footnote_22(store, rows):
    # Larger shipments; land and waterway routes, private planes, air cargo, postal parcels; contactless
    # delivery such as by mail.
    assert rows(
        store,
        """SELECT DISTINCT ?what WHERE {
            ?f a ckg:Finding ; ckg:findingKind ckr:finding-covid-effect , ckr:finding-trend ;
               ckg:concerns ?what ; prov:wasDerivedFrom ?c .
            ?c ckg:paragraph 16 ; ckg:footnote 22 .
            FILTER (?what NOT IN (ckr:covid-19-pandemic, ckr:drug-trafficking, ckr:drug-markets)) }""",
    ) == [
        ("ckr:air-cargo",),
        ("ckr:contactless-delivery",),
        ("ckr:land-and-waterway-routes",),
        ("ckr:mail-and-courier-services",),
        ("ckr:postal-parcels",),
        ("ckr:private-planes",),
        ("ckr:shipment-size",),
    ]


def test_covid_effects_on_criminal_groups_rest_on_the_july_2020_brief(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?f ?source WHERE {
            ?f a ckg:Finding ; ckg:findingKind ckr:finding-covid-effect ; ckg:concerns ckr:organized-crime ;
               prov:wasDerivedFrom ?c .
            ?c ckg:paragraph 16 ; ckg:footnote 24 ; ckg:secondarySource ?source }""",
    ) == [
        ("ckr:finding-covid-groups-infiltrated-medical-equipment", "ckr:covid-organized-crime-brief-2020"),
        ("ckr:finding-covid-groups-tightened-control", "ckr:covid-organized-crime-brief-2020"),
        ("ckr:finding-covid-may-change-link-dynamics", "ckr:covid-organized-crime-brief-2020"),
    ]


def test_multi_year_workplan_adopted_june_2019_per_paragraph_2(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?period ?paragraph WHERE {
            ?f a ckg:Finding ; ckg:concerns ckr:cnd , ckr:political-declaration-2009 ; ckg:period ?period ;
               prov:wasDerivedFrom/ckg:paragraph ?paragraph }""",
    ) == [("June 2019", "2")]


# --------------------------------------------------------------------------------------------------
# Challenges and discussion questions
# --------------------------------------------------------------------------------------------------


def test_challenge_dates(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?challenge ?number ?date ?paragraph ?sub WHERE {
            ?challenge a ckg:Challenge ; ckg:number ?number ; ckg:discussionDate ?date ;
               prov:wasDerivedFrom ?c .
            ?c ckg:paragraph ?paragraph ; ckg:subparagraph ?sub }""",
    ) == [
        ("ckr:challenge-a", "a", "2021-10-19", "3", "a"),
        ("ckr:challenge-b", "b", "2021-10-20", "3", "b"),
        ("ckr:challenge-c", "c", "2021-10-21", "3", "c"),
    ]


def test_every_discussion_question_cites_its_own_subparagraph(store, rows):
    expected = (
        [(f"17 ({x})", "ckr:challenge-a", "17", x) for x in "abcde"]
        + [(f"35 ({x})", "ckr:challenge-b", "35", x) for x in "abcdef"]
        + [(f"51 ({x})", "ckr:challenge-c", "51", x) for x in "abcdef"]
    )
    assert rows(
        store,
        """SELECT DISTINCT ?number ?challenge ?paragraph ?sub WHERE {
            ?q a ckg:DiscussionQuestion ; ckg:number ?number ; ckg:forChallenge ?challenge ;
               prov:wasDerivedFrom ?c . ?c ckg:paragraph ?paragraph ; ckg:subparagraph ?sub }""",
    ) == sorted(expected)


def test_question_35_e_asks_about_alternatives_to_criminal_law(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?measure WHERE {
            ckr:question-35-e ckg:concerns ?measure . ?measure a ckg:Measure }""",
    ) == [
        ("ckr:administrative-proceedings",),
        ("ckr:private-lawsuits",),
        ("ckr:settlements",),
        ("ckr:tax-assessments",),
    ]


def test_questions_about_the_covid_19_pandemic(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?number WHERE { ?q a ckg:DiscussionQuestion ; ckg:number ?number ;
            ckg:concerns ckr:covid-19-pandemic }""",
    ) == [("17 (b)",), ("35 (d)",), ("51 (f)",)]
