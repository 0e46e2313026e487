"""Competency questions on asset recovery (paragraphs 23-35) and on ICT and online drug markets (42-50).

Every expected answer is written from the paper (UNODC/CND/ES/2021/2), not copied from query output.
Decimal values come back in canonical form (315000000.0 is "315000000"). Citations can be defined in more
than one seed file, so queries over them say DISTINCT.
"""

from __future__ import annotations

import pyoxigraph as ox

import ontology
from ontology import CKR


def sold_via(store: ox.Store) -> list[tuple[str, str]]:
    """The ckg:soldVia edges (substance, technology) that derive-sold-via.rq derives from findings."""
    text = ontology.derivations()["derive-sold-via.rq"]
    triples = store.query(text, use_default_graph_as_union=True)
    return sorted({(short(triple.subject), short(triple.object)) for triple in triples})


def short(node: ox.NamedNode) -> str:
    return "ckr:" + node.value.removeprefix(CKR)


#################################################################
# Asset recovery
#################################################################


def test_asset_recovery_stages_in_order(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?order ?stage ?next WHERE {
             ?stage a ckg:AssetRecoveryStage ; ckg:stageOrder ?order .
             OPTIONAL { ?stage ckg:precedes ?next } }""",
    ) == [
        ("1", "ckr:stage-identification-and-tracing", "ckr:stage-seizure-or-freezing"),
        ("2", "ckr:stage-seizure-or-freezing", "ckr:stage-confiscation"),
        ("3", "ckr:stage-confiscation", "ckr:stage-disposal"),
        ("4", "ckr:stage-disposal", ""),
    ]


def test_every_earlier_stage_precedes_final_disposal(store, rows):
    assert rows(store, "SELECT DISTINCT ?stage WHERE { ?stage ckg:precedes+ ckr:stage-disposal }") == [
        ("ckr:stage-confiscation",),
        ("ckr:stage-identification-and-tracing",),
        ("ckr:stage-seizure-or-freezing",),
    ]


def test_five_forms_of_confiscation_apply_at_the_confiscation_stage(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?measure WHERE {
             ?measure ckg:measureKind ckr:measure-confiscation-form ;
               ckg:appliesAtStage ckr:stage-confiscation }""",
    ) == [
        ("ckr:conviction-based-confiscation",),
        ("ckr:extended-confiscation",),
        ("ckr:non-conviction-based-confiscation",),
        ("ckr:property-based-confiscation",),
        ("ckr:value-based-confiscation",),
    ]


def test_alternatives_to_confiscation_from_paragraph_31_and_question_35_e(store, rows):
    # Paragraph 31 recommends exploring fines and tax assessments; question 35 (e) only asks about the others.
    assert rows(
        store,
        """SELECT DISTINCT ?measure ?paragraph WHERE {
             ?measure ckg:measureKind ckr:measure-alternative ;
               prov:wasDerivedFrom/ckg:paragraph ?paragraph }""",
    ) == [
        ("ckr:administrative-proceedings", "35"),
        ("ckr:criminal-fines", "31"),
        ("ckr:private-lawsuits", "35"),
        ("ckr:settlements", "35"),
        ("ckr:tax-assessments", "31"),
        ("ckr:tax-assessments", "35"),
    ]
    assert rows(
        store,
        """SELECT DISTINCT ?measure WHERE {
             ?finding ckg:findingKind ckr:finding-success-factor ; ckg:concerns ?measure .
             ?measure ckg:measureKind ckr:measure-alternative }""",
    ) == [("ckr:criminal-fines",), ("ckr:tax-assessments",)]


def test_definition_of_confiscation_cites_footnote_29_and_three_provisions(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?paragraph ?footnote ?provision WHERE {
             ?finding ckg:findingKind ckr:finding-definition ; ckg:concerns ckr:stage-confiscation ;
               prov:wasDerivedFrom [ ckg:paragraph ?paragraph ; ckg:footnote ?footnote ;
                 ckg:secondarySource ?provision ] }""",
    ) == [
        ("23", "29", "ckr:convention-1988-art-1-f"),
        ("23", "29", "ckr:uncac-art-2-g"),
        ("23", "29", "ckr:untoc-art-2-g"),
    ]


def test_europol_confiscation_rate_cites_footnote_31(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?unit ?scope ?period ?footnote ?source WHERE {
             ?statistic a ckg:Statistic ; ckg:concerns ckr:stage-confiscation , ckr:europol ;
               ckg:value ?value ; ckg:unit ?unit ; ckg:geographicScope ?scope ; ckg:period ?period ;
               prov:wasDerivedFrom [ ckg:paragraph 25 ; ckg:footnote ?footnote ;
                 ckg:secondarySource ?source ] }""",
    ) == [
        (
            "1.1",
            "ckr:unit-percent",
            "ckr:european-union",
            "2010–2014",
            "31",
            "ckr:europol-asset-recovery-survey-2016",
        )
    ]


