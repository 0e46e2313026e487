"""Competency questions on the instruments, their provisions and the commitments the paper reviews.

Every expected answer is written from the paper (UNODC/CND/ES/2021/2) or from the verified reference table
of instruments (V and V* rows only), not copied from query output. ``rows`` (tests/seed/conftest.py)
shortens ckr:/ckg: IRIs, gives literals as lexical values and sorts the rows.
"""

from __future__ import annotations


def test_1988_convention_adopted_in_vienna_and_entered_into_force_1990_11_11(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?adopted ?place ?inForce ?volume ?page ?registration ?depositary WHERE {
             ckr:convention-1988 ckg:adoptedOn ?adopted ; ckg:placeOfAdoption ?place ;
               ckg:entryIntoForce ?inForce ; ckg:untsVolume ?volume ; ckg:untsPage ?page ;
               ckg:unRegistrationNumber ?registration ; ckg:depositary ?depositary }""",
    ) == [("1988-12-20", "ckr:vienna", "1990-11-11", "1582", "95", "27627", "ckr:un-secretary-general")]


def test_every_treaty_and_protocol_has_its_verified_dates(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?instrument ?adopted ?inForce WHERE {
             ?instrument ckg:adoptedOn ?adopted ; ckg:entryIntoForce ?inForce }""",
    ) == [
        ("ckr:budapest-convention", "2001-11-23", "2004-07-01"),
        ("ckr:convention-1971", "1971-02-21", "1976-08-16"),
        ("ckr:convention-1988", "1988-12-20", "1990-11-11"),
        ("ckr:firearms-protocol", "2001-05-31", "2005-07-03"),
        ("ckr:inter-american-convention-corruption", "1996-03-29", "1997-03-06"),
        ("ckr:single-convention-1961", "1961-03-30", "1964-12-13"),
        ("ckr:smuggling-protocol", "2000-11-15", "2004-01-28"),
        ("ckr:terrorist-financing-convention", "1999-12-09", "2002-04-10"),
        ("ckr:tip-protocol", "2000-11-15", "2003-12-25"),
        ("ckr:uncac", "2003-10-31", "2005-12-14"),
        ("ckr:untoc", "2000-11-15", "2003-09-29"),
        ("ckr:warsaw-convention", "2005-05-16", "2008-05-01"),
    ]


def test_treaty_series_data_only_where_the_reference_verifies_it(store, rows):
    # "V but UNTS" rows (TIP Protocol, Warsaw, Inter-American, Budapest) have no Treaty Series data.
    assert rows(
        store,
        """SELECT DISTINCT ?instrument ?volume ?page WHERE { ?instrument ckg:untsVolume ?volume ;
          ckg:untsPage ?page }""",
    ) == [
        ("ckr:convention-1971", "1019", "175"),
        ("ckr:convention-1988", "1582", "95"),
        ("ckr:firearms-protocol", "2326", "209"),
        ("ckr:single-convention-1961", "520", "151"),
        ("ckr:smuggling-protocol", "2241", "507"),
        ("ckr:terrorist-financing-convention", "2178", "197"),
        ("ckr:uncac", "2349", "41"),
        ("ckr:untoc", "2225", "209"),
    ]


def test_regional_conventions_places_and_depositaries(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?instrument ?place ?depositary ?identifier WHERE {
             VALUES ?instrument {
             ckr:warsaw-convention ckr:inter-american-convention-corruption ckr:budapest-convention }
             ?instrument ckg:placeOfAdoption ?place ; ckg:depositary ?depositary ;
               dcterms:identifier ?identifier }""",
    ) == [
        ("ckr:budapest-convention", "ckr:budapest", "ckr:council-of-europe", "ETS No. 185"),
        ("ckr:inter-american-convention-corruption", "ckr:caracas", "ckr:oas", "OAS B-58"),
        ("ckr:warsaw-convention", "ckr:warsaw", "ckr:council-of-europe", "CETS No. 198"),
    ]


def test_the_three_protocols_supplement_the_organized_crime_convention(store, rows):
    assert rows(
        store, "SELECT DISTINCT ?protocol WHERE { ?protocol a ckg:Protocol ; ckg:supplements ckr:untoc }"
    ) == [
        ("ckr:firearms-protocol",),
        ("ckr:smuggling-protocol",),
        ("ckr:tip-protocol",),
    ]


def test_uncac_art_57_is_in_chapter_v_asset_recovery(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?chapter ?number ?heading WHERE {
             ckr:uncac-art-57 ckg:partOf ?chapter .
             ?chapter ckg:provisionKind ckr:provision-chapter ; ckg:number ?number ;
               ckg:heading ?heading }""",
    ) == [("ckr:uncac-chap-v", "V", "Asset recovery")]


