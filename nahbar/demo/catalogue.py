"""The kinds of offers the demo invents, modelled on what the source municipalities describe:
storytelling cafés, walks, open meeting points, warm rooms in winter, Advent cafés, phone chains,
online meet-ups, visiting services, singing, games, grief groups, multilingual cafés …

Codes refer to the seeded vocabularies (nahbar/directory/vocabularies/terms.json). ``rhythms``
name the schedule patterns of :mod:`nahbar.demo.rhythms`; ``{kiez}`` in a title is replaced by
the organization's (invented) neighbourhood.
"""

from __future__ import annotations

from dataclasses import dataclass

ALL_ORGS = ("club", "initiative", "welfare", "parish", "neighbourhood_house", "public")
HOUSES = ("neighbourhood_house", "welfare", "parish")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
BASIC_LOW = ("ohne-anmeldung", "allein-willkommen", "kostenlos", "begruessung")


@dataclass(frozen=True)
class OfferKind:
    key: str
    titles: tuple[str, ...]
    summaries: tuple[str, ...]
    what: str
    formats: tuple[str, ...]
    targets: tuple[str, ...]
    low: tuple[str, ...] = BASIC_LOW
    mode: str = "vor-ort"  # delivery_mode code
    rhythms: tuple[str, ...] = ("weekly",)
    days: tuple[str, ...] = WEEKDAYS
    times: tuple[str, ...] = ("15:00",)
    duration: int = 120
    org_kinds: tuple[str, ...] = ALL_ORGS
    place_kinds: tuple[str, ...] = ("neighbourhood_house", "meeting_centre")
    languages: tuple[str, ...] = ()  # in addition to German
    cost: str = ""  # empty = free of charge
    registration: str = ""  # non-empty = registration needed, and how
    easy: str = ""  # easy-language summary ("Leichte Sprache")
    runs_on_holidays: bool = False
    weight: int = 3