def test_seizure_and_freezing_rates_of_paragraph_25(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?qualifier ?scope ?source WHERE {
             ?statistic a ckg:Statistic ; ckg:concerns ckr:stage-seizure-or-freezing ; ckg:value ?value ;
               ckg:unit ckr:unit-percent ; ckg:geographicScope ?scope ;
               prov:wasDerivedFrom [ ckg:paragraph 25 ; ckg:secondarySource ?source ] .
             OPTIONAL { ?statistic ckg:qualifier ?qualifier } }""",
    ) == [
        ("1", "ckr:qualifier-less-than", "ckr:world", "ckr:unodc-iff-study-2011"),
        ("2.2", "", "ckr:european-union", "ckr:europol-asset-recovery-survey-2016"),
    ]


def test_un_framework_in_place_for_over_25_years(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?qualifier WHERE {
             ?statistic ckg:unit ckr:unit-year ; ckg:value ?value ; ckg:qualifier ?qualifier ;
               prov:wasDerivedFrom ckr:cite-p25 }""",
    ) == [("25", "ckr:qualifier-more-than")]


def test_mechanisms_that_play_a_role_at_all_four_stages(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?mechanism WHERE {
             ?mechanism a ckg:CooperationMechanism ;
               ckg:appliesAtStage ckr:stage-identification-and-tracing , ckr:stage-seizure-or-freezing ,
                                  ckr:stage-confiscation , ckr:stage-disposal }""",
    ) == [("ckr:informal-information-sharing",), ("ckr:mutual-legal-assistance",)]


def test_obstacles_with_their_footnotes_and_sources(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?finding ?paragraph ?footnote ?source WHERE {
             ?finding ckg:findingKind ckr:finding-obstacle ;
               prov:wasDerivedFrom [ ckg:paragraph ?paragraph ; ckg:footnote ?footnote ;
                 ckg:secondarySource ?source ] .
             FILTER (?paragraph >= 23 && ?paragraph <= 34) }""",
    ) == [
        ("ckr:finding-bank-secrecy-obstacle", "30", "36", "ckr:convention-1988-art-5-para-3"),
        ("ckr:finding-bank-secrecy-obstacle", "30", "36", "ckr:fatf-recommendations-rec-9"),
        ("ckr:finding-bank-secrecy-obstacle", "30", "36", "ckr:untoc-art-12-para-6"),
        ("ckr:finding-complex-coordination-structures", "30", "35", "ckr:confiscation-manual-2012"),
        ("ckr:finding-evidentiary-requirements-obstacle", "33", "39", "ckr:mla-extradition-manual-2021"),
        ("ckr:finding-legal-traditions-obstacle", "33", "39", "ckr:mla-extradition-manual-2021"),
    ]


def test_places_in_the_confiscation_manual_cited_by_footnotes(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?footnote ?locator WHERE {
             ?citation ckg:citedDocument ckr:unodc-cnd-es-2021-2 ;
               ckg:secondarySource ckr:confiscation-manual-2012 ;
               ckg:footnote ?footnote .
             OPTIONAL { ?citation ckg:locator ?locator } }""",
    ) == [("33", ""), ("35", "para. 5"), ("37", "para. 46"), ("38", "box 3")]


def test_asset_recovery_networks_help_before_formal_mla_requests(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?kind ?locator WHERE {
             ?finding ckg:concerns ckr:asset-recovery-inter-agency-networks ; ckg:findingKind ?kind ;
               prov:wasDerivedFrom/ckg:locator ?locator }""",
    ) == [("ckr:finding-success-factor", "box 3")]