def test_uncac_art_31_hangs_off_the_convention_because_its_chapter_is_not_verified(store, rows):
    assert rows(store, "SELECT DISTINCT ?parent WHERE { ckr:uncac-art-31 ckg:partOf ?parent }") == [
        ("ckr:uncac",)
    ]


def test_1988_art_3_para_1_b_sits_in_paragraph_article_and_convention(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?ancestor ?number WHERE {
             ckr:convention-1988-art-3-para-1-b ckg:partOf+ ?ancestor .
             OPTIONAL { ?ancestor ckg:number ?number } }""",
    ) == [
        ("ckr:convention-1988", ""),
        ("ckr:convention-1988-art-3", "3"),
        ("ckr:convention-1988-art-3-para-1", "1"),
    ]


def test_unverified_headings_are_left_out(store, rows):
    # UNTOC arts. 7 and 8 have U headings in the reference table; the others cited are V.
    assert rows(
        store,
        """SELECT DISTINCT ?article ?heading WHERE {
             ?article ckg:partOf ckr:untoc ; ckg:provisionKind ckr:provision-article .
             OPTIONAL { ?article ckg:heading ?heading } }""",
    ) == [
        ("ckr:untoc-art-12", "Confiscation and seizure"),
        ("ckr:untoc-art-13", "International cooperation for purposes of confiscation"),
        ("ckr:untoc-art-14", "Disposal of confiscated proceeds of crime or property"),
        ("ckr:untoc-art-2", "Use of terms"),
        ("ckr:untoc-art-6", "Criminalization of the laundering of proceeds of crime"),
        ("ckr:untoc-art-7", ""),
        ("ckr:untoc-art-8", ""),
    ]


def test_headings_of_1988_arts_1_and_5_are_only_v_star(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?provision ?heading WHERE {
             ?provision ckg:heading ?heading ; prov:wasDerivedFrom ?citation .
             ?citation ckg:verificationStatus ckr:verified-derived }""",
    ) == [
        ("ckr:convention-1988-art-1", "Definitions"),
        ("ckr:convention-1988-art-5", "Confiscation"),
    ]


def test_fatf_recommendations_4_and_9_titles_and_sections(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?recommendation ?title ?section ?sectionHeading WHERE {
             ?recommendation ckg:partOf ?section ; ckg:provisionKind ckr:provision-recommendation ;
               ckg:heading ?title .
             ?section ckg:partOf ckr:fatf-recommendations ; ckg:heading ?sectionHeading }""",
    ) == [
        (
            "ckr:fatf-recommendations-rec-4",
            "Confiscation and provisional measures",
            "ckr:fatf-recommendations-sect-b",
            "Money laundering and confiscation",
        ),
        (
            "ckr:fatf-recommendations-rec-9",
            "Financial institution secrecy laws",
            "ckr:fatf-recommendations-sect-d",
            "Preventive measures",
        ),
    ]


def test_three_provisions_define_confiscation_footnote_29(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?provision ?label WHERE {
             ?coverage a ckg:Coverage ; ckg:ofProvision ?provision ; ckg:addresses ckr:stage-confiscation ;
               prov:wasDerivedFrom [ ckg:footnote 29 ] .
             ?provision rdfs:label ?label }""",
    ) == [
        ("ckr:convention-1988-art-1-f", "1988 Convention, art. 1 (f)"),
        ("ckr:uncac-art-2-g", "Convention against Corruption, art. 2 (g)"),
        ("ckr:untoc-art-2-g", "Organized Crime Convention, art. 2 (g)"),
    ]


def test_provisions_on_bank_secrecy_are_those_of_footnote_36(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?provision ?footnote WHERE {
             ?coverage ckg:ofProvision ?provision ; ckg:addresses ckr:bank-secrecy ;
               prov:wasDerivedFrom/ckg:footnote ?footnote }""",
    ) == [
        ("ckr:convention-1988-art-5-para-3", "36"),
        ("ckr:fatf-recommendations-rec-9", "36"),
        ("ckr:untoc-art-12-para-6", "36"),
    ]


def test_uncac_chapter_iii_criminalizes_four_offences_footnote_9(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?crime WHERE {
             ?coverage ckg:ofProvision ckr:uncac-chap-iii ; ckg:addresses ?crime ;
               prov:wasDerivedFrom ckr:cite-p10-fn9 .
             ?crime a ckg:CrimeType }""",
    ) == [
        ("ckr:abuse-of-functions",),
        ("ckr:bribery",),
        ("ckr:corruption",),
        ("ckr:money-laundering",),
        ("ckr:trading-in-influence",),
    ]