OFFER_KINDS: tuple[OfferKind, ...] = (
    OfferKind(
        "erzaehlcafe",
        ("Erzählcafé „Weißt du noch?“", "Erzählcafé im {kiez}", "Geschichten bei Kaffee und Kuchen"),
        ("Bei Kaffee und Kuchen erzählen Menschen aus ihrem Leben – von der ersten Wohnung bis zum Mauerfall. "
         "Zuhören ist genauso willkommen wie Erzählen.",),
        "Jedes Mal gibt es ein Thema, etwa „Mein erster Arbeitstag“ oder „Feste von früher“. Eine Moderatorin "
        "sorgt dafür, dass alle zu Wort kommen, die möchten.",
        ("erzaehlcafe",), ("aeltere", "alle", "alleinlebende"),
        rhythms=("monthly", "biweekly", "weekly"), times=("14:30", "15:00"), cost="Kuchen gegen Spende",
        low=(*BASIC_LOW, "spende"),
        easy="Wir trinken Kaffee. Wir erzählen von früher. Sie können einfach zuhören. Sie können einfach kommen.",
        weight=6,
    ),
    OfferKind(
        "spaziergang",
        ("Gemeinsam unterwegs – Spaziergruppe", "Kiezspaziergang {kiez}", "Spazieren statt Sitzen"),
        ("Eine gemütliche Runde von etwa einer Stunde durch den Kiez, mit Pausen auf Bänken. Niemand wird "
         "zurückgelassen.",),
        "Wir gehen in ruhigem Tempo, auch mit Rollator. Bei Regen gehen wir trotzdem – dann kürzer. Danach "
        "kann, wer mag, noch gemeinsam einen Kaffee trinken.",
        ("bewegung",), ("alle", "aeltere", "alleinlebende"),
        rhythms=("weekly", "weekly2"), times=("10:00", "10:30", "14:00"), duration=90,
        place_kinds=("outdoor",),
        easy="Wir gehen zusammen spazieren. Wir gehen langsam. Wir machen Pausen. Es kostet nichts.",
        weight=6,
    ),
    OfferKind(
        "offener-treff",
        ("Offener Nachbarschaftstreff", "Kiezcafé – einfach vorbeikommen", "Offene Tür im {kiez}"),
        ("Kommen, Kaffee trinken, ins Gespräch kommen – ohne Programm und ohne Anmeldung. Eine Ansprechperson "
         "ist immer da.",),
        "Der Treff ist ein Ort für alle, die Gesellschaft suchen. Zeitungen, Spiele und Kaffee stehen bereit. "
        "Wer zum ersten Mal kommt, wird an der Tür begrüßt.",
        ("offener-treff",), ("alle", "alleinlebende"),
        low=(*BASIC_LOW, "konsumfrei", "begleitung"), rhythms=("weekly2", "weekdays", "weekly"),
        times=("10:00", "14:00"), duration=180, org_kinds=HOUSES,
        easy="Hier können Sie einfach hingehen. Sie müssen nichts kaufen. Sie können mit anderen Menschen reden.",
        weight=8,
    ),
    OfferKind(
        "warme-stube",
        ("Warme Stube", "Warme Stube im {kiez}", "Wärmeraum – drinnen statt allein"),
        ("Im Winter ein warmer Raum mit heißen Getränken, Suppe und Gesellschaft. Auch an den Feiertagen geöffnet.",),
        "Die Warme Stube öffnet von November bis März. Es gibt Tee, Kaffee und eine warme Suppe, Zeitungen und "
        "Spiele. Niemand muss etwas erklären oder bezahlen.",
        ("offener-treff", "essen"), ("alle", "armut", "alleinlebende"),
        low=(*BASIC_LOW, "konsumfrei"), rhythms=("winter",), days=("MO", "WE", "FR", "SA"),
        times=("12:00", "13:00"), duration=240, org_kinds=("welfare", "parish", "neighbourhood_house", "public"),
        place_kinds=("public_building", "church", "neighbourhood_house"), runs_on_holidays=True,
        easy="Im Winter ist es hier warm. Es gibt Tee und Suppe. Sie müssen nichts bezahlen.",
        weight=4,
    ),
    OfferKind(
        "adventscafe",
        ("Adventscafé", "Adventsnachmittag mit Plätzchen", "Lichter im Advent – Kaffeetafel"),
        ("An den Adventssonntagen: Kaffee, Plätzchen, Kerzen und Lieder. Wer allein ist, ist besonders willkommen.",),
        "Wir decken eine lange Tafel, singen ein paar Lieder und erzählen. Ehrenamtliche holen auf Wunsch ab.",
        ("essen", "musik"), ("alle", "aeltere", "alleinlebende"),
        low=(*BASIC_LOW, "fahrdienst"), rhythms=("advent",), times=("15:00",), duration=150,
        org_kinds=("parish", "neighbourhood_house", "club", "welfare"), place_kinds=("church", "neighbourhood_house"),
        weight=3,
    ),
    OfferKind(
        "heiligabend",
        ("Heiligabend gemeinsam", "Nicht allein an Weihnachten", "Weihnachtsessen für alle"),
        ("Am 24. Dezember feiern wir zusammen: Essen, Musik, Gespräche. Für alle, die Weihnachten nicht allein "
         "verbringen möchten.",),
        "Es gibt ein warmes Festessen und ein kleines Geschenk. Bitte kurz Bescheid geben, damit genug Essen da ist.",
        ("essen", "gemeindeleben"), ("alle", "alleinlebende", "aeltere"),
        low=("allein-willkommen", "kostenlos", "begruessung", "fahrdienst"), rhythms=("christmas",),
        times=("17:00",), duration=240, org_kinds=("parish", "welfare", "neighbourhood_house"),
        place_kinds=("church", "neighbourhood_house"), registration="Bitte bis 20. Dezember telefonisch anmelden.",
        runs_on_holidays=True, weight=2,
    ),
    OfferKind(
        "telefonkette",
        ("Telefonkette „Guten Morgen“", "Morgenanruf – jeden Tag ein Gespräch", "Telefonkette {kiez}"),
        ("Jeden Werktag ruft jemand aus der Kette an und fragt: Wie geht es Ihnen? Wer mitmacht, ruft selbst "
         "die nächste Person an.",),
        "Die Telefonkette verbindet Menschen, die allein leben. Die Anrufe dauern so lange, wie beide möchten. "
        "Eine Koordinatorin ist erreichbar, wenn jemand einmal nicht abnimmt.",
        ("telefon",), ("alleinlebende", "aeltere", "hochaltrige"),
        low=("kostenlos", "allein-willkommen"), mode="telefonisch", rhythms=("weekdays",),
        times=("09:00", "10:00"), duration=60, org_kinds=("welfare", "initiative", "parish"),
        registration="Einmal anrufen und Telefonnummer hinterlassen.",
        easy="Jemand ruft Sie jeden Morgen an. Sie können reden. Das kostet nichts.", weight=4,
    ),
    OfferKind(
        "plaudertelefon",
        ("Plaudertelefon", "Zuhörtelefon am Nachmittag", "Sorgentelefon für Ältere"),
        ("Einfach anrufen und reden: Ehrenamtliche haben Zeit zum Zuhören – über Alltag, Sorgen und Freuden.",),
        "Sie müssen Ihren Namen nicht sagen. Die Ehrenamtlichen sind geschult und vertraulich.",
        ("telefon", "gespraech"), ("alleinlebende", "aeltere", "alle"),
        low=("kostenlos", "allein-willkommen"), mode="telefonisch", rhythms=("weekly2", "weekly"),
        times=("16:00", "17:00"), duration=180, org_kinds=("welfare", "initiative", "parish", "neighbourhood_house"),
        runs_on_holidays=True, easy="Sie rufen an. Jemand hört Ihnen zu. Sie müssen Ihren Namen nicht sagen.",
        weight=4,
    ),
    OfferKind(
        "online-treff",
        ("Online-Stammtisch", "Digitaler Kaffeeklatsch", "Videotreff am Abend"),
        ("Treffen per Video am Computer, Tablet oder Smartphone. Den Link gibt es per E-Mail; beim ersten Mal "
         "hilft jemand beim Einwählen.",),
        "Wir plaudern eine Stunde über Gott und die Welt. Die Kamera darf auch ausbleiben.",
        ("digital", "offener-treff"), ("alle", "alleinlebende", "behinderung"),
        low=("kostenlos", "allein-willkommen"), mode="online", rhythms=("weekly", "biweekly"),
        times=("18:00", "19:00"), duration=60, org_kinds=("initiative", "club", "welfare", "public"),
        registration="Link per E-Mail anfragen.", weight=3,
    ),
    OfferKind(
        "online-gedaechtnis",
        ("Gedächtnistraining online", "Rätselrunde im Netz"),
        ("Gemeinsam rätseln und das Gedächtnis trainieren – per Video von zu Hause aus.",),
        "Eine Trainerin stellt Aufgaben, alle knobeln mit. Spaß steht vor Leistung.",
        ("digital", "spiele"), ("aeltere", "hochaltrige"), low=("kostenlos", "allein-willkommen"),
        mode="online", rhythms=("weekly",), times=("10:00", "11:00"), duration=60,
        org_kinds=("welfare", "public", "club"), registration="Link per E-Mail anfragen.", weight=1,
    ),
    OfferKind(
        "smartphone",
        ("Smartphone-Sprechstunde", "Digital-Café: Hilfe mit Handy und Tablet"),
        ("Fragen zu Handy, Tablet oder Videoanruf? Jugendliche und Ehrenamtliche helfen geduldig.",),
        "Bringen Sie Ihr Gerät und Ihre Fragen mit – etwa wie man Fotos an die Enkel schickt.",
        ("digital", "generationen"), ("aeltere", "hochaltrige"), low=(*BASIC_LOW, "leichte-sprache"),
        rhythms=("weekly", "biweekly"), times=("10:00", "14:00"), org_kinds=("public", "neighbourhood_house", "club"),
        place_kinds=("library", "neighbourhood_house"), weight=3,
    ),
    OfferKind(
        "besuchsdienst",
        ("Besuchsdienst „Zeit schenken“", "Ehrenamtlicher Besuchsdienst", "Besuchspatenschaften {kiez}"),
        ("Ehrenamtliche besuchen Menschen zu Hause – zum Reden, Vorlesen, Spazierengehen. Sprechstunde zur "
         "Vermittlung einmal pro Woche.",),
        "Wer besucht werden möchte oder selbst besuchen will, meldet sich in der Sprechstunde. Wir vermitteln "
        "passende Besuchspaare und begleiten sie.",
        ("besuchsdienst", "ehrenamt"), ("hochaltrige", "aeltere", "pflegende"),
        low=("kostenlos", "begleitung"), mode="aufsuchend", rhythms=("weekly",), times=("10:00",), duration=120,
        org_kinds=("welfare", "parish"), registration="Bitte anrufen; wir vereinbaren einen ersten Besuch.",
        easy="Jemand besucht Sie zu Hause. Sie können zusammen reden. Das kostet nichts.", weight=4,
    ),
    OfferKind(
        "singen",
        ("Offenes Singen", "Kiezchor für alle", "Singen ohne Noten"),
        ("Wir singen Volkslieder, Schlager und Popsongs – ohne Vorkenntnisse und ohne Noten. Texte liegen aus.",),
        "Ein Musiker begleitet am Klavier. Man darf auch nur zuhören und mitsummen.",
        ("musik",), ("alle", "aeltere"), rhythms=("weekly", "biweekly"), times=("17:00", "18:00", "16:00"),
        duration=90, place_kinds=("church", "neighbourhood_house", "meeting_centre"), weight=4,
    ),
    OfferKind(
        "spielenachmittag",
        ("Spielenachmittag", "Skat- und Romméerunde", "Brettspieltreff im {kiez}"),
        ("Brett- und Kartenspiele in gemütlicher Runde. Spiele sind da, Mitspielende auch.",),
        "Ob Mensch ärgere Dich nicht, Skat oder Rummikub – neue Gesichter sind jederzeit willkommen.",
        ("spiele",), ("alle", "aeltere"), rhythms=("weekly", "biweekly"), times=("14:00", "15:00"),
        duration=150, place_kinds=("meeting_centre", "club_house", "neighbourhood_house"), weight=5,
    ),
    OfferKind(
        "schach",
        ("Schach im Park", "Schachtreff für alle Generationen"),
        ("Schach für Anfängerinnen, Anfänger und alte Hasen. Bretter sind vorhanden.",),
        "Bei gutem Wetter draußen, sonst im Vereinsheim.",
        ("spiele", "generationen"), ("alle",), rhythms=("weekly",), days=("TU", "TH", "SA"),
        times=("16:00",), org_kinds=("club",), place_kinds=("club_house", "outdoor"), weight=1,
    ),
    OfferKind(
        "trauercafe",
        ("Trauercafé", "Gesprächskreis für Trauernde", "Café Lichtblick – für Trauernde"),
        ("Ein geschützter Raum für Menschen, die jemanden verloren haben. Reden oder schweigen – beides ist in "
         "Ordnung.",),
        "Begleitet von ausgebildeten Trauerbegleiterinnen. Was besprochen wird, bleibt im Raum.",
        ("gespraech",), ("trauernde",), low=("ohne-anmeldung", "allein-willkommen", "kostenlos", "begleitung"),
        rhythms=("monthly_last", "monthly"), days=("TU", "WE", "FR"), times=("16:00", "17:00"), duration=120,
        org_kinds=("parish", "welfare"), place_kinds=("church", "meeting_centre"),
        easy="Jemand ist gestorben. Sie sind traurig. Hier können Sie darüber reden.", weight=3,
    ),
    OfferKind(
        "sprachcafe",
        ("Mehrsprachiges Café", "Sprachcafé „Deutsch und mehr“", "Café der Kulturen"),
        ("Menschen aus vielen Ländern treffen sich, sprechen Deutsch und ihre Sprachen und lernen sich kennen.",),
        "Ehrenamtliche helfen beim Deutschsprechen. Kinder dürfen mitkommen; es gibt eine Spielecke.",
        ("offener-treff", "generationen"), ("migration", "alle", "familien"),
        low=(*BASIC_LOW, "kinderbetreuung", "leichte-sprache"), rhythms=("weekly",), times=("16:00", "17:00"),
        org_kinds=("initiative", "neighbourhood_house", "welfare"), languages=("ar", "uk", "tr", "fa", "en"),
        easy="Hier treffen sich Menschen aus vielen Ländern. Wir sprechen Deutsch. Sie können auch Ihre Sprache "
             "sprechen.",
        weight=4,
    ),
    OfferKind(
        "ukrainisch",
        ("Ukrainischer Nachbarschaftstreff", "Treff „Razom – Gemeinsam“"),
        ("Ein Treffpunkt für Menschen aus der Ukraine und ihre Nachbarinnen und Nachbarn – mit Tee und Gesprächen.",),
        "Es gibt Informationen zu Beratungsstellen und Deutschkursen und vor allem Zeit füreinander.",
        ("offener-treff",), ("migration", "familien"), rhythms=("weekly",), days=("SA", "TH"),
        times=("15:00",), org_kinds=("initiative", "welfare"), languages=("uk", "ru"), weight=1,
    ),
    OfferKind(
        "mittagstisch",
        ("Mittagstisch", "Gemeinsam essen – Mittagstisch im {kiez}", "Suppenküche mit Herz"),
        ("Ein warmes Mittagessen in Gesellschaft, frisch gekocht. Niemand isst allein.",),
        "Es gibt ein Gericht, auch vegetarisch. Wer wenig Geld hat, zahlt, was möglich ist.",
        ("essen",), ("aeltere", "alleinlebende", "armut"), low=("ohne-anmeldung", "allein-willkommen", "spende"),
        rhythms=("weekly2", "weekdays"), days=("MO", "WE", "FR"), times=("12:00",), duration=90,
        org_kinds=("welfare", "parish", "neighbourhood_house"), cost="3,50 € (ermäßigt 1 €)", weight=4,
    ),
    OfferKind(
        "kochen",
        ("Gemeinsam kochen", "Kochtreff für Männer", "Backen wie früher"),
        ("Wir kochen oder backen zusammen und essen danach gemeinsam. Rezepte zum Mitnehmen.",),
        "Die Zutaten werden geteilt; Kochkenntnisse sind nicht nötig.",
        ("essen",), ("alle", "alleinlebende", "aeltere"), low=("allein-willkommen", "spende", "begruessung"),
        rhythms=("biweekly", "monthly"), times=("11:00", "16:00"), duration=180,
        org_kinds=("neighbourhood_house", "club", "initiative"), cost="5 € für Zutaten",
        registration="Bitte bis zwei Tage vorher anmelden, die Plätze sind begrenzt.", weight=3,
    ),
    OfferKind(
        "handarbeit",
        ("Strickcafé", "Handarbeitstreff", "Kreativwerkstatt für Jung und Alt"),
        ("Stricken, häkeln, nähen, basteln – bei Kaffee und Gesprächen. Material ist vorhanden.",),
        "Anfängerinnen und Anfänger lernen von den Erfahrenen. Manches Werkstück geht als Spende an die "
        "Kältehilfe.",
        ("kreativ",), ("alle", "aeltere"), rhythms=("weekly", "biweekly"), times=("14:00", "15:00", "10:00"),
        place_kinds=("meeting_centre", "neighbourhood_house", "cafe"), weight=4,
    ),
    OfferKind(
        "malen",
        ("Offenes Atelier", "Malen ohne Vorkenntnisse"),
        ("Malen und Zeichnen in entspannter Runde, angeleitet von einer Künstlerin aus dem Kiez.",),
        "Papier, Farben und Pinsel stellen wir. Es geht ums Tun, nicht ums Können.",
        ("kreativ",), ("alle", "psychische-erkrankung"), rhythms=("weekly", "biweekly"), times=("16:00", "18:00"),
        place_kinds=("other", "neighbourhood_house"), weight=2,
    ),
    OfferKind(
        "repair",
        ("Repair-Café", "Reparieren statt Wegwerfen"),
        ("Kaputte Toaster, Lampen, Fahrräder und Kleidung gemeinsam reparieren – mit Kaffee und Kuchen.",),
        "Ehrenamtliche Tüftlerinnen und Tüftler helfen. Wer wartet, kommt ins Gespräch.",
        ("ehrenamt", "generationen"), ("alle",), low=("ohne-anmeldung", "allein-willkommen", "spende"),
        rhythms=("monthly",), days=("SA",), times=("11:00", "14:00"), duration=180,
        org_kinds=("initiative", "club", "neighbourhood_house"), weight=2,
    ),
    OfferKind(
        "sitzgymnastik",
        ("Sitzgymnastik", "Bewegung im Sitzen", "Fit bis 100"),
        ("Leichte Übungen im Sitzen für Beweglichkeit und gute Laune – auch für Menschen mit Rollator.",),
        "Eine Übungsleiterin zeigt alles langsam vor. Danach gibt es Tee.",
        ("sport", "bewegung"), ("hochaltrige", "aeltere", "behinderung"), rhythms=("weekly",),
        times=("10:00", "10:30"), duration=60, place_kinds=("meeting_centre", "neighbourhood_house"),
        easy="Wir bewegen uns im Sitzen. Das ist leicht. Sie können einfach kommen.", weight=3,
    ),
    OfferKind(
        "tanzcafe",
        ("Tanzcafé", "Tanztee am Samstag"),
        ("Tanzen zu Musik von früher und heute, oder einfach zuschauen bei Kaffee und Kuchen.",),
        "Wer ohne Partnerin oder Partner kommt, findet hier Tanzpaten.",
        ("musik", "bewegung"), ("aeltere", "alleinlebende"), low=("ohne-anmeldung", "allein-willkommen"),
        rhythms=("monthly_last",), days=("SA", "SU"), times=("15:00",), duration=180, cost="4 € Eintritt",
        org_kinds=("club", "neighbourhood_house", "welfare"), weight=2,
    ),
    OfferKind(
        "garten",
        ("Gemeinschaftsgarten", "Gärtnern im {kiez}"),
        ("Gemeinsam säen, jäten und ernten. Keine Erfahrung nötig – Handschuhe und Werkzeug sind da.",),
        "Der Garten ist von April bis Oktober jeden Samstag offen. Die Ernte wird geteilt.",
        ("natur", "ehrenamt"), ("alle", "familien"), rhythms=("garden",), days=("SA",), times=("10:00",),
        duration=180, org_kinds=("initiative", "club"), place_kinds=("outdoor",), weight=2,
    ),
    OfferKind(
        "kiezgeschichte",
        ("Kiezgeschichte zu Fuß", "Geschichtsspaziergang"),
        ("Ein Spaziergang zu Orten, an denen Geschichte passiert ist – erzählt von Menschen, die dabei waren.",),
        "Etwa zwei Kilometer, mit Sitzpausen.",
        ("kultur", "bewegung"), ("aeltere", "alle"), rhythms=("monthly",), days=("SA", "SU", "WE"),
        times=("11:00", "14:00"), duration=120, org_kinds=("club", "public", "neighbourhood_house"),
        place_kinds=("outdoor",), weight=2,
    ),
    OfferKind(
        "ausflug",
        ("Ausflug ins Museum", "Gemeinsam ins Konzert", "Ausflug an den See"),
        ("Ein gemeinsamer Ausflug – wir treffen uns vorher und fahren zusammen mit Bus und Bahn.",),
        "Wer nicht gut zu Fuß ist, sagt bitte vorher Bescheid; wir planen Pausen ein.",
        ("kultur",), ("aeltere", "alleinlebende"), low=("allein-willkommen", "begruessung", "begleitung"),
        rhythms=("oneoff",), times=("10:00", "13:00"), duration=240, cost="Fahrkarte selbst zahlen",
        registration="Bitte bis eine Woche vorher anmelden.", weight=3,
    ),
    OfferKind(
        "kiezfest",
        ("Nachbarschaftsfest", "Kiezfest im {kiez}", "Lichterfest im Hof"),
        ("Ein Fest für die ganze Nachbarschaft mit Musik, Essen und Mitmachaktionen.",),
        "Alle Vereine und Initiativen aus dem Kiez stellen sich vor.",
        ("kultur", "generationen"), ("alle", "familien"), low=("ohne-anmeldung", "kostenlos", "allein-willkommen"),
        rhythms=("oneoff",), days=("SA", "SU"), times=("14:00",), duration=240, weight=2,
    ),
    OfferKind(
        "vortrag",
        ("Infoabend „Einsam? Gemeinsam!“", "Vortrag: Gut älter werden im Kiez"),
        ("Ein Abend mit Informationen, Austausch und einem Überblick über Angebote in der Nachbarschaft.",),
        "Mit Vertreterinnen und Vertretern der Angebote aus dem Bezirk.",
        ("beratung",), ("alle", "aeltere", "pflegende"), rhythms=("oneoff",), times=("18:00",), duration=90,
        org_kinds=("public", "welfare", "neighbourhood_house"), place_kinds=("library", "public_building"),
        weight=2,
    ),
    OfferKind(
        "alleinerziehende",
        ("Frühstück für Alleinerziehende", "Elterncafé mit Kinderbetreuung"),
        ("Entspannt frühstücken und andere Eltern kennenlernen, während die Kinder betreut spielen.",),
        "Für Mütter und Väter, die allein erziehen. Kinder bis sechs Jahre werden betreut.",
        ("essen", "offener-treff"), ("alleinerziehende", "familien"),
        low=("ohne-anmeldung", "kostenlos", "kinderbetreuung", "allein-willkommen"), rhythms=("weekly", "biweekly"),
        days=("SA", "SU", "WE"), times=("09:30", "10:00"), org_kinds=("neighbourhood_house", "welfare"), weight=3,
    ),
    OfferKind(
        "junge-erwachsene",
        ("Abendtreff für junge Erwachsene", "Walk & Talk (18–29)", "Neu in der Stadt? Stammtisch"),
        ("Für alle zwischen 18 und 29, die neue Leute kennenlernen möchten – ohne Druck, ohne Alkoholzwang.",),
        "Wir treffen uns, reden, spielen oder gehen eine Runde. Wer allein kommt, ist ausdrücklich willkommen.",
        ("offener-treff", "spiele"), ("junge-erwachsene",), rhythms=("weekly", "biweekly"), days=("TH", "FR", "TU"),
        times=("19:00", "19:30"), org_kinds=("initiative", "neighbourhood_house", "club"), languages=("en",),
        place_kinds=("cafe", "neighbourhood_house"), weight=3,
    ),
    OfferKind(
        "jugend",
        ("Offener Jugendabend", "Chill-Raum für Jugendliche"),
        ("Ein Raum für Jugendliche zum Abhängen, Reden und Spielen – mit Ansprechpersonen, die zuhören.",),
        "Ohne Anmeldung, ohne Mitgliedschaft.",
        ("offener-treff", "spiele"), ("jugendliche",), rhythms=("weekly2",), days=("TU", "TH", "FR"),
        times=("17:00",), duration=180, org_kinds=("neighbourhood_house", "club"), weight=2,
    ),
    OfferKind(
        "queer",
        ("Queerer Stammtisch", "Regenbogen-Café 60+"),
        ("Ein entspannter Treff für LSBTIQ* und Freundinnen und Freunde – jedes Alter willkommen.",),
        "Ein sicherer Ort zum Ankommen und Austauschen.",
        ("offener-treff",), ("lsbtiq", "aeltere"), rhythms=("monthly",), days=("TH", "FR"), times=("19:00",),
        org_kinds=("initiative",), place_kinds=("cafe", "neighbourhood_house"), weight=1,
    ),
    OfferKind(
        "pflegende",
        ("Gesprächskreis für pflegende Angehörige", "Auszeit-Café für Pflegende"),
        ("Wer Angehörige pflegt, findet hier Verständnis, Austausch und Tipps. Eine Betreuung für die "
         "Gepflegten kann organisiert werden.",),
        "Moderiert von einer Pflegeberaterin.",
        ("gespraech", "beratung"), ("pflegende",), rhythms=("monthly",), days=("WE", "TU"), times=("17:00",),
        duration=90, org_kinds=("welfare", "parish"), weight=2,
    ),
    OfferKind(
        "selbsthilfe",
        ("Selbsthilfegruppe Depression", "Gesprächsgruppe „Wieder Boden finden“"),
        ("Eine Selbsthilfegruppe für Menschen mit Depression oder in seelischen Krisen. Vertraulich und auf "
         "Augenhöhe.",),
        "Neue Teilnehmende melden sich bitte vorher kurz; das Vorgespräch ist unverbindlich.",
        ("gespraech",), ("psychische-erkrankung",), low=("kostenlos", "begleitung", "allein-willkommen"),
        rhythms=("biweekly",), days=("MO", "TU", "WE", "TH"), times=("18:00", "18:30"), duration=90,
        org_kinds=("welfare", "initiative"), registration="Bitte vorher anrufen.", weight=2,
    ),
    OfferKind(
        "kirchcafe",
        ("Gottesdienst mit Kirchcafé", "Sonntagscafé nach dem Gottesdienst"),
        ("Nach dem Gottesdienst bleiben alle noch auf einen Kaffee. Auch wer nicht zum Gottesdienst kommt, ist "
         "willkommen.",),
        "Das Kirchcafé ist ein guter Ort, um neue Leute aus der Nachbarschaft kennenzulernen.",
        ("gemeindeleben", "offener-treff"), ("alle",), rhythms=("weekly",), days=("SU",), times=("11:00",),
        duration=90, org_kinds=("parish",), place_kinds=("church",), runs_on_holidays=True, weight=3,
    ),
    OfferKind(
        "sonntagsfruehstueck",
        ("Sonntagsfrühstück für Alleinlebende", "Sonntags nicht allein – Brunch"),
        ("Der Sonntag ist oft der einsamste Tag. Wir frühstücken gemeinsam und lassen uns Zeit.",),
        "Jede und jeder bringt eine Kleinigkeit mit – oder einfach nur sich selbst.",
        ("essen", "offener-treff"), ("alleinlebende", "aeltere"), low=(*BASIC_LOW, "spende"),
        rhythms=("biweekly", "monthly"), days=("SU",), times=("10:00",), duration=150,
        org_kinds=("neighbourhood_house", "parish", "club"), weight=3,
    ),
    OfferKind(
        "generationencafe",
        ("Generationencafé", "Kita trifft Seniorenheim: Singen und Basteln"),
        ("Kinder aus der Kita und ältere Menschen aus dem Kiez basteln, singen und spielen zusammen.",),
        "Ein fröhlicher Vormittag für Jung und Alt.",
        ("generationen", "kreativ"), ("aeltere", "familien"), rhythms=("monthly",), times=("10:00",), duration=90,
        org_kinds=("neighbourhood_house", "welfare"), weight=2,
    ),
    OfferKind(
        "lotsensprechstunde",
        ("Lotsensprechstunde: Was gibt es in meiner Nähe?", "Beratung: Wege aus der Einsamkeit"),
        ("Sie suchen ein passendes Angebot für sich oder jemand anderen? Wir beraten persönlich und begleiten "
         "auf Wunsch beim ersten Besuch.",),
        "Vertraulich, ohne Anmeldung, ohne Formular.",
        ("beratung",), ("alle", "aeltere", "pflegende"), low=(*BASIC_LOW, "begleitung", "leichte-sprache"),
        rhythms=("weekly",), days=("TU", "TH"), times=("10:00", "14:00"), duration=120,
        org_kinds=("welfare", "public"), place_kinds=("public_building", "library", "meeting_centre"),
        easy="Sie suchen ein Angebot? Wir helfen Ihnen. Wir kommen auch mit, wenn Sie möchten.", weight=3,
    ),
    OfferKind(
        "lesekreis",
        ("Lesekreis", "Vorlesestunde für Erwachsene", "Literaturcafé"),
        ("Gemeinsam lesen und über Bücher sprechen – mit Großdruck-Ausgaben und Hörbüchern für alle, die "
         "schlecht sehen.",),
        "Die Bücher können in der Bibliothek ausgeliehen werden.",
        ("kultur",), ("aeltere", "alle"), rhythms=("monthly",), times=("15:00", "18:00"), duration=90,
        org_kinds=("public", "club", "parish"), place_kinds=("library",), weight=2,
    ),
    OfferKind(
        "inklusiv",
        ("Inklusives Café mit Gebärdensprache", "Café ohne Barrieren"),
        ("Ein Café für Hörende und Gehörlose, für Menschen mit und ohne Behinderung. Gebärdensprachdolmetschung "
         "ist da.",),
        "Der Raum ist stufenlos und hat eine Induktionsschleife.",
        ("offener-treff",), ("behinderung", "alle"), low=(*BASIC_LOW, "leichte-sprache"), rhythms=("monthly",),
        times=("15:00",), org_kinds=("welfare", "initiative"), languages=("gsg",),
        easy="Hier treffen sich Menschen mit und ohne Behinderung. Es gibt Gebärdensprache.", weight=1,
    ),
    OfferKind(
        "feierabend",
        ("Feierabendtreff für Arbeitsuchende", "Frühstück und Austausch – ohne Job ist nicht ohne Wert"),
        ("Ein Treff für Menschen ohne Arbeit: Kaffee, Austausch, Tipps – und niemand fragt nach Ihrem "
         "Lebenslauf.",),
        "Auf Wunsch ist eine Sozialberaterin ansprechbar.",
        ("offener-treff", "beratung"), ("armut", "alle"), low=(*BASIC_LOW, "konsumfrei"), rhythms=("weekly",),
        times=("09:30", "17:00"), org_kinds=("welfare", "initiative"), weight=2,
    ),
)

KIND_BY_KEY = {kind.key: kind for kind in OFFER_KINDS}