def test_covid_effects_on_international_cooperation_cite_ctoc_cop_wg3(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?finding ?locator WHERE {
             ?finding ckg:findingKind ckr:finding-covid-effect ;
               prov:wasDerivedFrom [ ckg:paragraph 34 ; ckg:secondarySource ckr:ctoc-cop-wg3-2021-2 ;
                 ckg:locator ?locator ] }""",
    ) == [
        ("ckr:finding-covid-asset-freezing-prioritized", "para. 17"),
        ("ckr:finding-covid-electronic-cooperation", "sect. IV"),
    ]
    assert rows(
        store,
        """SELECT DISTINCT ?practice WHERE {
             ckr:finding-covid-electronic-cooperation ckg:concerns ?practice .
             ?practice a ckg:CooperationMechanism }""",
    ) == [
        ("ckr:electronic-evidence",),
        ("ckr:electronic-transmission-of-requests",),
        ("ckr:video-conferencing",),
    ]


#################################################################
# ICT and online drug markets
#################################################################


def test_main_darknet_markets_worth_at_least_315_million_a_year(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?unit ?qualifier ?source WHERE {
             ?statistic ckg:concerns ckr:darknet-markets ; ckg:unit ckr:unit-usd ; ckg:value ?value ;
               ckg:unit ?unit ;
               ckg:qualifier ?qualifier ; prov:wasDerivedFrom/ckg:secondarySource ?source }""",
    ) == [("315000000", "ckr:unit-usd", "ckr:qualifier-at-least", "ckr:wdr-2021-booklet-1")]


def test_onion_services_mid_2020(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?value ?qualifier ?period ?footnote WHERE {
             ?statistic ckg:concerns ckr:onion-services ; ckg:value ?value ; ckg:qualifier ?qualifier ;
               ckg:period ?period ; prov:wasDerivedFrom/ckg:footnote ?footnote }""",
    ) == [("200000", "ckr:qualifier-about", "mid-2020", "54")]


def test_tor_marketplaces_grew_from_1_in_2011_to_118_in_2019(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?period ?value WHERE {
             ?statistic ckg:concerns ckr:tor , ckr:darknet-markets ; ckg:unit ckr:unit-count ;
               ckg:period ?period ; ckg:value ?value }""",
    ) == [("2011", "1"), ("2019", "118")]


def test_darknet_market_counts_durations_and_multipliers(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?unit ?value ?qualifier ?period WHERE {
             ?statistic a ckg:Statistic ; ckg:concerns ckr:darknet-markets ; ckg:unit ?unit ;
               ckg:value ?value ;
               prov:wasDerivedFrom/ckg:paragraph 47 .
             OPTIONAL { ?statistic ckg:qualifier ?qualifier }
             OPTIONAL { ?statistic ckg:period ?period }
             FILTER NOT EXISTS { ?statistic ckg:concerns ckr:tor } }""",
    ) == [
        ("ckr:unit-count", "100", "ckr:qualifier-more-than", "the past decade"),
        ("ckr:unit-count", "103", "", "2010–2017"),
        ("ckr:unit-month", "8", "ckr:qualifier-just-over", "2010–2017"),
        ("ckr:unit-multiplier", "2", "", "2011 to mid-2017 compared with mid-2017 to 2020"),
        (
            "ckr:unit-multiplier",
            "4",
            "ckr:qualifier-almost",
            "2011 to mid-2017 compared with mid-2017 to 2020",
        ),
    ]


def test_cannabis_ranks_first_on_19_major_darknet_markets(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?substance ?rank ?period ?markets WHERE {
             ?statistic ckg:unit ckr:unit-rank ; ckg:value ?rank ; ckg:concerns ?substance ;
               ckg:period ?period ;
               ckg:supportedBy/ckg:value ?markets .
             ?substance a ckg:Substance }""",
    ) == [("ckr:cannabis", "1", "2011–2020", "19")]


def test_next_largest_darknet_shares_are_synthetic_stimulants_mdma_and_cocaine(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?substance WHERE {
             ckr:finding-darknet-stimulants-mdma-cocaine ckg:concerns ?substance .
             ?substance a ckg:Substance .
             FILTER NOT EXISTS { ?substance skos:broader+ ckr:synthetic-stimulants } }""",
    ) == [("ckr:cocaine",), ("ckr:mdma",), ("ckr:synthetic-stimulants",)]


def test_synthetic_stimulants_named_for_darknet_markets(store, rows):
    assert rows(store, "SELECT DISTINCT ?s WHERE { ?s skos:broader+ ckr:synthetic-stimulants }") == [
        ("ckr:adderall",),
        ("ckr:alpha-pvp",),
        ("ckr:amphetamine",),
        ("ckr:cathinones",),
        ("ckr:dexamphetamine",),
        ("ckr:mdpv",),
        ("ckr:mephedrone",),
        ("ckr:methamphetamine",),
        ("ckr:methylone",),
        ("ckr:methylphenidate",),
        ("ckr:modafinil",),
    ]


def test_opioids_sold_on_dark_web_are_ten(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?opioid WHERE {
             ?finding ckg:findingKind ckr:finding-online-sale ; ckg:concerns ckr:dark-web , ?opioid .
             ?opioid skos:broader ckr:opioids }""",
    ) == [
        ("ckr:buprenorphine",),
        ("ckr:codeine",),
        ("ckr:fentanyl",),
        ("ckr:heroin",),
        ("ckr:hydrocodone",),
        ("ckr:hydromorphone",),
        ("ckr:methadone",),
        ("ckr:oxycodone",),
        ("ckr:tapentadol",),
        ("ckr:tramadol",),
    ]