def test_organized_crime_convention_provisions_on_asset_recovery_stages(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?provision ?stage WHERE {
             ?coverage ckg:ofProvision ?provision ; ckg:addresses ?stage .
             ?provision ckg:partOf ckr:untoc .
             ?stage a ckg:AssetRecoveryStage }""",
    ) == [
        ("ckr:untoc-art-12", "ckr:stage-confiscation"),
        ("ckr:untoc-art-12", "ckr:stage-identification-and-tracing"),
        ("ckr:untoc-art-12", "ckr:stage-seizure-or-freezing"),
        ("ckr:untoc-art-13", "ckr:stage-confiscation"),
        ("ckr:untoc-art-13", "ckr:stage-seizure-or-freezing"),
        ("ckr:untoc-art-14", "ckr:stage-disposal"),
        ("ckr:untoc-art-7", "ckr:stage-identification-and-tracing"),
    ]


def test_2019_declaration_adopted_by_the_commission_at_its_62nd_session(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?body ?meeting ?report ?symbol WHERE {
             ckr:ministerial-declaration-2019 ckg:adoptedBy ?body ; ckg:adoptedAt ?meeting ;
               ckg:partOf ?report .
             ?report dcterms:identifier ?symbol }""",
    ) == [("ckr:cnd", "ckr:cnd-62nd-session", "ckr:e-2019-28", "E/2019/28")]


def test_policy_documents_and_the_un_documents_that_hold_them(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?instrument ?symbol WHERE {
             VALUES ?instrument { ckr:political-declaration-2009 ckr:joint-ministerial-statement-2014
                                  ckr:ungass-2016-outcome ckr:ministerial-declaration-2019
                                  ckr:cnd-resolution-64-1 }
             ?instrument ckg:partOf ?document . ?document dcterms:identifier ?symbol }""",
    ) == [
        ("ckr:cnd-resolution-64-1", "E/2021/28"),
        ("ckr:joint-ministerial-statement-2014", "E/2014/28"),
        ("ckr:ministerial-declaration-2019", "E/2019/28"),
        ("ckr:political-declaration-2009", "E/2009/28"),
        ("ckr:ungass-2016-outcome", "A/RES/S-30/1"),
    ]


def test_four_2009_money_laundering_commitments_of_paragraph_21(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?subparagraph ?kind WHERE {
             ?commitment a ckg:Commitment ; ckg:madeIn ckr:political-declaration-2009 ;
               ckg:statedIn ckr:political-declaration-2009-pillar-money-laundering ;
               ckg:commitmentKind ?kind ; ckg:addresses ckr:money-laundering ;
               prov:wasDerivedFrom [ ckg:paragraph 21 ; ckg:subparagraph ?subparagraph ] }""",
    ) == [
        ("a", "ckr:commitment-committed"),
        ("b", "ckr:commitment-committed"),
        ("c", "ckr:commitment-committed"),
        ("d", "ckr:commitment-committed"),
    ]


def test_2016_recommendations_each_cited_through_its_footnote(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?label ?footnote WHERE {
             ?commitment ckg:madeIn ckr:ungass-2016-outcome ; ckg:statedIn ?provision ;
               prov:wasDerivedFrom [ ckg:footnote ?footnote ; ckg:secondarySource ?provision ] .
             ?provision rdfs:label ?label }""",
    ) == [
        ("2016 outcome document, recommendation 3 (k)", "5"),
        ("2016 outcome document, recommendation 3 (l)", "6"),
        ("2016 outcome document, recommendation 3 (o)", "25"),
        ("2016 outcome document, recommendation 3 (r)", "26"),
        ("2016 outcome document, recommendation 3 (s)", "27"),
        ("2016 outcome document, recommendation 3 (u)", "7"),
        ("2016 outcome document, recommendation 5 (p)", "42"),
        ("2016 outcome document, recommendation 5 (q)", "43"),
        ("2016 outcome document, recommendation 5 (r)", "44"),
        ("2016 outcome document, recommendation 5 (s)", "45"),
        ("2016 outcome document, recommendation 5 (t)", "46"),
    ]


def test_resolution_64_1_covid_paragraphs_and_their_verbs(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?number ?kind ?challenge ?footnote WHERE {
             ?commitment ckg:madeIn ckr:cnd-resolution-64-1 ; ckg:statedIn ?provision ;
               ckg:commitmentKind ?kind ; ckg:respondsTo ?challenge ; ckg:addresses ckr:covid-19-pandemic ;
               prov:wasDerivedFrom/ckg:footnote ?footnote .
             ?provision ckg:number ?number }""",
    ) == [
        ("15", "ckr:commitment-noted", "ckr:challenge-c", "47"),
        ("31", "ckr:commitment-encouraged", "ckr:challenge-c", "48"),
        ("33", "ckr:commitment-called-upon", "ckr:challenge-c", "49"),
        ("6", "ckr:commitment-recognized", "ckr:challenge-b", "28"),
    ]


