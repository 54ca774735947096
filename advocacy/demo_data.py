"""Demo content (Buskerudplanen, measures, national framework conditions) loaded by `flask seed-demo`."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# The regional plan
# ---------------------------------------------------------------------------

PLAN = {
    "name": "Buskerudplanen – Med hjerte for Buskerud",
    "short_name": "Buskerudplanen",
    "owner": "Buskerud fylkeskommune",
    "description": (
        "Buskerudplanen er den felles planen for utviklingen av Buskerud, laget av "
        "fylkeskommunen sammen med kommunene, statlige aktører, næringslivet, "
        "organisasjoner, frivilligheten og akademia. Mange av planens ambisjoner "
        "avhenger av rammebetingelser som settes nasjonalt – lover og forskrifter, "
        "økonomiske ordninger og statlige prioriteringer. Interessepolitikk overfor "
        "staten er derfor en integrert del av gjennomføringen, og Buskerud må stå mer "
        "samlet i dialogen med staten."
    ),
}

# ---------------------------------------------------------------------------
# Prioritised goals (utviklingsmål), in the plan's order
# ---------------------------------------------------------------------------

GOALS = [
    {
        "key": "innenforskap",
        "title": "Mer innenforskap",
        "description": (
            "Flere skal være innenfor – i utdanning, arbeid og fellesskap. I Buskerud "
            "står om lag 5 100 unge mellom 19 og 29 år (17 %) utenfor arbeid og "
            "utdanning, mot 10–12 % nasjonalt. Målet er at flere fullfører videregående "
            "opplæring, tar fagbrev eller annen kompetanse og får en plass i arbeidslivet."
        ),
    },
    {
        "key": "verdiskaping",
        "title": "Økt verdiskaping og omstilling",
        "description": (
            "Buskerud skal skape flere arbeidsplasser og større verdier gjennom grønn "
            "omstilling, kompetanse og gode vilkår for næringslivet. Det krever egnede "
            "næringsarealer, tilgang på mineralressurser, kompetent arbeidskraft og en "
            "transportinfrastruktur som binder regionen sammen og flytter gods fra vei "
            "til bane og sjø."
        ),
    },
    {
        "key": "natur_kultur",
        "title": "Bevaring av natur- og kulturverdier i et generasjonsperspektiv",
        "description": (
            "Natur, matjord, vassdrag og kulturarv skal forvaltes slik at kommende "
            "generasjoner arver dem i minst like god stand. Buskerud vil redusere "
            "nedbyggingen av natur, ta vare på vannmiljøet og bruke kulturarven som et "
            "fortrinn for steder og næringsliv."
        ),
    },
]

# ---------------------------------------------------------------------------
# Area and mobility themes (tema)
# ---------------------------------------------------------------------------

THEMES = [
    {
        "key": "attraktive_steder",
        "title": "Attraktive byer og steder",
        "description": (
            "Levende byer, tettsteder og regionsentre med boliger, arbeidsplasser, "
            "tjenester og møteplasser nær kollektivknutepunktene."
        ),
    },
    {
        "key": "kulturarv",
        "title": "Kulturarv som fortrinn og ressurs",
        "description": (
            "Kulturminner og kulturmiljøer skal tas vare på og tas i bruk – som "
            "identitet, stedskvalitet og grunnlag for reiseliv og næring."
        ),
    },
    {
        "key": "naeringsomrader",
        "title": "Regional utvikling av større næringsområder",
        "description": (
            "Regional samordning av større næringsområder, slik at arealkrevende "
            "virksomheter får plass der infrastrukturen er god og naturinngrepene små."
        ),
    },
    {
        "key": "fritidsboliger",
        "title": "Fritidsboliger",
        "description": (
            "Fritidsboligene i fjellet er viktige for lokal økonomi, men legger press på "
            "natur, landskap og kommunale tjenester. Ny utbygging skal skje mer "
            "arealeffektivt og i hovedsak innenfor eksisterende områder."
        ),
    },
    {
        "key": "mineraler",
        "title": "Mineralressurser for fremtiden",
        "description": (
            "Buskerud har forekomster av mineraler og byggeråstoff som trengs i det "
            "grønne skiftet. De skal utnyttes bærekraftig, med hensyn til natur, vann, "
            "kulturarv og lokalsamfunn."
        ),
    },
    {
        "key": "tungtransport",
        "title": "Omlegging av tungtransport",
        "description": (
            "Mer av godstransporten skal over fra vei til bane og sjø, med "
            "godsknutepunkter og næringsområder som henger sammen."
        ),
    },
]

# ---------------------------------------------------------------------------
# Measures (tiltak): 8 per goal
# ---------------------------------------------------------------------------

MEASURES = [
    # --- Goal: Mer innenforskap -------------------------------------------
    {
        "key": "m01",
        "title": "Styrket oppfølgingstjeneste for ungdom som har avbrutt videregående opplæring",
        "description": (
            "Oppfølgingstjenesten skal komme tidligere i kontakt med ungdom som avbryter "
            "eller ikke søker videregående opplæring, og følge dem tettere over tid "
            "sammen med Nav og kommunene. Tiltaket krever flere veiledere og et "
            "opplæringstilbud som kan starte når som helst i året."
        ),
        "goal": "innenforskap",
        "themes": [],
        "owner": "Buskerud fylkeskommune, videregående opplæring",
        "status": "ongoing",
    },
    {
        "key": "m02",
        "title": "Flere læreplasser og fagbrev på jobb for unge voksne",
        "description": (
            "Fylkeskommunen arbeider med opplæringskontorene og bedriftene for å skaffe "
            "flere læreplasser, og tilbyr fagbrev på jobb til unge voksne som allerede "
            "har arbeidserfaring fra bransjen."
        ),
        "goal": "innenforskap",
        "themes": [],
        "owner": "Buskerud fylkeskommune, fagopplæring, med opplæringskontorene",
        "status": "ongoing",
    },
    {
        "key": "m03",
        "title": "Felles innsatsteam med Nav for unge 19–29 år utenfor arbeid og utdanning",
        "description": (
            "Fylkeskommunen og Nav etablerer felles team som gir unge voksne én vei inn "
            "til kvalifisering, arbeidstrening og opplæring. Teamene må kunne kombinere "
            "tiltak i Nav med videregående opplæring uten at den unge mister ytelsen sin."
        ),
        "goal": "innenforskap",
        "themes": [],
        "owner": "Buskerud fylkeskommune og Nav-kontorene i Buskerud",
        "status": "planned",
    },
    {
        "key": "m04",
        "title": "Modulbasert opplæring og kvalifisering for voksne uten fullført videregående",
        "description": (
            "Voksne skal kunne ta videregående opplæring i moduler, i kombinasjon med "
            "arbeid eller kvalifiseringsprogrammet i Nav. Målet er flere fag- og "
            "svennebrev blant voksne."
        ),
        "goal": "innenforskap",
        "themes": [],
        "owner": "Buskerud fylkeskommune, voksenopplæring, i samarbeid med kommunene",
        "status": "ongoing",
    },
    {
        "key": "m05",
        "title": "Desentralisert videregående tilbud i Hallingdal, Numedal og Midt-Buskerud",
        "description": (
            "Skolestrukturen skal gi ungdom i distriktene et bredt tilbud nær hjemmet, "
            "slik at færre må bo på hybel og færre avbryter opplæringen. Små skoler og "
            "små klasser gir høyere kostnad per elev."
        ),
        "goal": "innenforskap",
        "themes": ["attraktive_steder"],
        "owner": "Buskerud fylkeskommune, videregående opplæring",
        "status": "ongoing",
    },
    {
        "key": "m06",
        "title": "Bedre tog- og busstilbud mellom Drammen og Kongsberg for skole og arbeid",
        "description": (
            "Et tettere togtilbud og samordnede bussforbindelser skal gjøre det mulig å "
            "nå skole og arbeidsplass i hele Buskerudbyen uten egen bil. Fylkeskommunen "
            "tilpasser busstilbudet til togtilbudet, men kan ikke selv bestille flere "
            "togavganger."
        ),
        "goal": "innenforskap",
        "themes": ["attraktive_steder"],
        "owner": "Buskerud fylkeskommune, samferdsel, med Brakar og kommunene i Buskerudbyen",
        "status": "ongoing",
    },
    {
        "key": "m07",
        "title": "Lavterskel arbeidstrening i frivillige organisasjoner og idrettslag",
        "description": (
            "Frivillige organisasjoner og idrettslag tilbyr arbeidstrening og "
            "mentorordninger for unge som står langt fra arbeidslivet. Tilbudet skal "
            "være et første steg mot ordinære tiltak i Nav eller opplæring."
        ),
        "goal": "innenforskap",
        "themes": [],
        "owner": "Frivilligheten i Buskerud i samarbeid med kommunene og Nav",
        "status": "planned",
    },
    {
        "key": "m08",
        "title": "Levende sentrum og møteplasser for unge i regionsentrene",
        "description": (
            "Regionsentrene skal ha møteplasser, kulturtilbud og boliger som gjør det "
            "attraktivt for unge å bli boende eller flytte tilbake. Tiltaket bygger på "
            "sentrumsplaner med fortetting nær kollektivknutepunktene."
        ),
        "goal": "innenforskap",
        "themes": ["attraktive_steder"],
        "owner": "Kommunene i Buskerud med Buskerud fylkeskommune",
        "status": "planned",
    },
    # --- Goal: Økt verdiskaping og omstilling -------------------------------
    {
        "key": "m09",
        "title": "Regional plan for større næringsområder langs hovedtransportårene",
        "description": (
            "Fylkeskommunen og kommunene peker ut et fåtall større næringsområder med god "
            "tilknytning til vei, bane og havn, i stedet for at hver kommune planlegger "
            "egne områder. Planen skal gi forutsigbarhet for arealkrevende og grønne "
            "industrietableringer."
        ),
        "goal": "verdiskaping",
        "themes": ["naeringsomrader", "tungtransport"],
        "owner": "Buskerud fylkeskommune, regional utvikling, med kommunene",
        "status": "ongoing",
    },
    {
        "key": "m10",
        "title": "Godsknutepunkt i Drammen for å flytte tungtransport fra vei til bane og sjø",
        "description": (
            "Havna og jernbanen i Drammen skal utvikles som et samlet godsknutepunkt, "
            "slik at mer gods kan gå på bane og sjø. Tiltaket forutsetter statlig "
            "prioritering av terminal- og sporkapasitet."
        ),
        "goal": "verdiskaping",
        "themes": ["tungtransport", "naeringsomrader"],
        "owner": "Drammen havn, Drammen kommune og Buskerud fylkeskommune",
        "status": "planned",
    },
    {
        "key": "m11",
        "title": "Regional oversikt over mineralressurser og byggeråstoff nær markedene",
        "description": (
            "Fylkeskommunen sammenstiller kunnskap om forekomster av mineraler, pukk og "
            "grus, slik at viktige ressurser kan sikres i kommunenes arealplaner. Korte "
            "transportavstander for byggeråstoff gir lavere utslipp og kostnader."
        ),
        "goal": "verdiskaping",
        "themes": ["mineraler"],
        "owner": "Buskerud fylkeskommune, regional utvikling, med kommunene",
        "status": "ongoing",
    },
    {
        "key": "m12",
        "title": "Program for grønn omstilling i industrien i Kongsbergregionen og Buskerudbyen",
        "description": (
            "Industribedriftene får støtte til å utvikle produkter og prosesser med "
            "lavere utslipp, blant annet gjennom klynger og samarbeid med akademia. "
            "Programmet skal også bidra til sikker tilgang på råvarer og kritiske "
            "mineraler."
        ),
        "goal": "verdiskaping",
        "themes": [],
        "owner": "Næringslivet i Buskerud med Buskerud fylkeskommune og kommunene",
        "status": "ongoing",
    },
    {
        "key": "m13",
        "title": "Fagskoletilbud tilpasset behovene i det regionale arbeidslivet",
        "description": (
            "Nye fagskoleutdanninger er utviklet sammen med bransjene og tilbys på "
            "deltid, slik at de kan tas ved siden av jobb. Tilbudet skal justeres "
            "jevnlig etter kompetansebehovene i omstillingen."
        ),
        "goal": "verdiskaping",
        "themes": [],
        "owner": "Buskerud fylkeskommune, fagskoleforvaltning",
        "status": "done",
    },
    {
        "key": "m14",
        "title": "Stasjonsbyutvikling i Hønefoss med tanke på Ringeriksbanen",
        "description": (
            "Ringerike kommune planlegger for boliger og arbeidsplasser rundt en ny "
            "stasjon i Hønefoss. Deler av arbeidet er satt på vent til staten avklarer "
            "når Ringeriksbanen skal bygges."
        ),
        "goal": "verdiskaping",
        "themes": ["attraktive_steder"],
        "owner": "Ringerike kommune med Buskerud fylkeskommune",
        "status": "paused",
    },
    {
        "key": "m15",
        "title": "Utbedring av rv35 Hokksund–Åmot og tilknytning til næringsområdene",
        "description": (
            "Strekningen har mye tungtrafikk og er viktig for næringslivet og "
            "arbeidspendlingen i Øvre Eiker og Modum. Fylkeskommunen og kommunene "
            "arbeider for at staten prioriterer utbedring av strekningen."
        ),
        "goal": "verdiskaping",
        "themes": ["tungtransport", "naeringsomrader"],
        "owner": "Buskerud fylkeskommune, samferdsel, med Øvre Eiker og Modum kommuner",
        "status": "planned",
    },
    {
        "key": "m16",
        "title": "Utviklingsprogram for næringsliv og steder i distriktskommunene",
        "description": (
            "Distriktskommunene får støtte til næringsutvikling, stedsutvikling og "
            "kompetanse gjennom flerårige programmer. Programmene finansieres i "
            "hovedsak av de regionale utviklingsmidlene."
        ),
        "goal": "verdiskaping",
        "themes": [],
        "owner": "Buskerud fylkeskommune, regional utvikling, med kommunene i Hallingdal og Numedal",
        "status": "ongoing",
    },
    # --- Goal: Bevaring av natur- og kulturverdier --------------------------
    {
        "key": "m17",
        "title": "Regional plan for kulturarv med prioriterte kulturmiljøer",
        "description": (
            "Planen skal peke ut kulturmiljøer av regional verdi og gi kommunene et "
            "felles grunnlag for arealplanleggingen. Fylkeskommunens rolle som regional "
            "kulturminnemyndighet må være tydelig og ha nok kapasitet."
        ),
        "goal": "natur_kultur",
        "themes": ["kulturarv"],
        "owner": "Buskerud fylkeskommune, kulturarv",
        "status": "ongoing",
    },
    {
        "key": "m18",
        "title": "Stavkirkene i Numedal som ressurs for lokalsamfunn og reiseliv",
        "description": (
            "Stavkirkene i Numedal skal tas i bruk som del av et helhetlig "
            "reiselivstilbud, med god formidling og forsvarlig istandsetting. Eierne "
            "trenger forutsigbare tilskudd til vedlikehold."
        ),
        "goal": "natur_kultur",
        "themes": ["kulturarv"],
        "owner": "Kommunene i Numedal, kirkeeierne og Buskerud fylkeskommune",
        "status": "ongoing",
    },
    {
        "key": "m19",
        "title": "Felles retningslinjer for fritidsboliger i fjellet: fortetting før nye felt",
        "description": (
            "Kommunene i Hallingdal samordner planleggingen av fritidsboliger, med "
            "fortetting innenfor eksisterende områder, tydelige grenser mot sårbare "
            "fjellområder og krav til vann og avløp. Målet er likere praksis mellom "
            "kommunene."
        ),
        "goal": "natur_kultur",
        "themes": ["fritidsboliger"],
        "owner": "Kommunene i Hallingdal",
        "status": "ongoing",
    },
    {
        "key": "m20",
        "title": "Arealregnskap og mål om arealnøytralitet i kommuneplanene",
        "description": (
            "Kommunene skal føre arealregnskap og vurdere å tilbakeføre ubebygde "
            "byggeområder, slik at nedbyggingen av natur og matjord går ned over tid. "
            "Fylkeskommunen tilbyr metodestøtte og felles kartgrunnlag."
        ),
        "goal": "natur_kultur",
        "themes": [],
        "owner": "Buskerud fylkeskommune og kommunene",
        "status": "planned",
    },
    {
        "key": "m21",
        "title": "Tiltak for god vanntilstand i Drammenselva, Numedalslågen og Hallingdalselva",
        "description": (
            "Tiltakene i den regionale vannforvaltningsplanen følges opp med bedre "
            "avløpsløsninger, tiltak mot avrenning fra landbruket og restaurering av "
            "elveløp. Mange tiltak ligger hos statlige sektormyndigheter."
        ),
        "goal": "natur_kultur",
        "themes": [],
        "owner": "Vannområdene i Buskerud med kommunene og Buskerud fylkeskommune",
        "status": "ongoing",
    },
    {
        "key": "m22",
        "title": "Kartlegging av naturverdier i fjellområder med press fra fritidsbebyggelse",
        "description": (
            "Kartleggingen gir kommunene et bedre kunnskapsgrunnlag om naturtyper, myr "
            "og viktige leveområder før nye arealer settes av til fritidsboliger."
        ),
        "goal": "natur_kultur",
        "themes": ["fritidsboliger"],
        "owner": "Buskerud fylkeskommune, klima og miljø",
        "status": "done",
    },
    {
        "key": "m23",
        "title": "Kulturmiljøer i Drammen, Kongsberg og Hønefoss som del av byutviklingen",
        "description": (
            "Historiske bygningsmiljøer skal brukes aktivt når byene fortettes, slik at "
            "nye prosjekter bygger videre på stedenes særpreg. Det krever tidlig dialog "
            "mellom kulturminnemyndighet, kommune og utbygger."
        ),
        "goal": "natur_kultur",
        "themes": ["kulturarv", "attraktive_steder"],
        "owner": "Drammen, Kongsberg og Ringerike kommuner med Buskerud fylkeskommune",
        "status": "ongoing",
    },
    {
        "key": "m24",
        "title": "Sikring og formidling av bergverksarven i Kongsberg og Modum",
        "description": (
            "Gamle gruveområder knyttet til sølvverket på Kongsberg og Blaafarveværket i "
            "Modum skal sikres og formidles, samtidig som eventuell ny "
            "mineralvirksomhet planlegges med hensyn til kulturarven."
        ),
        "goal": "natur_kultur",
        "themes": ["mineraler", "kulturarv"],
        "owner": "Buskerud fylkeskommune, kulturarv, med museene og kommunene",
        "status": "planned",
    },
]

# ---------------------------------------------------------------------------
# National framework conditions (rammebetingelser)
# ---------------------------------------------------------------------------

# Shared source URLs (ministry front pages and documents on regjeringen.no)
_KDD = "https://www.regjeringen.no/no/dep/kdd/id504/"
_NFD = "https://www.regjeringen.no/no/dep/nfd/id714/"
_KD = "https://www.regjeringen.no/no/dep/kd/id586/"
_SD = "https://www.regjeringen.no/no/dep/sd/id791/"
_KLD = "https://www.regjeringen.no/no/dep/kld/id668/"
_NTP = "https://www.regjeringen.no/no/dokumenter/meld.-st.-14-20232024/id3033168/"

# "owner_body" here and "issuer" in HEARINGS name a body of the register of state bodies
# (advocacy/bodies/register.py) by its name, short name or another name; the demo points
# each condition and hearing at that body.
CONDITIONS = [
    {
        "key": "c01",
        "title": "Inntektssystemet for fylkeskommunene",
        "kind": "funding",
        "owner_body": "Kommunal- og distriktsdepartementet",
        "current_state": (
            "Fylkeskommunene fikk nytt inntektssystem fra 2024, jf. Prop. 112 S "
            "(2022–2023). Kostnadsnøkkelen avgjør hvordan rammetilskuddet fordeles "
            "mellom fylkene, blant annet ut fra utgiftsbehovet innen videregående "
            "opplæring, fylkesveier og kollektivtransport."
        ),
        "our_position": (
            "Kostnadsnøkkelen må i større grad fange opp merkostnadene ved en "
            "desentralisert skolestruktur og ved oppfølging av unge utenfor arbeid og "
            "utdanning. Buskerud ber om at kriteriene vurderes på nytt ved neste "
            "gjennomgang av systemet, i dialog med fylkeskommunene."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": [
            "https://www.regjeringen.no/no/tema/kommuner-og-regioner/kommuneokonomi/"
            "inntektssystemet-for-kommuner-og-fylkeskommuner/id551623/",
            _KDD,
        ],
        "lovdata_id": None,
        "responsible": "staff",
    },
    {
        "key": "c02",
        "title": "Statlige planretningslinjer for samordnet bolig-, areal- og transportplanlegging",
        "kind": "regulation",
        "owner_body": "Kommunal- og distriktsdepartementet",
        "current_state": (
            "Gjeldende retningslinjer er fra 2014. Departementet har hatt på høring et "
            "forslag til nye statlige planretningslinjer for arealbruk og mobilitet "
            "(høringsfrist 12.06.2024, ref. 24/1198). Buskerud følger arbeidet med de "
            "endelige retningslinjene."
        ),
        "our_position": (
            "Retningslinjene må skille tydeligere mellom byområder og distrikt, og gi rom "
            "for regionalt avklarte næringsområder utenfor knutepunktene. Buskerud "
            "støtter målet om mindre nedbygging av natur og matjord, men ber om at "
            "regionale planer får større vekt."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": [_KDD],
        "lovdata_id": None,
        "responsible": "staff",
    },
    {
        "key": "c03",
        "title": "Kulturminneloven og ny kulturmiljølov (NOU 2025: 3)",
        "kind": "regulation",
        "owner_body": "Klima- og miljødepartementet",
        "current_state": (
            "Kulturminneloven fra 1978 gjelder. NOU 2025: 3 Ny kulturmiljølov er sendt "
            "på høring av Klima- og miljødepartementet med frist 15.08.2025 "
            "(ref. 25/1428)."
        ),
        "our_position": (
            "Den nye loven bør gi fylkeskommunen en tydelig rolle som regional "
            "kulturmiljømyndighet, med ressurser som står i forhold til oppgavene. "
            "Kostnadene ved arkeologiske registreringer må ikke bremse store "
            "samfunnsviktige næringsprosjekter, og eiere av fredete bygg trenger "
            "forutsigbare tilskudd."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": ["https://lovdata.no/dokument/NL/lov/1978-06-09-50", _KLD],
        "lovdata_id": "LOV-1978-06-09-50",
        "responsible": "staff",
    },
    {
        "key": "c04",
        "title": "Mineralloven og ny minerallov (Prop. 71 L (2024–2025))",
        "kind": "regulation",
        "owner_body": "Nærings- og fiskeridepartementet",
        "current_state": (
            "Ny minerallov, jf. Prop. 71 L (2024–2025), trer i kraft 1. juli 2026 og "
            "erstatter mineralloven fra 2009. Buskerud følger forskriftene og "
            "veiledningen som skal på plass før ikrafttredelsen, og dialogen med "
            "Direktoratet for mineralforvaltning."
        ),
        "our_position": (
            "Forskriftene bør sikre tidlig avklaring mot regionale og kommunale planer, "
            "og hensynet til natur, vann og kulturarv må vektlegges i "
            "konsesjonsbehandlingen. Ansvaret for sikring av eldre gruveområder må bli "
            "tydelig."
        ),
        "priority": "high",
        "status": "monitoring",
        "source_urls": ["https://lovdata.no/dokument/NL/lov/2009-06-19-101", _NFD],
        "lovdata_id": "LOV-2009-06-19-101",
        "responsible": "staff",
    },
    {
        "key": "c05",
        "title": "Plan- og bygningsloven",
        "kind": "regulation",
        "owner_body": "Kommunal- og distriktsdepartementet",
        "current_state": (
            "Plan- og bygningsloven gir rammene for regional og kommunal planlegging, "
            "blant annet regionale planbestemmelser og innsigelse. Eldre "
            "reguleringsplaner gjelder til de blir opphevet eller endret."
        ),
        "our_position": (
            "Buskerud ønsker enklere verktøy for å oppheve eller endre gamle, ikke "
            "utbygde reguleringsplaner, særlig for fritidsboliger. Regionale planer bør "
            "få sterkere virkning der kommunene står sammen om dem."
        ),
        "priority": "medium",
        "status": "monitoring",
        "source_urls": ["https://lovdata.no/dokument/NL/lov/2008-06-27-71", _KDD],
        "lovdata_id": "LOV-2008-06-27-71",
        "responsible": "admin",
    },
    {
        "key": "c06",
        "title": "Rettleiar om planlegging av fritidsbustader (2022)",
        "kind": "regulation",
        "owner_body": "Kommunal- og distriktsdepartementet",
        "current_state": (
            "Departementet ga i 2022 ut en veileder om planlegging av fritidsboliger. "
            "Veilederen er ikke juridisk bindende, men brukes av kommunene og "
            "fylkeskommunen i plansaker."
        ),
        "our_position": (
            "Veilederen dekker i hovedsak behovene i Buskerud, og saken er avsluttet. "
            "Erfaringene fra fjellkommunene meldes inn ved en senere revisjon."
        ),
        "priority": "low",
        "status": "resolved",
        "source_urls": [_KDD],
        "lovdata_id": None,
        "responsible": "staff",
    },
    {
        "key": "c07",
        "title": "Nasjonal transportplan 2025–2036 (Meld. St. 14 (2023–2024))",
        "kind": "priority",
        "owner_body": "Samferdselsdepartementet",
        "current_state": (
            "Stortinget har behandlet Nasjonal transportplan 2025–2036. Planen legger "
            "rammene for statlige investeringer i vei og jernbane, mens de årlige "
            "statsbudsjettene avgjør hva som faktisk settes i gang."
        ),
        "our_position": (
            "Tiltakene på Kongsbergbanen, rv35 og godsknutepunktet i Drammen må få "
            "høyere prioritet ved neste rullering, og Ringeriksbanen og E16 må få en "
            "forutsigbar oppstart. Målet om å flytte gods fra vei til bane og sjø må "
            "følges opp med konkrete tiltak."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": [_NTP, _SD],
        "lovdata_id": None,
        "responsible": "staff",
    },
    {
        "key": "c08",
        "title": "Ringeriksbanen og E16",
        "kind": "priority",
        "owner_body": "Samferdselsdepartementet",
        "current_state": (
            "Statlig reguleringsplan for Ringeriksbanen og E16 ble vedtatt i 2020. "
            "Tidspunktet for finansiering og byggestart avhenger av statens "
            "prioriteringer i Nasjonal transportplan og statsbudsjettet."
        ),
        "our_position": (
            "Staten må fastsette en forutsigbar plan for finansiering og byggestart, slik "
            "at kommunene i Ringeriksregionen kan planlegge for vekst rundt stasjonene."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": [_NTP, _SD],
        "lovdata_id": None,
        "responsible": "admin",
    },
    {
        "key": "c09",
        "title": "To tog i timen mellom Drammen og Kongsberg",
        "kind": "priority",
        "owner_body": "Samferdselsdepartementet",
        "current_state": (
            "Togtilbudet på strekningen bestilles av staten gjennom "
            "Jernbanedirektoratet, og nødvendige tiltak i infrastrukturen må "
            "prioriteres i jernbanesektorens planer. Buskerud har over tid bedt om to "
            "tog i timen mellom Drammen og Kongsberg."
        ),
        "our_position": (
            "Staten må prioritere tiltakene som trengs for to tog i timen, og "
            "Jernbanedirektoratet må bestille tilbudet så snart kapasiteten er på plass."
        ),
        "priority": "medium",
        "status": "active",
        "source_urls": [_NTP],
        "lovdata_id": None,
        "responsible": "staff",
    },
    {
        "key": "c10",
        "title": "Rv35 Hokksund–Åmot",
        "kind": "priority",
        "owner_body": "Samferdselsdepartementet",
        "current_state": (
            "Rv35 er riksvei, og utbedring av strekningen Hokksund–Åmot avhenger av "
            "prioritering i Nasjonal transportplan og i Statens vegvesens planer."
        ),
        "our_position": (
            "Buskerud ber om at strekningen prioriteres for utbedring av hensyn til "
            "trafikksikkerhet og næringstransport."
        ),
        "priority": "medium",
        "status": "monitoring",
        "source_urls": [_NTP],
        "lovdata_id": None,
        "responsible": "staff",
    },
    {
        "key": "c11",
        "title": "Byvekstavtale for Buskerudbyen",
        "kind": "priority",
        "owner_body": "Samferdselsdepartementet",
        "current_state": (
            "Kommunene i Buskerudbyen, fylkeskommunen og statlige etater har lenge "
            "samarbeidet om areal og transport. En byvekstavtale med statlig "
            "medfinansiering forutsetter at staten prioriterer byområdet i Nasjonal "
            "transportplan og statsbudsjettet."
        ),
        "our_position": (
            "Staten bør inngå byvekstavtale for Buskerudbyen, med midler til "
            "kollektivtransport, sykkel og gange."
        ),
        "priority": "medium",
        "status": "active",
        "source_urls": [_NTP, _SD],
        "lovdata_id": None,
        "responsible": "admin",
    },
    {
        "key": "c12",
        "title": "Vannforskriften og de regionale vannforvaltningsplanene",
        "kind": "regulation",
        "owner_body": "Klima- og miljødepartementet",
        "current_state": (
            "Vannforskriften setter miljømål for elver, innsjøer, grunnvann og kystvann. "
            "De regionale vannforvaltningsplanene godkjennes nasjonalt, og mange av "
            "tiltakene ligger hos statlige sektormyndigheter."
        ),
        "our_position": (
            "Staten må følge opp sine egne tiltak i tiltaksprogrammene og sikre "
            "finansiering av arbeidet i vannområdene."
        ),
        "priority": "low",
        "status": "monitoring",
        "source_urls": ["https://lovdata.no/dokument/SF/forskrift/2006-12-15-1446", _KLD],
        "lovdata_id": "FOR-2006-12-15-1446",
        "responsible": "staff",
    },
    {
        "key": "c13",
        "title": "Opplæringslova – oppfølgingstjenesten og retten til å fullføre",
        "kind": "regulation",
        "owner_body": "Kunnskapsdepartementet",
        "current_state": (
            "Ny opplæringslov trådte i kraft 1. august 2024. Loven gir rett til "
            "videregående opplæring til man har oppnådd studie- eller yrkeskompetanse, "
            "og viderefører fylkeskommunens oppfølgingstjeneste."
        ),
        "our_position": (
            "Samarbeidet mellom oppfølgingstjenesten og Nav bør reguleres tydeligere, "
            "og fylkeskommunene må få fullt kompensert merkostnadene ved de utvidede "
            "rettighetene."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": ["https://lovdata.no/dokument/NL/lov/2023-06-09-30", _KD],
        "lovdata_id": "LOV-2023-06-09-30",
        "responsible": "staff",
    },
    {
        "key": "c14",
        "title": "Kvalifiseringsprogrammet og arbeidsmarkedstiltak i Nav",
        "kind": "funding",
        "owner_body": "Arbeids- og inkluderingsdepartementet",
        "current_state": (
            "Kvalifiseringsprogrammet er hjemlet i sosialtjenesteloven og gjennomføres "
            "av Nav-kontorene. Omfanget av arbeidsmarkedstiltak fastsettes i de årlige "
            "statsbudsjettene og fordeles av Arbeids- og velferdsdirektoratet."
        ),
        "our_position": (
            "Tildelingen av tiltaksplasser må ta hensyn til den høye andelen unge utenfor "
            "arbeid og utdanning i Buskerud. Tiltak i Nav må lettere kunne kombineres med "
            "videregående opplæring og fag- eller svenneprøve."
        ),
        "priority": "high",
        "status": "active",
        "source_urls": [
            "https://lovdata.no/dokument/NL/lov/2009-12-18-131",
            "https://www.nav.no/kvalifiseringsprogrammet",
        ],
        "lovdata_id": "LOV-2009-12-18-131",
        "responsible": "staff",
    },
    {
        "key": "c15",
        "title": "Fagskoleloven og finansieringen av fagskolene",
        "kind": "funding",
        "owner_body": "Kunnskapsdepartementet",
        "current_state": (
            "Fylkeskommunene eier de fleste offentlige fagskolene og forvalter "
            "statstilskuddet til fagskoleutdanning. Rammene for nye studieplasser "
            "fastsettes i statsbudsjettet."
        ),
        "our_position": (
            "Buskerud vil ha en mer forutsigbar og flerårig finansiering av "
            "fagskoleplasser, slik at tilbudene kan bygges opp i takt med behovene i "
            "det regionale arbeidslivet."
        ),
        "priority": "medium",
        "status": "monitoring",
        "source_urls": ["https://lovdata.no/dokument/NL/lov/2018-06-08-28", _KD],
        "lovdata_id": "LOV-2018-06-08-28",
        "responsible": "admin",
    },
    {
        "key": "c16",
        "title": "Regionale utviklingsmidler over Kommunal- og distriktsdepartementets budsjett",
        "kind": "funding",
        "owner_body": "Kommunal- og distriktsdepartementet",
        "current_state": (
            "Fylkeskommunene får årlig tilskudd til regional utvikling over "
            "statsbudsjettet, blant annet til mobiliserende og kvalifiserende "
            "næringsutvikling. Størrelsen og fordelingen mellom fylkene varierer fra år "
            "til år."
        ),
        "our_position": (
            "Buskerud vil ha en mer forutsigbar ramme, slik at flerårige "
            "utviklingsprogrammer i distriktskommunene kan planlegges over flere år."
        ),
        "priority": "medium",
        "status": "active",
        "source_urls": [_KDD],
        "lovdata_id": None,
        "responsible": "admin",
    },
    {
        "key": "c17",
        "title": "Naturmangfoldloven",
        "kind": "regulation",
        "owner_body": "Klima- og miljødepartementet",
        "current_state": (
            "Naturmangfoldloven krever at beslutninger som berører natur bygger på et "
            "godt kunnskapsgrunnlag og vurderer den samlede belastningen på økosystemene."
        ),
        "our_position": (
            "Staten bør bidra med bedre nasjonale kartdata om naturverdier, slik at "
            "kommunene kan oppfylle kravene i arealplanleggingen uten egne, kostbare "
            "kartlegginger."
        ),
        "priority": "low",
        "status": "monitoring",
        "source_urls": ["https://lovdata.no/dokument/NL/lov/2009-06-19-100", _KLD],
        "lovdata_id": "LOV-2009-06-19-100",
        "responsible": "staff",
    },
]

# ---------------------------------------------------------------------------
# Dependencies (avhengigheter): (measure, condition, effect, strength 1-3, note)
# The top five by weight are c01 (inntektssystemet), c02 (SPR areal/mobilitet),
# c07 (NTP), c03 (kulturminneloven) and c04 (mineralloven).
# ---------------------------------------------------------------------------

DEPENDENCIES = [
    # c01 Inntektssystemet for fylkeskommunene
    ("m01", "c01", "required", 3, "Utvidet oppfølging krever varig finansiering gjennom rammetilskuddet."),
    ("m02", "c01", "required", 2, "Fagbrev på jobb og læreplasser for voksne finansieres over de frie inntektene."),
    ("m03", "c01", "required", 2, "Fylkeskommunens andel av innsatsteamene må dekkes innenfor rammen."),
    ("m05", "c01", "hinders", 3, "Kostnadsnøkkelen fanger ikke godt nok opp merkostnaden ved små skoler i distriktene."),
    ("m06", "c01", "hinders", 2, "Stram ramme til kollektivtransport begrenser tilpasningen av busstilbudet til togtilbudet."),
    ("m16", "c01", "hinders", 2, "Lite handlingsrom i de frie inntektene til egeninnsats i utviklingsprogrammene."),
    ("m17", "c01", "hinders", 2, "Kapasiteten i kulturarvforvaltningen henger på fylkeskommunens samlede ramme."),
    # c02 Statlige planretningslinjer for areal og mobilitet
    ("m06", "c02", "required", 2, "Retningslinjene styrer utbyggingen mot knutepunktene og er grunnlaget for et godt kollektivtilbud."),
    ("m08", "c02", "enables", 2, "Retningslinjene gir støtte til fortetting og sentrumsutvikling i regionsentrene."),
    ("m09", "c02", "hinders", 3, "Forslaget gir lite rom for arealkrevende næring utenfor byområdene og må ta hensyn til regionale næringsplaner."),
    ("m10", "c02", "hinders", 2, "Godsterminaler trenger store arealer nær bane og havn; lokaliseringskravene må ta høyde for det."),
    ("m14", "c02", "enables", 2, "Retningslinjene understøtter konsentrert utbygging rundt ny stasjon i Hønefoss."),
    ("m19", "c02", "hinders", 2, "Retningslinjene skiller lite mellom by og distrikt og gir lite veiledning om fritidsbebyggelse."),
    ("m20", "c02", "required", 3, "Mål om redusert nedbygging må forankres i statlige retningslinjer for å få gjennomslag i kommunene."),
    # c07 Nasjonal transportplan 2025–2036
    ("m06", "c07", "required", 3, "Tiltakene for to tog i timen Drammen–Kongsberg må prioriteres i NTP."),
    ("m09", "c07", "required", 2, "Næringsområdene forutsetter statlige investeringer i vei- og banetilknytning."),
    ("m10", "c07", "required", 3, "Godsknutepunktet i Drammen må prioriteres i NTP og i jernbanesektorens planer."),
    ("m14", "c07", "hinders", 3, "Uavklart tidspunkt for Ringeriksbanen gjør det vanskelig å planlegge stasjonsbyen."),
    ("m15", "c07", "required", 3, "Utbedring av rv35 Hokksund–Åmot må prioriteres i NTP."),
    # c03 Kulturminneloven / ny kulturmiljølov
    ("m09", "c03", "hinders", 2, "Arkeologiske registreringer og kostnader for tiltakshaver gir usikkerhet for store næringsområder."),
    ("m17", "c03", "required", 3, "Loven avgjør fylkeskommunens myndighet og rolle som regional kulturminnemyndighet."),
    ("m18", "c03", "hinders", 2, "Tilskudd og saksbehandling for istandsetting av fredete kirker er lite forutsigbare for eierne."),
    ("m23", "c03", "hinders", 2, "Uklar vekt på nyere tids kulturmiljøer gir sene konflikter i byutviklingsprosjekter."),
    ("m24", "c03", "required", 2, "Sikring og formidling av gruveområdene må avklares med kulturminnemyndighetene etter loven."),
    # c04 Mineralloven / ny minerallov
    ("m11", "c04", "required", 3, "Loven fastsetter hvordan undersøkelse og drift avklares mot kommunale planer."),
    ("m12", "c04", "enables", 2, "Raskere og mer forutsigbar saksbehandling kan gi tilgang på råvarer til grønn industri."),
    ("m20", "c04", "hinders", 2, "Nye uttak kan komme i konflikt med målet om arealnøytralitet hvis regionale hensyn ikke vektlegges."),
    ("m21", "c04", "hinders", 2, "Avrenning fra masseuttak og gruver kan gi dårligere vanntilstand; kravene i driftskonsesjonene er avgjørende."),
    ("m24", "c04", "required", 2, "Ansvaret for sikring av eldre gruveområder må være tydelig i det nye regelverket."),
    # c13 Opplæringslova
    ("m01", "c13", "required", 3, "Loven regulerer oppfølgingstjenesten og hvem som har krav på oppfølging."),
    ("m02", "c13", "enables", 2, "Retten til å fullføre med studie- eller yrkeskompetanse gir flere veier til fagbrev."),
    ("m04", "c13", "hinders", 2, "Regelverket for voksne er lite tilpasset kombinasjonen av opplæring, arbeid og tiltak i Nav."),
    # c14 Kvalifiseringsprogrammet og arbeidsmarkedstiltak i Nav
    ("m03", "c14", "required", 3, "Innsatsteamene forutsetter tilgang på tiltaksplasser og kvalifiseringsprogram i Nav."),
    ("m04", "c14", "enables", 2, "Kvalifiseringsprogrammet kan gi inntektssikring mens deltakeren tar opplæring."),
    ("m07", "c14", "hinders", 2, "Uklart hvordan frivillige tilbud kan kombineres med tiltak i Nav."),
    # c05 Plan- og bygningsloven
    ("m19", "c05", "hinders", 2, "Gamle reguleringsplaner for fritidsboliger kan bygges ut uten ny vurdering."),
    ("m20", "c05", "hinders", 2, "Det er krevende å tilbakeføre ubebygde byggeområder i vedtatte planer."),
    # c06 Rettleiar om planlegging av fritidsbustader
    ("m19", "c06", "enables", 2, "Veilederen gir kommunene et felles faglig grunnlag for fortetting og lokalisering."),
    # c08 Ringeriksbanen og E16
    ("m14", "c08", "required", 3, "Stasjonsbyen forutsetter at Ringeriksbanen blir bygget."),
    ("m09", "c08", "hinders", 2, "Usikkerheten om Ringeriksbanen og E16 gjør det vanskelig å planlegge næringsarealer i Ringeriksregionen."),
    # c09 To tog i timen Drammen–Kongsberg
    ("m06", "c09", "required", 3, "Tiltaket avhenger av at staten bestiller to tog i timen på strekningen."),
    # c10 Rv35 Hokksund–Åmot
    ("m15", "c10", "required", 3, "Utbedringen av riksveien må finansieres av staten."),
    # c11 Byvekstavtale for Buskerudbyen
    ("m06", "c11", "enables", 2, "En byvekstavtale vil gi statlige midler til kollektivtiltak i Buskerudbyen."),
    # c12 Vannforskriften
    ("m21", "c12", "required", 3, "Miljømålene i vannforskriften er grunnlaget for tiltaksprogrammet."),
    # c15 Fagskoleloven og finansieringen av fagskolene
    ("m13", "c15", "enables", 2, "Statstilskuddet til fagskolene gjør det mulig å etablere nye tilbud."),
    # c16 Regionale utviklingsmidler
    ("m16", "c16", "enables", 3, "De regionale utviklingsmidlene er hovedfinansieringen av programmene."),
    # c17 Naturmangfoldloven
    ("m22", "c17", "enables", 2, "Lovens krav til kunnskapsgrunnlag gir tyngde til kartleggingen."),
    ("m20", "c17", "required", 2, "Lovens prinsipper er grunnlaget for å vekte naturhensyn i arealregnskapet."),
]

#: The municipalities whose målform is nynorsk: the county writes to them in nynorsk.
NYNORSK_MUNICIPALITIES = {"Hol", "Ål", "Gol", "Hemsedal", "Nesbyen", "Nore og Uvdal"}

# Organisations: the county, its 18 municipalities (real kommunenummer from 1 January 2024)
# and a few partners of the other kinds the plan names.
ORGANISATIONS = [
    {"name": "Buskerud fylkeskommune", "kind": "county", "municipality_number": None,
     "contact_email": "post@buskerud.example"},
    *({"name": f"{name} kommune", "kind": "municipality", "municipality_number": number,
       "contact_email": None, "language": "nn" if name in NYNORSK_MUNICIPALITIES else "nb"}
      for number, name in [
          ("3301", "Drammen"), ("3303", "Kongsberg"), ("3305", "Ringerike"), ("3310", "Hole"),
          ("3312", "Lier"), ("3314", "Øvre Eiker"), ("3316", "Modum"), ("3318", "Krødsherad"),
          ("3320", "Flå"), ("3322", "Nesbyen"), ("3324", "Gol"), ("3326", "Hemsedal"),
          ("3328", "Ål"), ("3330", "Hol"), ("3332", "Sigdal"), ("3334", "Flesberg"),
          ("3336", "Rollag"), ("3338", "Nore og Uvdal"),
      ]),
    {"name": "Statsforvalteren i Østfold, Buskerud, Oslo og Akershus", "kind": "state",
     "municipality_number": None, "contact_email": None},
    {"name": "Statens vegvesen", "kind": "state", "municipality_number": None,
     "contact_email": None},
    {"name": "NHO Viken Oslo", "kind": "business", "municipality_number": None,
     "contact_email": None},
    {"name": "Næringsforeningen i Drammensregionen", "kind": "business",
     "municipality_number": None, "contact_email": None},
    {"name": "Buskerud Bondelag", "kind": "organisation", "municipality_number": None,
     "contact_email": None},
    {"name": "Frivilligsentralene i Buskerud", "kind": "volunteer", "municipality_number": None,
     "contact_email": None},
    {"name": "Universitetet i Sørøst-Norge", "kind": "academia", "municipality_number": None,
     "contact_email": None},
]

#: Contacts of organisations without users: (organisation, role, name, email). Kongsberg has
#: no user; an invitation to co-sign goes to its postmottak, with an account link.
ORGANISATION_CONTACTS = [
    ("Kongsberg kommune", "postmottak", "", "postmottak@kongsberg.kommune.no"),
]

# Hearings. The first two are real (REFERENCE.md) and long past; the open ones are examples
# with deadlines counted from the day the demo is loaded ("days" from today).
HEARINGS = [
    {"key": "spr-arealbruk-mobilitet",
     "title": "Høring – forslag til statlige planretningslinjer for arealbruk og mobilitet",
     "issuer": "Kommunal- og distriktsdepartementet", "reference": "24/1198",
     "deadline": "2024-06-12", "published": "2024-03-12", "status": "submitted",
     "conditions": ["c02"], "milestones": True},
    {"key": "nou-2025-3-kulturmiljolov", "title": "Høring - NOU 2025: 3 Ny kulturmiljølov",
     "issuer": "Klima- og miljødepartementet", "reference": "25/1428",
     "deadline": "2025-08-15", "published": "2025-04-15", "status": "submitted",
     "conditions": ["c03"], "milestones": True},
    {"key": "inntektssystem-2027",
     "title": "Høring – justeringer i inntektssystemet for fylkeskommunene (eksempel)",
     "issuer": "Kommunal- og distriktsdepartementet", "reference": None,
     "days": 9, "published_days": -60, "status": "responding", "conditions": ["c01"],
     "milestones": True},
    {"key": "ntp-innspill",
     "title": "Innspill til Nasjonal transportplan 2029–2040 fra fylkeskommunene (eksempel)",
     "issuer": "Samferdselsdepartementet", "reference": None, "days": 24,
     "published_days": -50, "status": "assessing", "conditions": ["c07"], "milestones": True},
    {"key": "mineralforskrift",
     "title": "Høring – forskrift til ny minerallov (eksempel)",
     "issuer": "Nærings- og fiskeridepartementet", "reference": None, "days": 33,
     "published_days": -5, "status": "new", "conditions": ["c04"], "milestones": True},
    {"key": "fritidsboliger-veileder",
     "title": "Høring – veileder om planlegging av fritidsboliger (eksempel)",
     "issuer": "Kommunal- og distriktsdepartementet", "reference": None, "days": 70,
     "published_days": -20, "status": "new", "conditions": ["c06"], "milestones": False},
]

# A joint position paper on the open income-system hearing, to three municipalities; one
# has signed. The text is an example written for the demo.
PAPER = {
    "hearing": "inntektssystem-2027",
    "title": "Felles høringsuttalelse om inntektssystemet for fylkeskommunene",
    "recipient": "Kommunal- og distriktsdepartementet",
    "our_reference": "26/2211",
    #: The county's signatory and the caseworker's phone, printed in the letter (examples).
    "signatory_name": "Anne Eksempel",
    "signatory_title": "fylkesordfører",
    "caseworker_phone": "32 80 86 12",
    "conditions": ["c01"],
    "sections": [
        {"heading": "Innledning",
         "body": "Buskerud fylkeskommune og kommunene i Buskerud gir en felles uttalelse. "
                 "Vi står sammen om at inntektssystemet må gi rom for planens mål om "
                 "**mer innenforskap**."},
        {"heading": "Våre innspill",
         "body": "- Kostnadsnøklene må fange opp andelen unge utenfor arbeid og utdanning.\n"
                 "- Overgangsordninger må gi forutsigbarhet for fylkeskommunene.\n"
                 "- Endringer bør utredes sammen med kommunesektoren."},
        {"heading": "Avslutning",
         "body": "Vi ber departementet om et møte om oppfølgingen. Se også "
                 "[Buskerudplanen](https://www.bfk.no/)."},
    ],
    #: Invited municipalities; the first has signed.
    "invited": ["Drammen kommune", "Kongsberg kommune", "Ringerike kommune"],
    "signed_by": {"organisation": "Drammen kommune", "name": "Pål Partner",
                  "title": "Ordfører", "mandate": "Formannskapet, sak 45/26"},
    #: The sign-by date: also the hearing's "partners sign by" milestone (one date).
    "sign_by_days": 6,
}

# Past papers on the two real hearings, submitted, with outcomes. The texts, archive
# numbers (saksår, sekvensnummer, dokumentnummer) and outcomes are examples made for the demo.
PAST_PAPERS = [
    {"hearing": "spr-arealbruk-mobilitet",
     "title": "Høringsuttalelse om statlige planretningslinjer for arealbruk og mobilitet (eksempel)",
     "recipient": "Kommunal- og distriktsdepartementet", "their_reference": "24/1198",
     "submitted_on": "2024-06-11", "submitted_time": "10:42", "archive_number": (2024, 3312, 4),
     "sections": [{"heading": "Hovedsynspunkt",
                   "body": "Retningslinjene må gi rom for regionale tilpasninger i distriktene."}],
     "outcomes": {"c02": ("partly", "Regional tilpasning nevnes i de vedtatte retningslinjene.")}},
    {"hearing": "nou-2025-3-kulturmiljolov",
     "title": "Høringsuttalelse om ny kulturmiljølov (eksempel)",
     "recipient": "Klima- og miljødepartementet", "their_reference": "25/1428",
     "submitted_on": "2025-08-14", "submitted_time": "14:05", "archive_number": (2025, 2207, 3),
     "sections": [{"heading": "Hovedsynspunkt",
                   "body": "Fylkeskommunens rolle som regional kulturmiljømyndighet må styrkes."}],
     "outcomes": {"c03": ("pending", "Lovproposisjonen er ikke lagt fram.")}},
]

# The county's letterhead on the exported letters (/admin/template). The switchboard
# number is an example; the logo is a plain mark drawn at seed time
# (advocacy.papers.letterhead.simple_mark_png), no real trademark.
LETTERHEAD = {
    "name": "Buskerud fylkeskommune",
    "postal_address": "Postboks 3563\n3007 Drammen",
    "org_number": "821 564 412",
    "switchboard": "32 80 86 00",
    "email": "postmottak@bfk.no",
}

# Postal addresses of the state bodies the demo's papers are addressed to.
BODY_ADDRESSES = {
    "Kommunal- og distriktsdepartementet": "Postboks 8112 Dep\n0032 Oslo",
    "Klima- og miljødepartementet": "Postboks 8013 Dep\n0030 Oslo",
    "Nærings- og fiskeridepartementet": "Postboks 8090 Dep\n0032 Oslo",
    "Samferdselsdepartementet": "Postboks 8010 Dep\n0030 Oslo",
    "Kunnskapsdepartementet": "Postboks 8119 Dep\n0032 Oslo",
}

# People the demo's contacts with the state meet. The names are made up for the demo; real
# members of Stortinget come from `flask import-representatives`.
BODY_PEOPLE = [
    {"body": "Kommunal- og distriktsdepartementet", "name": "Marte Eksempelsen",
     "role": "statssekretaer"},
    {"body": "Samferdselsdepartementet", "name": "Jon Demostad", "role": "ekspedisjonssjef"},
    {"body": "Stortinget", "name": "Ingrid Prøvesen", "role": "stortingsrepresentant",
     "party": "Arbeiderpartiet", "committee": "Kommunal- og forvaltningskomiteen"},
    {"body": "Stortinget", "name": "Per Testrud", "role": "stortingsrepresentant",
     "party": "Høyre", "committee": "Transport- og kommunikasjonskomiteen"},
]

# Contacts with the state about the top-ranked conditions (examples written for the demo).
# "days" counts from the day the demo is loaded; "people" names BODY_PEOPLE by name.
CONTACTS = [
    {"title": "Møte med statssekretæren i KDD om inntektssystemet", "kind": "meeting",
     "days": -12, "time": "10:00", "status": "held",
     "people": ["Marte Eksempelsen"], "conditions": ["c01", "c02"],
     "hearings": ["inntektssystem-2027"], "partners": ["Drammen kommune"],
     "shared_with": ["Drammen kommune"],
     "summary": "Fylkesordføreren og rådgiveren la fram hvordan kostnadsnøkkelen slår ut for "
                "Buskerud, med tall for fylkesveier og kollektivtransport.",
     "agreed": "Departementet tar imot et kort tallgrunnlag før høringsfristen.",
     "follow_up": {"title": "Send tallgrunnlaget for fylkesveiene til KDD", "days": 5}},
    {"title": "Brev til Samferdselsdepartementet om Ringeriksbanen og E16", "kind": "letter",
     "days": -30, "status": "held", "people": ["Jon Demostad"], "conditions": ["c08", "c07"],
     "summary": "Felles brev fra fylkeskommunen og kommunene langs traseen om rekkefølgen "
                "i Nasjonal transportplan.",
     "agreed": ""},
    {"title": "Møte med Buskerud-benken om Nasjonal transportplan", "kind": "meeting",
     "days": -5, "time": "08:30", "status": "held",
     "people": ["Ingrid Prøvesen", "Per Testrud"], "conditions": ["c07", "c08"],
     "hearings": ["ntp-innspill"],
     "summary": "Gjennomgang av fylkets prioriteringer før innspillet til NTP.",
     "agreed": "Representantene tar prioriteringene med inn i komitéarbeidet.",
     "is_exempt": True, "exemption_basis": "offentleglova § 14 første ledd"},
    {"title": "Planlagt møte med KDD om statlige planretningslinjer", "kind": "meeting",
     "days": 14, "time": "13:00", "status": "planned", "people": ["Marte Eksempelsen"],
     "conditions": ["c02"], "summary": "", "agreed": ""},
]

#: The plan's own consultation (planhøring). Written for the demo from the hearing's
#: purpose (issue 18): Buskerudplanen's real consultation questions are not in the
#: reference material, so these five are plausible ones, not quoted.
CONSULTATION = {
    "title": "Høring av Buskerudplanen – spørsmål til partnerne",
    "introduction": (
        "Fylkeskommunen ber partnerne svare på fem spørsmål om Buskerudplanen. Svarene "
        "samles per spørsmål og legges fram for fylkestinget sammen med planforslaget. "
        "Dere kan endre svarene fram til fristen."),
    "days_to_deadline": 45,
    "questions": [
        "Hvordan kan dere bidra til ambisjonen om å jobbe mer målrettet med Buskeruds "
        "rammebetingelser, slik at regionen får mer nasjonalt gjennomslag?",
        "Hvilke nasjonale rammebetingelser – lover, forskrifter, økonomiske ordninger eller "
        "statlige prioriteringer – hindrer eller fremmer arbeidet deres mest, og hvordan?",
        "Hvordan kan Buskerud stå mer samlet i dialogen med staten, og hvilke arenaer (for "
        "eksempel Buskerudtinget) bør brukes til det?",
        "Hvilke av planens utviklingsmål og tiltak vil dere selv bidra til å gjennomføre, og "
        "hva trenger dere fra fylkeskommunen og de andre partnerne for å lykkes?",
        "Har dere andre innspill til Buskerudplanen?",
    ],
    #: (organisation, question number, demo user role who wrote it, text)
    "answers": [
        ("Drammen kommune", 1, "partner",
         "Drammen kommune melder inn de nasjonale reglene som stopper egne prosjekter, med "
         "tall fra arealplanleggingen og kollektivsatsingen, og stiller i felles møter med "
         "departementene når fylkeskommunen samler kommunene."),
        ("Kongsberg kommune", 2, "staff",
         "Mottatt per brev 12.11.: Inntektssystemet og kravene i de statlige "
         "planretningslinjene for samordnet bolig-, areal- og transportplanlegging gjør det "
         "vanskelig å legge til rette for nye næringsområder langs E134."),
    ],
}

#: Partners backing the county's position (``conditions.support``): (condition key,
#: organisation, stance, local example, decided by, reason). Eleven municipalities back the
#: top condition; the next has several backers and one municipality that does not back it.
_INNTEKT = ("Inntektssystemet tar for lite hensyn til spredt bosetting og lange avstander; "
            "vi taper {} millioner kroner i året på dagens kostnadsnøkkel.")
SUPPORT = [
    *(("c01", f"{name} kommune", "backs", _INNTEKT.format(amount),
       f"kommunestyret {day}.11.2026", "")
      for name, amount, day in [
          ("Drammen", 38, 12), ("Kongsberg", 21, 12), ("Ringerike", 24, 13), ("Hole", 4, 13),
          ("Lier", 12, 12), ("Øvre Eiker", 11, 14), ("Modum", 9, 14), ("Krødsherad", 3, 5),
          ("Flå", 2, 5), ("Nesbyen", 5, 6), ("Gol", 6, 6)]),
    ("c07", "Drammen kommune", "backs",
     "Dobbeltsporet Drammen–Kobbervikdalen avgjør om 4 000 nye boliger på Gulskogen kan bygges.",
     "bystyret 19.11.2026", ""),
    ("c07", "Lier kommune", "backs", "", "formannskapet 10.11.2026", ""),
    ("c07", "Kongsberg kommune", "backs",
     "Pendlerne til Kongsberg teknologipark trenger halvtimesfrekvens på Sørlandsbanen.",
     "kommunestyret 12.11.2026", ""),
    ("c07", "Øvre Eiker kommune", "backs", "", "", ""),
    ("c07", "Hol kommune", "does_not_back", "", "",
     "Vi vil heller prioritere rv. 7 over Hardangervidda enn jernbane i Drammensregionen."),
    ("c07", "NHO Viken Oslo", "backs", "", "styret 03.11.2026", ""),
]

#: The 2027 platform, a draft: the top of the ranking as ``platform.services`` picks it.
PLATFORM = {
    "year": 2027,
    "kind": "plattform",
    "introduction": (
        "Buskerudplanen – Med hjerte for Buskerud sier at mange av ambisjonene i planen "
        "avhenger av nasjonale rammebetingelser. Denne plattformen samler de rammebetingelsene "
        "som holder planen mest tilbake, i prioritert rekkefølge, med det fylket og "
        "kommunene ber staten om å endre.\n\n"
        "Plattformen bygger på registeret i Fellesstemme: hvilke tiltak hver sak holder "
        "tilbake, hvem som står bak standpunktet, dialogen med staten så langt og hva vi "
        "fikk gjennomslag for i fjor."),
}

#: Partners' proposals of conditions: Ringerike's accepted as a new condition (staff's
#: title, kind and priority in ``accepted``), Drammen's waiting for staff.
PROPOSALS = [
    {"organisation": "Ringerike kommune", "by": None,
     "title": "Statlige innsigelser til sentrumsplaner",
     "owner_body": "Kommunal- og distriktsdepartementet",
     "what_should_change": "Statsforvalteren bør samordne statens innsigelser til kommunale "
                           "sentrumsplaner og avgjøre motstrid mellom etatene før planen "
                           "legges ut på høring.",
     "local_consequence": "Områdeplanen for Hønefoss sentrum har ventet på avklaring mellom "
                          "tre statlige etater, og boligbyggingen ved den nye stasjonen står "
                          "stille imens.",
     "examples": "Tre innsigelser fra tre etater, 14 måneders forsinkelse, om lag 400 boliger "
                 "venter på endelig plan.",
     "measures": ["m14"],
     "accepted": {"title": "Samordning av statlige innsigelser til sentrumsplaner",
                  "kind": "regulation", "priority": "medium",
                  "note": "Tatt inn i registeret; vi tar det opp i neste møte med KDD."}},
    {"organisation": "Drammen kommune", "by": "partner",
     "title": "Momskompensasjon for utleieboliger i kommunal regi",
     "owner_body": "Finansdepartementet",
     "what_should_change": "Kommunale utleieboliger for vanskeligstilte bør gi rett til "
                           "momskompensasjon som andre kommunale bygg.",
     "local_consequence": "Uten kompensasjon blir hver ny utleiebolig en fjerdedel dyrere, og "
                          "kommunen bygger færre enn boligsosial handlingsplan krever.",
     "examples": "25 prosent merkostnad, om lag 0,8 millioner kroner per bolig; 30 boliger "
                 "i planperioden.",
     "measures": [], "accepted": None},
]