def test_traditional_drugs_sold_only_on_the_deep_web_derive_sold_via(store):
    assert [pair for pair in sold_via(store) if pair[1] == "ckr:deep-web"] == [
        ("ckr:amphetamine-type-stimulants", "ckr:deep-web"),
        ("ckr:cannabis", "ckr:deep-web"),
        ("ckr:cocaine", "ckr:deep-web"),
        ("ckr:heroin", "ckr:deep-web"),
        ("ckr:traditional-drugs", "ckr:deep-web"),
    ]


def test_clear_web_sells_nps_precursors_and_synthetic_drugs_not_traditional_drugs(store):
    on_clear_web = [substance for substance, technology in sold_via(store) if technology == "ckr:clear-web"]
    assert on_clear_web == [
        "ckr:controlled-drugs",
        "ckr:new-psychoactive-substances",
        "ckr:pre-precursors",
        "ckr:precursors",
        "ckr:synthetic-drugs",
    ]


def test_cannabis_dominates_darknet_sales(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?finding ?footnote WHERE {
             ?finding ckg:findingKind ckr:finding-online-sale ; ckg:concerns ckr:cannabis ,
               ckr:darknet-markets ;
               prov:wasDerivedFrom/ckg:footnote ?footnote }""",
    ) == [("ckr:finding-cannabis-dominates-darknet-sales", "50")]


def test_payment_methods_of_clear_web_vendors_with_bitcoin_a_cryptocurrency(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?method WHERE {
             ckr:finding-clear-web-payment-methods ckg:concerns ?method .
             ?method ckg:technologyKind ckr:tech-payment }""",
    ) == [
        ("ckr:bitcoin",),
        ("ckr:cryptocurrencies",),
        ("ckr:money-transmission-services",),
        ("ckr:wire-transfers",),
    ]
    assert rows(store, "SELECT DISTINCT ?broader WHERE { ckr:bitcoin skos:broader ?broader }") == [
        ("ckr:cryptocurrencies",)
    ]


def test_tor_is_a_darknet_in_the_deep_web(store, rows):
    assert rows(store, "SELECT DISTINCT ?broader WHERE { ckr:tor skos:broader+ ?broader }") == [
        ("ckr:darknets",),
        ("ckr:deep-web",),
        ("ckr:ict",),
        ("ckr:internet",),
    ]


def test_exit_scams_take_escrow_funds(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?kind ?practice WHERE {
             ?finding ckg:concerns ckr:exit-scams , ?practice ; ckg:findingKind ?kind .
             ?practice ckg:technologyKind ckr:tech-market-practice }""",
    ) == [("ckr:finding-modus-operandi", "ckr:escrow"), ("ckr:finding-modus-operandi", "ckr:exit-scams")]


def test_covid_effects_on_online_drug_trade_cite_world_drug_report_booklet_5(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?finding ?paragraph ?footnote WHERE {
             ?finding ckg:findingKind ckr:finding-covid-effect ; ckg:respondsTo ckr:challenge-c ;
               prov:wasDerivedFrom [ ckg:paragraph ?paragraph ; ckg:footnote ?footnote ;
                                     ckg:secondarySource ckr:wdr-2021-booklet-5 ] }""",
    ) == [
        ("ckr:finding-covid-more-delivery-by-mail", "50", "57"),
        ("ckr:finding-covid-more-mail-seizures", "49", "56"),
        ("ckr:finding-covid-more-technology-at-retail", "49", "56"),
        ("ckr:finding-covid-no-change-in-dark-web-sales", "50", "57"),
        ("ckr:finding-covid-shift-to-e-commerce", "50", "57"),
        ("ckr:finding-covid-small-cannabis-purchases-up", "50", "57"),
    ]