def test_commitments_per_challenge_and_instrument(store, rows):
    # Section II (paras 5-8): 2019 noted + committed; 2016 rec. 3 (k), (l), (u); 2014 stressed; 2009 four.
    # Section III (paras 18-22): 2019 two; 2016 rec. 3 (o), (r), (s); 2014 three; 2009 para 21 (a)-(d);
    # 64/1 para 6.
    # Section IV (paras 36-41): 2019 one; 2016 rec. 5 (p)-(t); 2014 three; 2009 two; 64/1 paras 15, 31, 33.
    assert rows(
        store,
        """SELECT DISTINCT ?challenge ?instrument (STR(COUNT(DISTINCT ?commitment)) AS ?n) WHERE {
             ?commitment a ckg:Commitment ; ckg:respondsTo ?challenge ; ckg:madeIn ?instrument }
           GROUP BY ?challenge ?instrument""",
    ) == [
        ("ckr:challenge-a", "ckr:joint-ministerial-statement-2014", "1"),
        ("ckr:challenge-a", "ckr:ministerial-declaration-2019", "2"),
        ("ckr:challenge-a", "ckr:political-declaration-2009", "4"),
        ("ckr:challenge-a", "ckr:ungass-2016-outcome", "3"),
        ("ckr:challenge-b", "ckr:cnd-resolution-64-1", "1"),
        ("ckr:challenge-b", "ckr:joint-ministerial-statement-2014", "3"),
        ("ckr:challenge-b", "ckr:ministerial-declaration-2019", "2"),
        ("ckr:challenge-b", "ckr:political-declaration-2009", "4"),
        ("ckr:challenge-b", "ckr:ungass-2016-outcome", "3"),
        ("ckr:challenge-c", "ckr:cnd-resolution-64-1", "3"),
        ("ckr:challenge-c", "ckr:joint-ministerial-statement-2014", "3"),
        ("ckr:challenge-c", "ckr:ministerial-declaration-2019", "1"),
        ("ckr:challenge-c", "ckr:political-declaration-2009", "2"),
        ("ckr:challenge-c", "ckr:ungass-2016-outcome", "5"),
    ]


def test_challenges_noted_in_the_stocktaking_section_of_2019(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?challenge ?paragraph WHERE {
             ?commitment a ckg:Commitment ; ckg:statedIn ckr:ministerial-declaration-2019-stocktaking ;
               ckg:commitmentKind ckr:commitment-noted ; ckg:respondsTo ?challenge ;
               prov:wasDerivedFrom/ckg:paragraph ?paragraph }""",
    ) == [("ckr:challenge-a", "5"), ("ckr:challenge-b", "18"), ("ckr:challenge-c", "36")]


def test_internet_guidelines_are_encouraged_by_recommendation_5_s(store, rows):
    assert rows(
        store,
        """SELECT DISTINCT ?provision ?kind WHERE {
             ?commitment ckg:addresses ckr:internet-guidelines ; ckg:statedIn ?provision ;
               ckg:commitmentKind ?kind }""",
    ) == [("ckr:ungass-2016-outcome-rec-5-s", "ckr:commitment-encouraged")]


def test_commitments_on_returning_assets_name_uncac_and_untoc_context(store, rows):
    # Paragraphs 18 and 19: disposal includes sharing (1988 Convention) and return (UNCAC / UNTOC).
    assert rows(
        store,
        """SELECT DISTINCT ?instrument ?paragraph WHERE {
             ?commitment ckg:addresses ckr:asset-return , ckr:asset-sharing , ckr:stage-disposal ;
               ckg:madeIn ?instrument ; prov:wasDerivedFrom/ckg:paragraph ?paragraph }""",
    ) == [("ckr:ministerial-declaration-2019", "18"), ("ckr:ungass-2016-outcome", "19")]
