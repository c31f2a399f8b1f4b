"""What the demo projects are about: title, applicant, the three parts of the
short concept (Vorlage 2012/100: Ausgangslage, Zielsetzung, Maßnahme). `{ort}` is the
Sozialraum's name. Invented; the applicants are marked (Demo) when used."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Projekt:
    titel: str
    antragsteller: str  # {ort}: the Sozialraum's name
    zielgruppe: str
    themen: tuple
    ziel: int  # the Konzept's Ziel it serves (DEMO_ZIELE: 1 Familien, 2 Kita–Schule,
    # 3 Jugendliche beteiligen)
    ausgangslage: str
    zielsetzung: str
    massnahme: str


KJH = "Kinder- und Jugendhilfe"
FAM = "Familienbildung"
GSA = "Grundschulsozialarbeit"
INT = "Integration/Flüchtlingssozialarbeit"
GES = "Gesundheitsregion"
SEN = "ReKaP / Seniorenunterstützung"
EIN = "Einsamkeitsvorsorge"
BER = "allgemeine Sozialberatung"

P = Projekt
PROJEKTE = {
    "ferienfreizeit": P(
        "Ferienfreizeit für Grundschulkinder",
        "Ev.-luth. Kirchengemeinde {ort}",
        "Kinder von 6 bis 10 Jahren, besonders aus Familien mit wenig Geld",
        (KJH,),
        1,
        "Viele Kinder in {ort} verbringen die Sommerferien zu Hause; eine "
        "Ferienreise können sich ihre Familien nicht leisten.",
        "Kinder erleben eine Woche Gemeinschaft; Eltern werden in den Ferien "
        "entlastet.",
        "Eine Woche Freizeit im Heidehaus mit Betreuung durch geschulte "
        "Ehrenamtliche; Zuschuss zu Fahrt, Unterkunft und Verpflegung.",
    ),
    "elterncafe": P(
        "Elterncafé im Familienzentrum",
        "Familienzentrum {ort}",
        "Eltern mit Kindern unter sechs Jahren",
        (FAM,),
        1,
        "Junge Familien, die neu nach {ort} gezogen sind, finden schwer Anschluss "
        "und kennen die Beratungsangebote nicht.",
        "Eltern lernen einander und die Angebote im Ort kennen; Fragen werden "
        "früh geklärt.",
        "Wöchentliches offenes Elterncafé mit Kinderbetreuung; einmal im Monat "
        "ist eine Fachkraft der Erziehungsberatung zu Gast.",
    ),
    "hausaufgaben": P(
        "Hausaufgabenhilfe für geflüchtete Kinder",
        "Flüchtlingshilfe {ort} e. V.",
        "Grundschulkinder aus geflüchteten Familien",
        (INT, GSA),
        2,
        "In {ort} leben seit dem letzten Jahr mehrere geflüchtete Familien; die "
        "Kinder besuchen die Grundschule und brauchen Hilfe bei den Hausaufgaben.",
        "Die Kinder kommen in der Schule mit; die Eltern haben eine feste "
        "Anlaufstelle.",
        "Zweimal wöchentlich Hausaufgabenhilfe in der Schule durch "
        "Ehrenamtliche, begleitet von einer Honorarkraft; Lernmaterial.",
    ),
    "senioren": P(
        "Seniorenbegleitung im Dorf",
        "DRK-Ortsverein {ort}",
        "Ältere Menschen, die allein in den Dörfern leben",
        (SEN, EIN),
        1,
        "In den Dörfern von {ort} leben viele Ältere allein; Busse fahren "
        "selten, Angehörige wohnen weit weg.",
        "Ältere bleiben im Dorf eingebunden; Jugendliche und Familien "
        "übernehmen Patenschaften.",
        "Besuchsdienst mit geschulten Ehrenamtlichen, gemeinsame Fahrten zum "
        "Einkauf, Schulung und Fahrtkosten.",
    ),
    "skatepark": P(
        "Jugendbeteiligung Skatepark-Planung",
        "Jugendzentrum {ort}",
        "Jugendliche von 12 bis 18 Jahren",
        (KJH,),
        3,
        "Jugendliche in {ort} wünschen sich seit Jahren einen Treffpunkt im "
        "Freien; der Gemeinderat will einen Skatepark bauen.",
        "Jugendliche planen den Skatepark selbst mit und lernen, wie Beteiligung "
        "in der Gemeinde funktioniert.",
        "Drei Planungswerkstätten mit einem Moderator, Besuch eines Skateparks, "
        "Vorstellung der Entwürfe im Gemeinderat.",
    ),
    "kita_schule": P(
        "Kooperation Kita–Grundschule: Übergang gestalten",
        "Grundschule {ort}",
        "Vorschulkinder und ihre Eltern",
        (GSA, FAM),
        2,
        "Der Wechsel von der Kita in die Grundschule fällt manchen Kindern in "
        "{ort} schwer; Kitas und Schule arbeiten bisher wenig zusammen.",
        "Kinder kennen Schule und Lehrkräfte vor der Einschulung; Eltern wissen, "
        "was sie erwartet.",
        "Schnuppertage, gemeinsame Projekttage von Kita und Schule, ein "
        "Elternabend und Material für die Lernwerkstatt.",
    ),
    "familienfruehstueck": P(
        "Familienfrühstück im Ortsteil",
        "Kirchengemeinde St. Marien {ort}",
        "Familien mit kleinen Kindern",
        (FAM,),
        1,
        "Im Neubaugebiet von {ort} gibt es keinen Treffpunkt für Familien.",
        "Familien kommen ins Gespräch und erfahren von Hilfen im Ort.",
        "Monatliches Familienfrühstück im Gemeindehaus mit wechselnden Gästen "
        "(Hebamme, Familienberatung, Bücherei).",
    ),
    "herbstferien": P(
        "Ferienprogramm in den Herbstferien",
        "Sportverein {ort} e. V.",
        "Kinder von 6 bis 12 Jahren",
        (KJH,),
        3,
        "In den Herbstferien gibt es in {ort} kein Angebot für Kinder "
        "berufstätiger Eltern.",
        "Kinder sind in den Ferien gut betreut und gestalten das Programm mit.",
        "Zwei Ferienwochen mit Sport, Ausflügen und einer Kinderversammlung, "
        "die das Programm mitbestimmt.",
    ),
    "zeltlager": P(
        "Zuschuss Zeltlager der Jugendfeuerwehr",
        "Jugendfeuerwehr {ort}",
        "Mitglieder der Jugendfeuerwehr",
        (KJH,),
        3,
        "Die Jugendfeuerwehr {ort} fährt jedes Jahr ins Zeltlager; die Kosten "
        "sind gestiegen.",
        "Alle Mitglieder können mitfahren.",
        "Zuschuss zu Fahrt, Zeltmiete und Verpflegung.",
    ),
    "vereinsausflug": P(
        "Vereinsausflug der Jugendabteilung",
        "Turn- und Sportverein {ort} e. V.",
        "Jugendabteilung des Vereins",
        (KJH,),
        3,
        "Die Jugendabteilung des Vereins in {ort} möchte zum Saisonabschluss "
        "einen Ausflug machen.",
        "Die Mannschaften wachsen zusammen.",
        "Busfahrt in einen Freizeitpark, Eintritt und Verpflegung.",
    ),
    "erste_hilfe": P(
        "Erste-Hilfe-Kurs für Babysitter",
        "Jugendrotkreuz {ort}",
        "Jugendliche ab 14 Jahren, die babysitten",
        (KJH, FAM),
        1,
        "Viele Familien in {ort} suchen verlässliche Babysitter; Jugendliche "
        "fühlen sich unsicher.",
        "Jugendliche sind gut vorbereitet; Familien finden Betreuung über eine "
        "Babysitterliste.",
        "Zwei Kurse mit Erster Hilfe am Kind und Grundlagen der Betreuung; "
        "Babysitterliste im Familienzentrum.",
    ),
    "jugendtreff": P(
        "Jugendtreff am Nachmittag",
        "Jugendpflegeverein {ort} e. V.",
        "Jugendliche von 12 bis 16 Jahren",
        (KJH,),
        3,
        "Nach der Schule haben Jugendliche in {ort} keinen Ort, an dem sie "
        "sich treffen können; es gibt Ärger an der Bushaltestelle.",
        "Jugendliche haben einen betreuten Treffpunkt und gestalten ihn mit.",
        "Öffnung des Treffs an drei Nachmittagen mit Honorarkraft; ein "
        "Jugendrat entscheidet über das Programm.",
    ),
    "moebel": P(
        "Neue Möbel für den Jugendraum",
        "Gemeindejugendpflege {ort}",
        "Besucherinnen und Besucher des Jugendraums",
        (KJH,),
        3,
        "Die Möbel im Jugendraum {ort} sind verschlissen.",
        "Der Jugendraum wird wieder einladend.",
        "Kauf von Sofas, Tischen und einem Kicker.",
    ),
    "sprachcafe": P(
        "Sprachcafé für zugewanderte Mütter",
        "Volkshochschule Region Lüneburg, Außenstelle {ort}",
        "Zugewanderte Mütter mit kleinen Kindern",
        (INT, FAM),
        1,
        "Zugewanderte Mütter in {ort} sind mit ihren Kindern viel allein; die "
        "Sprachkurse in Lüneburg sind für sie schwer zu erreichen.",
        "Mütter üben Deutsch im Alltag und lernen Kita, Schule und Beratung kennen.",
        "Wöchentliches Sprachcafé mit Kinderbetreuung im Ort; Besuche in Kita, "
        "Bücherei und Arztpraxis.",
    ),
    "lesepaten": P(
        "Lesepaten für Kita und Grundschule",
        "Bürgerstiftung {ort}",
        "Kinder von 4 bis 8 Jahren",
        (GSA,),
        2,
        "Lehrkräfte in {ort} berichten, dass viele Kinder zur Einschulung kaum "
        "vorgelesen bekommen haben.",
        "Kinder haben Freude an Büchern; der Übergang in die Schule gelingt besser.",
        "Ehrenamtliche Lesepaten lesen wöchentlich in Kita und Grundschule; "
        "Schulung und Bücherkisten.",
    ),
    "mobile_jugendarbeit": P(
        "Mobile Jugendarbeit am Nachmittag",
        "Diakonisches Werk, Jugendhilfe {ort}",
        "Jugendliche in den Dörfern ohne Jugendtreff",
        (KJH,),
        3,
        "In den kleinen Dörfern von {ort} gibt es keine Angebote für "
        "Jugendliche; viele sind auf den Bus angewiesen.",
        "Jugendliche werden dort erreicht, wo sie sind, und bringen eigene Ideen ein.",
        "Ein Spielmobil mit Fachkraft fährt an zwei Nachmittagen die Dörfer an; "
        "Aktionen werden mit den Jugendlichen geplant.",
    ),
    "zirkus": P(
        "Zirkusprojekt in den Herbstferien",
        "Kinder- und Jugendzirkus {ort} e. V.",
        "Kinder von 8 bis 14 Jahren",
        (KJH,),
        3,
        "Kinder in {ort} haben in den Ferien wenig gemeinsame Angebote.",
        "Kinder erleben, was sie gemeinsam schaffen, und zeigen es dem Ort.",
        "Eine Projektwoche mit Zirkuspädagogen und einer Aufführung für Familien.",
    ),
    "eltern_talk": P(
        "Eltern-Talk: Gesprächsrunden für Eltern",
        "Familienbildungsstätte, Außenstelle {ort}",
        "Eltern von Kindern bis 14 Jahren",
        (FAM,),
        1,
        "Eltern in {ort} wünschen sich Austausch über Erziehungsfragen "
        "(Medien, Pubertät, Schule).",
        "Eltern stärken sich gegenseitig und erfahren von Hilfen.",
        "Sechs moderierte Gesprächsrunden bei Eltern zu Hause.",
    ),
    "krabbelgruppe": P(
        "Eltern-Kind-Gruppe „Krabbelkäfer“",
        "Familienzentrum {ort}",
        "Eltern mit Kindern bis drei Jahre",
        (FAM,),
        1,
        "Für Familien mit Kleinkindern gibt es in {ort} kein Gruppenangebot.",
        "Eltern finden Kontakt; Auffälligkeiten werden früh bemerkt.",
        "Wöchentliche Gruppe mit einer Familienbildnerin; Spielmaterial.",
    ),
    "busfahrt": P(
        "Zuschuss Busfahrt zur Jugendfreizeit",
        "Schützenverein {ort} e. V.",
        "Jugendliche Mitglieder",
        (KJH,),
        3,
        "Die Jugendfreizeit des Vereins wird teurer.",
        "Mehr Mitglieder fahren mit.",
        "Zuschuss zur Busfahrt.",
    ),
    "medien": P(
        "Medienkompetenz für Eltern",
        "Medienzentrum Lüneburg, Projekt {ort}",
        "Eltern von Kindern von 8 bis 14 Jahren",
        (FAM,),
        1,
        "Eltern in {ort} fragen in der Schule oft, wie sie mit Smartphone und "
        "Spielen ihrer Kinder umgehen sollen.",
        "Eltern kennen Risiken und Regeln und sprechen mit ihren Kindern darüber.",
        "Drei Elternabende mit praktischen Übungen an Schule und Kita.",
    ),
    "fahrradwerkstatt": P(
        "Fahrradwerkstatt für Jugendliche",
        "Jugendwerkstatt {ort} gGmbH",
        "Jugendliche von 12 bis 18 Jahren",
        (KJH,),
        3,
        "Jugendliche in {ort} sind aufs Fahrrad angewiesen; viele Räder sind "
        "nicht verkehrssicher.",
        "Jugendliche reparieren selbst und übernehmen Verantwortung für die Werkstatt.",
        "Offene Werkstatt an einem Nachmittag pro Woche mit Anleitung; Werkzeug "
        "und Ersatzteile.",
    ),
    "maedchentreff": P(
        "Mädchentreff",
        "Jugendzentrum {ort}",
        "Mädchen von 10 bis 16 Jahren",
        (KJH,),
        3,
        "Der Jugendtreff in {ort} wird fast nur von Jungen besucht.",
        "Mädchen haben einen eigenen Raum und gestalten das Programm.",
        "Wöchentlicher Mädchentreff mit einer Fachkraft, zwei Wochenendaktionen.",
    ),
    "theater": P(
        "Theaterprojekt an der Oberschule",
        "Oberschule {ort}",
        "Schülerinnen und Schüler der Klassen 7 und 8",
        (KJH,),
        3,
        "An der Oberschule {ort} gibt es Konflikte zwischen Schülergruppen.",
        "Schülerinnen und Schüler erarbeiten ein eigenes Stück und lernen, "
        "miteinander auszukommen.",
        "Theaterpädagogisches Projekt über ein Schulhalbjahr mit Aufführung; "
        "gefördert von einer Stiftung, die Projektmittel sind der Eigenanteil.",
    ),
    "streitschlichter": P(
        "Streitschlichter-Ausbildung an der Grundschule",
        "Grundschule {ort}",
        "Kinder der dritten und vierten Klassen",
        (GSA,),
        2,
        "Auf dem Schulhof in {ort} gibt es häufig Streit.",
        "Kinder lösen Konflikte selbst; das Schulklima wird besser.",
        "Ausbildung von zwölf Streitschlichtern durch eine Mediatorin.",
    ),
    "kochprojekt": P(
        "Interkulturelles Kochprojekt",
        "Nachbarschaftsverein {ort} e. V.",
        "Familien aus dem Ort und zugewanderte Familien",
        (INT, FAM),
        1,
        "Alteingesessene und zugewanderte Familien in {ort} begegnen sich kaum.",
        "Familien lernen einander kennen; Kinder erleben Vielfalt.",
        "Sechs Kochabende reihum in Gemeindehaus und Schulküche.",
    ),
    "musikanlage": P(
        "Musikanlage für das Dorfgemeinschaftshaus",
        "Heimatverein {ort} e. V.",
        "Alle Generationen im Dorf",
        (EIN,),
        1,
        "Für Feste im Dorfgemeinschaftshaus {ort} wird jedes Mal eine Anlage geliehen.",
        "Feste lassen sich leichter ausrichten.",
        "Kauf einer Musikanlage.",
    ),
    "mittagstisch": P(
        "Mittagstisch für Alleinstehende",
        "Kirchengemeinde {ort}",
        "Alleinstehende Ältere und Alleinerziehende",
        (EIN, SEN),
        1,
        "Viele Alleinstehende in {ort} essen allein; Einsamkeit ist ein Thema "
        "in der Sozialkonferenz.",
        "Menschen kommen regelmäßig zusammen; Hilfebedarfe werden bemerkt.",
        "Mittagstisch zweimal im Monat, gekocht mit Jugendlichen der Oberschule.",
    ),
    "familienzentrum": P(
        "Familienzentrum im Aufbau",
        "Samtgemeinde {ort}, Kita „Sonnenblume“",
        "Familien mit Kindern bis zehn Jahre",
        (FAM, BER),
        1,
        "In {ort} gibt es kein Familienzentrum; Beratung gibt es nur in Lüneburg.",
        "Die Kita wird zur Anlaufstelle für Familien.",
        "Sprechstunden von Familienberatung und Sozialberatung in der Kita, "
        "Elternkurse, Ausstattung eines Elternraums.",
    ),
    "leseclub": P(
        "Leseclub in der Bücherei",
        "Gemeindebücherei {ort}",
        "Kinder von 8 bis 12 Jahren",
        (GSA,),
        2,
        "Kinder in {ort} lesen wenig; die Bücherei hat nachmittags geöffnet.",
        "Kinder lesen gern und nutzen die Bücherei.",
        "Wöchentlicher Leseclub mit Honorarkraft, Lesenacht, Autorenlesung.",
    ),
    "bauwagen": P(
        "Bauwagen als Jugendtreff",
        "Jugendinitiative {ort}",
        "Jugendliche von 13 bis 18 Jahren",
        (KJH,),
        3,
        "Jugendliche in {ort} haben keinen Treffpunkt; ein Landwirt stellt "
        "einen Platz zur Verfügung.",
        "Jugendliche bauen und betreiben ihren Treff selbst, begleitet vom "
        "Sozialraumbüro.",
        "Kauf und Ausbau eines gebrauchten Bauwagens mit den Jugendlichen; "
        "Regeln werden gemeinsam vereinbart.",
    ),
    "schwimmkurs": P(
        "Schwimmkurs „Seepferdchen für alle“",
        "DLRG-Ortsgruppe {ort}",
        "Kinder von 5 bis 8 Jahren, die nicht schwimmen können",
        (KJH, GES),
        2,
        "Viele Kinder in {ort} können bei der Einschulung nicht schwimmen; "
        "das nächste Bad ist weit.",
        "Alle Kinder der ersten Klassen können schwimmen.",
        "Schwimmkurse mit Busfahrt zum Bad; Eltern zahlen nach ihren Möglichkeiten.",
    ),
    "nachbarschaftshilfe": P(
        "Nachbarschaftshilfe-Börse",
        "Seniorenbeirat {ort}",
        "Ältere, Familien und Alleinerziehende, die Hilfe brauchen oder geben",
        (EIN, SEN),
        1,
        "In {ort} sind die Wege weit; viele brauchen kleine Hilfen im Alltag.",
        "Nachbarn helfen einander; niemand bleibt allein.",
        "Eine Börse mit Telefonsprechstunde vermittelt Hilfen; Schulung der "
        "Helfenden, Fahrtkosten.",
    ),
    "waldtage": P(
        "Waldtage für Kitakinder",
        "Waldpädagogik {ort} e. V.",
        "Kinder im letzten Kitajahr",
        (GES, GSA),
        2,
        "Kitakinder in {ort} bewegen sich wenig im Freien.",
        "Kinder bewegen sich mehr und lernen die Natur kennen; Kita und Schule "
        "arbeiten zusammen.",
        "Zehn Waldtage mit einer Waldpädagogin, gemeinsam mit der ersten Klasse.",
    ),
    "gesundheitstag": P(
        "Gesundheitstag für Familien",
        "Gesundheitsregion Lüneburg, Partner {ort}",
        "Familien mit Kindern",
        (GES, FAM),
        1,
        "Früherkennungsuntersuchungen und Beratung werden in {ort} wenig genutzt.",
        "Familien lernen Angebote rund um die Gesundheit kennen.",
        "Ein Gesundheitstag in der Grundschule mit Kinderärztin, Zahnprophylaxe, "
        "Bewegungsparcours und Beratung.",
    ),
    "digitale_senioren": P(
        "Digitale Sprechstunde für Senioren",
        "Seniorenbüro {ort}",
        "Ältere Menschen",
        (SEN, EIN),
        1,
        "Ältere in {ort} können Termine und Anträge zunehmend nur noch online "
        "erledigen.",
        "Ältere bleiben selbständig; Jugendliche helfen als Technikpaten.",
        "Wöchentliche Sprechstunde mit jugendlichen Technikpaten; Tablets zum Üben.",
    ),
    "bewerbung": P(
        "Bewerbungstraining für Schulabgänger",
        "Oberschule {ort}, Förderverein",
        "Schülerinnen und Schüler der Abschlussklassen",
        (KJH,),
        3,
        "Viele Schulabgänger in {ort} finden keinen Ausbildungsplatz.",
        "Jugendliche bewerben sich erfolgreich.",
        "Bewerbungstraining mit Betrieben aus dem Ort.",
    ),
    "pauschale": P(
        "Pauschale für die Mitgliedsinstitutionen der Sozialkonferenz",
        "Sozialkonferenz {ort}, Sprecherkreis",
        "Alle Einrichtungen in der Sozialkonferenz",
        (KJH,),
        1,
        "Alle Einrichtungen in {ort} leisten gute Arbeit und brauchen Geld.",
        "Jede Einrichtung erhält einen gleichen Anteil.",
        "Aufteilung der Mittel nach Zahl der anwesenden Institutionen.",
    ),
    "jugendforum": P(
        "Jugendforum",
        "Jugendpflege {ort}",
        "Jugendliche von 14 bis 21 Jahren",
        (KJH,),
        3,
        "Jugendliche in {ort} werden bei Entscheidungen der Gemeinde selten gefragt.",
        "Jugendliche bringen ihre Anliegen in die Gemeinde ein.",
        "Zwei Jugendforen im Jahr mit Moderation; die Ergebnisse gehen in den Rat.",
    ),
    "vaeter": P(
        "Väter-Kind-Wochenende",
        "Familienbildungsstätte, Außenstelle {ort}",
        "Väter mit Kindern von 4 bis 10 Jahren",
        (FAM,),
        1,
        "Angebote der Familienbildung in {ort} erreichen fast nur Mütter.",
        "",
        "",
    ),
    "familienberatung_region": P(
        "Mobile Familienberatung in der Region 2",
        "Diakonisches Werk Lüneburg, Familienberatung",
        "Familien in Scharnebeck, Bardowick und Adendorf",
        (FAM, BER),
        1,
        "Familien aus den Dörfern der Region 2 kommen selten in die "
        "Beratungsstelle nach Lüneburg.",
        "Beratung ist in allen drei Sozialräumen der Region erreichbar.",
        "Eine Beraterin hält in den drei Sozialraumbüros wöchentlich "
        "Sprechstunden; Fahrtkosten und Honorar.",
    ),
}
