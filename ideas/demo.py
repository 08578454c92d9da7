"""Demo ideas for a fresh `make run`, drawn from real Swedish municipal cases.

Skellefteå's customer-driven services (Aktiva seniorer, Ledighetsansökan, Avfallsaffär'n)
and its Social Club where seniors try VR and AR; Krokom's service points that became
information and safety points with backup power, and its citizen dialogue "Hjälp oss
sätta din plats på kartan"; Bräcke's service plan; Skinnskatteberg's knowledge platform
"Fokus Skinnskatteberg". Everything goes through the services, so the demo obeys the
same rules as real data. Idempotent: an idea is keyed on (organisation, title) and left
alone if it exists. Runs after accounts/demo.py and before prototypes/demo.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Organisation, User
from ideas import services
from ideas.models import Evidence, Idea, StageChange


@dataclass
class DemoIdea:
    organisation: str
    author: str
    title: str
    kind: str
    category: str
    summary: str
    body: str
    # (stage, days ago, note): the first is where the idea started, the rest are moves.
    path: list[tuple[str, int, str]]
    tags: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    # (stage, title, text, link, file name or "", file content)
    evidence: list[tuple[str, str, str, str, str, bytes]] = field(default_factory=list)
    # (organisation slug, e-mail of the person who records it, status, note)
    adoptions: list[tuple[str, str, str, str]] = field(default_factory=list)
    followers: list[str] = field(default_factory=list)
    co_organisations: list[str] = field(default_factory=list)
    visibility: str = Idea.Visibility.PUBLIC
    results: str = ""
    lessons_learned: str = ""
    links: list[dict[str, str]] = field(default_factory=list)
    repository_url: str = ""
    software_licence: str = ""
    contact_name: str = ""
    contact_email: str = ""


ANNA = "anna.lindberg@skelleftea.example"
ERIK = "erik.nilsson@skelleftea.example"
MARIA = "maria.persson@krokom.example"
JOHAN = "johan.berg@bracke.example"
SARA = "sara.holm@skinnskatteberg.example"
LARS = "lars.ek@umea.example"
KARIN = "karin.sjoberg@regionjh.example"
GRETA = "greta.medborgare@example.org"
ALI = "ali.medborgare@example.org"

LEDIGHET_SURVEY = (
    "fråga;svar;antal\r\n"
    "Hur lämnar du in ledighetsansökan i dag?;Papper via barnet;212\r\n"
    "Hur lämnar du in ledighetsansökan i dag?;Mejl till mentor;96\r\n"
    "Hur lämnar du in ledighetsansökan i dag?;Ringer skolan;31\r\n"
    "Har en ansökan kommit bort?;Ja;88\r\n"
    "Har en ansökan kommit bort?;Nej;251\r\n"
    "Vill du ansöka i mobilen?;Ja;301\r\n"
    "Vill du ansöka i mobilen?;Vet inte;38\r\n"
).encode()

IDEAS: list[DemoIdea] = [
    DemoIdea(
        organisation="skelleftea",
        author=ERIK,
        title="Ledighetsansökan",
        kind=Idea.Kind.SERVICE_CONCEPT,
        category="education",
        summary=(
            "Vårdnadshavare ansöker om ledighet för sina barn i en e-tjänst i stället för på "
            "en papperslapp som ska via ryggsäcken till mentorn och rektorn."
        ),
        body=(
            "## Bakgrund\n\n"
            "Varje termin hanterar Skellefteå kommuns grundskolor tusentals ansökningar om "
            "ledighet för elever. I dag fyller vårdnadshavaren i en blankett som barnet tar med "
            "till skolan. Mentorn yttrar sig och rektorn beslutar. Blanketter kommer bort, "
            "beslut dröjer och vårdnadshavare vet inte var ärendet befinner sig.\n\n"
            "## Vad vi vill åstadkomma\n\n"
            "- Vårdnadshavare ska kunna ansöka i mobilen på under två minuter.\n"
            "- Båda vårdnadshavarna ska se ansökan och beslutet.\n"
            "- Mentor och rektor ska hantera ansökan i ett flöde, utan utskrifter.\n"
            "- Elevens frånvaro ska registreras automatiskt när ledigheten är beviljad.\n\n"
            "## Så arbetar vi\n\n"
            "Vi följer den kunddrivna metoden: vi har identifierat målgrupperna, intervjuat "
            "vårdnadshavare, mentorer och rektorer, och testar nu prototypen med vårdnadshavare. "
            "Efter första testomgången byggde vi om bekräftelsen och datumväljaren."
        ),
        path=[
            ("target_groups", 210, "Uppdrag från utbildningsförvaltningen efter många synpunkter."),
            ("insights", 190, "Målgrupperna är satta: vårdnadshavare, mentorer, rektorer."),
            ("analysis", 150, "Intervjuer och enkät klara, 339 svar."),
            ("concept", 120, "Analysen visar att spårbarheten är det viktigaste behovet."),
            ("prototype", 90, "Konceptet godkänt av ledningsgruppen för grundskolan."),
            ("user_test", 45, "Klickbar prototyp klar, rekrytering av testare pågår."),
            ("prototype", 25, "Testet visade att bekräftelsen saknas på mobilen: vi itererar."),
            ("user_test", 3, "Version 2 med ny bekräftelse och tillgänglig datumväljare."),
        ],
        tags=["e-tjänst", "skola", "kunddriven utveckling"],
        target_groups=["Vårdnadshavare", "Mentorer", "Rektorer"],
        evidence=[
            (
                "target_groups",
                "Tre målgrupper med olika behov",
                "**Vårdnadshavare** vill ansöka snabbt och veta att ansökan kommit fram. "
                "**Mentorer** vill kunna yttra sig utan att leta efter papper. **Rektorer** vill "
                "se elevens samlade frånvaro innan beslut.",
                "",
                "",
                b"",
            ),
            (
                "insights",
                "Intervjuer med vårdnadshavare och skolpersonal",
                "Vi intervjuade 14 vårdnadshavare, 6 mentorer och 4 rektorer. Det som återkom "
                "mest var osäkerheten: *har ansökan kommit fram, och vem har den nu?* Flera "
                "vårdnadshavare med delad vårdnad berättade att den ena föräldern aldrig fick "
                "veta något om beslutet.",
                "",
                "",
                b"",
            ),
            (
                "insights",
                "Enkät till vårdnadshavare (sammanställning)",
                "339 svar. Drygt var fjärde har varit med om att en ansökan kommit bort.",
                "",
                "enkat-ledighet-sammanstallning.csv",
                LEDIGHET_SURVEY,
            ),
            (
                "analysis",
                "Analys: spårbarhet före snabbhet",
                "Tidsåtgången är inte det största problemet. Det är att ingen vet var ärendet "
                "är. Konceptet måste därför visa status för båda vårdnadshavarna och skicka "
                "en bekräftelse direkt.",
                "",
                "",
                b"",
            ),
            (
                "concept",
                "Konceptbeskrivning",
                "1. Vårdnadshavaren loggar in med e-legitimation och väljer barn.\n"
                "2. Väljer datum och skriver en kort motivering.\n"
                "3. Mentorn får en notis och yttrar sig i samma ärende.\n"
                "4. Rektorn beslutar; båda vårdnadshavarna får beslutet.\n"
                "5. Beviljad ledighet förs automatiskt in i frånvarosystemet.",
                "",
                "",
                b"",
            ),
            (
                "prototype",
                "Klickbar prototyp",
                "Prototypen är byggd i ett designverktyg och går att klicka igenom i mobilen.",
                "https://prototyper.skelleftea.example/ledighetsansokan",
                "",
                b"",
            ),
            (
                "user_test",
                "Resultat från första testomgången",
                "Fem vårdnadshavare testade på distans. Alla kunde logga in, men tre av fem "
                "visste inte om ansökan skickats: bekräftelsen syntes inte på mobilen. "
                "Datumväljaren gick inte att använda med tangentbord.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "umea",
                LARS,
                "evaluating",
                "Vi har samma problem med pappersblanketter och testar konceptet på två "
                "skolor i Umeå under våren.",
            ),
            (
                "bracke",
                JOHAN,
                "interested",
                "Intressant för våra små skolor, vi följer testerna.",
            ),
        ],
        followers=[ANNA, LARS, GRETA, KARIN],
        contact_name="Erik Nilsson",
        contact_email=ERIK,
        links=[
            {
                "title": "Kunddriven verksamhetsutveckling i Skellefteå",
                "url": "https://skelleftea.example/kunddriven-utveckling",
            }
        ],
    ),
    DemoIdea(
        organisation="skelleftea",
        author=ERIK,
        title="Avfallsaffär'n",
        kind=Idea.Kind.SERVICE_CONCEPT,
        category="environment",
        summary=(
            "Ändra ditt abonnemang för sophämtning själv: byt kärlstorlek, hämtintervall eller "
            "anmäl delat kärl med grannen, utan att ringa kundtjänst."
        ),
        body=(
            "## Bakgrund\n\n"
            "Kundtjänsten för avfall tar emot omkring 9 000 samtal om året om ändringar i "
            "abonnemanget. De flesta gäller enkla saker: större eller mindre kärl, hämtning "
            "varannan vecka i stället för varje vecka, eller delat kärl med grannen.\n\n"
            "## Idén\n\n"
            "Avfallsaffär'n är en e-tjänst där hushållet ser sitt abonnemang, jämför vad olika "
            "val kostar per år och gör ändringen direkt. Priset räknas ut medan man väljer, så "
            "att det lönar sig att sortera mer och slänga mindre.\n\n"
            "## Läget nu\n\n"
            "Vi har en prototyp och rekryterar hushåll till ett test. Koden publiceras som "
            "öppen källkod så att andra kommuner kan återanvända den."
        ),
        path=[
            ("insights", 160, "Vi startar med befintlig kundtjänststatistik som grund."),
            ("analysis", 120, "Samtalsanalys och intervjuer med tio hushåll klara."),
            ("concept", 80, "Tre behov: se, jämföra och ändra."),
            ("prototype", 30, "Konceptet klart; prototypen byggs i kommunens e-tjänsteplattform."),
        ],
        tags=["e-tjänst", "avfall", "självservice", "öppen källkod"],
        target_groups=["Villaägare", "Fritidshusägare", "Hushåll"],
        evidence=[
            (
                "insights",
                "Vad samtalen till kundtjänst handlar om",
                "Vi gick igenom 500 samtal. 62 % gällde ändringar som kunden skulle kunna göra "
                "själv, 18 % gällde fakturor och 20 % annat.",
                "",
                "",
                b"",
            ),
            (
                "analysis",
                "Intervjuer med hushåll",
                "Hushållen vill förstå vad ett byte kostar innan de bestämmer sig. Många visste "
                "inte att man kan dela kärl med grannen.",
                "",
                "",
                b"",
            ),
            (
                "concept",
                "Koncept: se, jämför, ändra",
                "Startsidan visar nuvarande abonnemang och årskostnad. Varje val visar den nya "
                "kostnaden direkt. Ändringen bekräftas med e-legitimation och gäller från nästa "
                "tömning.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "bracke",
                JOHAN,
                "evaluating",
                "Vi har samma avfallssystem och tittar på att återanvända koden.",
            ),
        ],
        followers=[ANNA, JOHAN, ALI],
        repository_url="https://code.skelleftea.example/avfallsaffaren",
        software_licence="EUPL-1.2",
        contact_name="Anna Lindberg",
        contact_email=ANNA,
    ),
    DemoIdea(
        organisation="skelleftea",
        author=ANNA,
        title="Aktiva seniorer",
        kind=Idea.Kind.SERVICE_CONCEPT,
        category="care",
        summary=(
            "Ett mer självständigt liv för äldre: en samlad plats där seniorer hittar och anmäler "
            "sig till aktiviteter, träning och gemenskap i sin del av kommunen."
        ),
        body=(
            "## Bakgrund\n\n"
            "Många äldre i Skellefteå vill vara aktiva men vet inte vad som finns. Aktiviteterna "
            "drivs av kommunen, föreningar, kyrkan och studieförbund, och informationen finns på "
            "affischer, i lokaltidningen och på olika webbplatser.\n\n"
            "## Vad vi lärt oss\n\n"
            "Äldre vill inte bli *aktiverade*. De vill själva välja, gärna tillsammans med en "
            "vän, och de vill veta hur man tar sig dit. Anhöriga letar ofta åt sina föräldrar.\n\n"
            "## Konceptet\n\n"
            "En kalender med aktiviteter nära dig, som går att läsa med stor text, höra upp"
            "läst och anmäla sig till med ett klick. Den finns också på skärmar i "
            "träffpunkterna och som tryckt veckoblad."
        ),
        path=[
            ("target_groups", 260, "Del av programmet för ett mer självständigt liv för äldre."),
            ("insights", 230, "Seniorer 65+, anhöriga och föreningar är våra målgrupper."),
            ("analysis", 170, "Fokusgrupper på fyra träffpunkter klara."),
            ("concept", 110, "Behovet av överblick och sällskap väger tyngst."),
            ("prototype", 40, "Konceptet förankrat hos pensionärsorganisationerna."),
        ],
        tags=["äldre", "hälsa", "aktiviteter", "kunddriven utveckling"],
        target_groups=["Seniorer", "Anhöriga", "Föreningar"],
        evidence=[
            (
                "target_groups",
                "Målgrupper",
                "Seniorer som bor hemma, anhöriga som hjälper till, och föreningar som ordnar "
                "aktiviteter.",
                "",
                "",
                b"",
            ),
            (
                "insights",
                "Fokusgrupper på träffpunkterna",
                "Fyra fokusgrupper med sammanlagt 31 seniorer. Det viktigaste: att hitta något "
                "*nära*, att kunna gå med en vän, och att slippa logga in.",
                "",
                "",
                b"",
            ),
            (
                "analysis",
                "Analys av behoven",
                "Tre behov sticker ut: överblick, sällskap och transport. Transport löser vi "
                "inte i e-tjänsten men visar busstider och färdtjänst.",
                "",
                "",
                b"",
            ),
            (
                "concept",
                "Koncept: kalendern som finns överallt",
                "Samma innehåll på webben, på skärmar i träffpunkterna och som tryckt veckoblad. "
                "Föreningarna lägger själva in sina aktiviteter.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "umea",
                LARS,
                "interested",
                "Vi planerar något liknande för våra träffpunkter och vill gärna veta mer.",
            ),
            (
                "region-jamtland-harjedalen",
                KARIN,
                "evaluating",
                "Regionen utvärderar konceptet tillsammans med kommunerna i länet.",
            ),
        ],
        followers=[ERIK, GRETA, KARIN],
        contact_name="Anna Lindberg",
        contact_email=ANNA,
    ),
    DemoIdea(
        organisation="skelleftea",
        author=ANNA,
        title="Social Club – seniorer provar VR och AR",
        kind=Idea.Kind.ACTIVITY,
        category="care",
        summary=(
            "Träffar där seniorer tillsammans provar virtuell och förstärkt verklighet: resor "
            "till platser de inte längre kan besöka, och digital teknik utan pekpinnar."
        ),
        body=(
            "## Vad vi gjorde\n\n"
            "Under ett år ordnade vi Social Club-träffar varannan vecka på tre träffpunkter. "
            "Seniorerna provade VR-glasögon och AR i surfplattor: en promenad i hembyn, en "
            "konsert, ett besök i Paris. Digitala ledsagare och volontärer fanns på plats.\n\n"
            "## Varför\n\n"
            "Ensamhet är en av de största riskerna för äldres hälsa. Tekniken var ett sätt att "
            "samlas och prata, inte ett mål i sig."
        ),
        path=[
            ("concept", 400, "Idén kom från en träffpunktsvärd."),
            ("prototype", 380, "Första träffen som pilot med åtta deltagare."),
            ("user_test", 350, "Utvärdering efter pilotträffarna."),
            ("launch", 300, "Träffar varannan vecka på tre träffpunkter."),
            ("follow_up", 30, "Ett år av träffar: dags för uppföljning."),
        ],
        tags=["äldre", "VR", "AR", "digital delaktighet"],
        target_groups=["Seniorer", "Volontärer"],
        evidence=[
            (
                "prototype",
                "Pilotträff med åtta seniorer",
                "Två fick lätt åksjuka av VR; vi kortade passen till tio minuter och satte alla "
                "på stolar som snurrar.",
                "",
                "",
                b"",
            ),
            (
                "user_test",
                "Utvärdering efter piloten",
                "Sju av åtta ville komma igen. Det bästa var *samtalen efteråt* om platserna "
                "man besökt.",
                "",
                "",
                b"",
            ),
            (
                "follow_up",
                "Uppföljning efter ett år",
                "312 besök, 74 unika deltagare. Hälften har börjat använda surfplatta hemma.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "krokom",
                MARIA,
                "adopted",
                "Vi har startat Social Club på biblioteket i Krokom med samma upplägg.",
            ),
            ("bracke", JOHAN, "interested", "Vi vill prova på vår träffpunkt i Bräcke."),
        ],
        followers=[MARIA, GRETA],
        results=(
            "312 besök och 74 unika deltagare under året. Hälften av deltagarna använder nu "
            "surfplatta hemma, och flera har lärt sig videosamtal med barnbarnen."
        ),
        lessons_learned=(
            "Korta VR-pass (högst tio minuter) och snurrstolar minskar åksjuka. Samtalet efteråt "
            "är viktigare än tekniken. Volontärer behöver en kort introduktion i hygien och "
            "utrustning."
        ),
        contact_name="Anna Lindberg",
        contact_email=ANNA,
    ),
    DemoIdea(
        organisation="krokom",
        author=MARIA,
        title="Servicepunkter blir informations- och trygghetspunkter",
        kind=Idea.Kind.SERVICE_CONCEPT,
        category="safety",
        summary=(
            "Kommunens servicepunkter i byarna blir trygghetspunkter med reservkraft, där "
            "invånarna får information, värme, laddning och hjälp när stormen slår ut elen."
        ),
        body=(
            "## Bakgrund\n\n"
            "Stormarna de senaste vintrarna lämnade delar av Krokoms kommun utan el i flera dygn. "
            "Mobilnätet föll, och många äldre visste inte vart de kunde vända sig.\n\n"
            "## Konceptet\n\n"
            "Servicepunkterna i Föllinge, Trångsviken, Ås och Offerdal får reservkraft och "
            "blir **trygghetspunkter**. Vid en kris finns där\n\n"
            "- information från kommunen på papper och på skärm,\n"
            "- värme, vatten och möjlighet att ladda telefonen,\n"
            "- en radio och en satellittelefon för nödsamtal.\n\n"
            "Till vardags är de servicepunkter som vanligt. Region Jämtland Härjedalen är "
            "medägare och samordnar med kommunerna i länet."
        ),
        path=[
            ("target_groups", 300, "Efter stormen: uppdrag från krisledningsnämnden."),
            ("insights", 270, "Målgrupper: boende i byarna, äldre, lantbrukare."),
            ("analysis", 230, "Byamöten i fyra byar."),
            ("concept", 200, "Behov och platser är kartlagda."),
            ("prototype", 160, "Koncept beslutat i kommunstyrelsen."),
            ("user_test", 120, "Första trygghetspunkten i Föllinge utrustad."),
            ("launch", 60, "Övningen i Föllinge gick bra; alla fyra punkter öppnar."),
        ],
        tags=["krisberedskap", "landsbygd", "reservkraft", "service"],
        target_groups=["Boende på landsbygden", "Äldre", "Lantbrukare"],
        evidence=[
            (
                "insights",
                "Byamöten",
                "Fyra byamöten med 140 deltagare. Det viktigaste var att *veta vart man ska gå* "
                "och att någon finns där.",
                "",
                "",
                b"",
            ),
            (
                "analysis",
                "Var behövs punkterna?",
                "Analys av elnätets sårbarhet, avstånd till tätort och andel äldre boende. Fyra "
                "servicepunkter täcker 80 % av de boende utanför tätorten inom 15 minuter.",
                "",
                "",
                b"",
            ),
            (
                "user_test",
                "Övning i Föllinge",
                "En simulerad strömavbrottskväll med 35 bybor. Reservkraften startade på 40 "
                "sekunder. Skyltningen utomhus behövde bli tydligare.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "bracke",
                JOHAN,
                "adopted",
                "Vi har utrustat två servicepunkter i Bräcke kommun enligt samma modell.",
            ),
            (
                "skinnskatteberg",
                SARA,
                "interested",
                "Vi ser samma behov i våra byar och vill veta vad reservkraften kostade.",
            ),
        ],
        followers=[KARIN, JOHAN, SARA],
        co_organisations=["region-jamtland-harjedalen"],
        results="Fyra trygghetspunkter med reservkraft är öppna sedan vintern.",
        lessons_learned=(
            "Öva tillsammans med byborna innan krisen kommer. Skylta utomhus, och ha "
            "information på papper – när elen går finns inga skärmar."
        ),
        contact_name="Maria Persson",
        contact_email=MARIA,
    ),
    DemoIdea(
        organisation="krokom",
        author=MARIA,
        title="Hjälp oss sätta din plats på kartan",
        kind=Idea.Kind.ACTIVITY,
        category="democracy",
        summary=(
            "Medborgardialog inför den nya översiktsplanen: invånarna markerar på en karta "
            "platser de tycker om, platser som känns otrygga och vad som saknas, och "
            "fokusgrupper fördjupar svaren."
        ),
        body=(
            "## Så gick dialogen till\n\n"
            "Under sex veckor kunde alla som bor eller vistas i Krokoms kommun sätta nålar på en "
            "digital karta och skriva en kommentar. Vi fanns också på plats på bibliotek och i "
            "mataffärer med en stor papperskarta.\n\n"
            "Efteråt höll vi fokusgrupper med unga, äldre och företagare för att förstå "
            "*varför* platserna var viktiga."
        ),
        path=[
            ("target_groups", 200, "Översiktsplanen ska bygga på invånarnas kunskap."),
            ("insights", 150, "Kartdialogen öppnar."),
            ("analysis", 90, "1 200 markeringar och fem fokusgrupper."),
        ],
        tags=["medborgardialog", "översiktsplan", "karta", "fokusgrupper"],
        target_groups=["Invånare", "Unga", "Företagare"],
        evidence=[
            (
                "insights",
                "Kartdialogen i siffror",
                "1 214 markeringar från 486 personer. Flest handlade om badplatser, cykelvägar "
                "och belysning längs skolvägar.",
                "",
                "",
                b"",
            ),
            (
                "insights",
                "Fokusgrupper",
                "Fem fokusgrupper med unga (två), äldre, företagare och nyanlända. Unga saknar "
                "platser att vara på kvällstid; äldre oroar sig för ensliga busshållplatser.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "umea",
                LARS,
                "interested",
                "Vi vill gärna läsa mer om hur ni nådde de unga.",
            ),
        ],
        followers=[KARIN],
        contact_name="Maria Persson",
        contact_email=MARIA,
    ),
    DemoIdea(
        organisation="bracke",
        author=JOHAN,
        title="Serviceplan för Bräcke kommun – åtgärder för service på landsbygden",
        kind=Idea.Kind.ACTIVITY,
        category="business",
        summary=(
            "Serviceplanen samlar åtgärder för att behålla dagligvarubutiker, drivmedel, "
            "ombud och kommunal service i kommunens byar."
        ),
        body=(
            "## Bakgrund\n\n"
            "Bräcke kommun har stora avstånd och få invånare per kvadratkilometer. När en "
            "lanthandel stänger försvinner ofta även ombudet för paket och apotek.\n\n"
            "## Åtgärder i planen\n\n"
            "1. Stöd till lanthandlar som också är servicepunkter.\n"
            "2. Samlad information om service i varje by.\n"
            "3. Samverkan med grannkommunerna om trygghetspunkter.\n"
            "4. Uppföljning varje år tillsammans med byarna."
        ),
        path=[
            ("target_groups", 180, "Regionalt serviceprogram kräver en kommunal serviceplan."),
            ("insights", 150, "Butiker, ombud och byaföreningar är målgrupper."),
            ("analysis", 100, "Intervjuer med butiksägare klara."),
            ("concept", 40, "Analysen klar; förslag till åtgärder tas fram."),
        ],
        tags=["landsbygd", "service", "serviceplan"],
        target_groups=["Lanthandlare", "Byaföreningar", "Boende på landsbygden"],
        evidence=[
            (
                "insights",
                "Intervjuer med lanthandlare",
                "Sju av nio butiker säger att ombudsuppdragen är avgörande för lönsamheten.",
                "",
                "",
                b"",
            ),
            (
                "analysis",
                "Karta över service i byarna",
                "Vi har kartlagt dagligvaror, drivmedel, post- och apoteksombud i 23 byar.",
                "https://bracke.example/serviceplan",
                "",
                b"",
            ),
        ],
        followers=[MARIA],
        contact_name="Johan Berg",
        contact_email=JOHAN,
    ),
    DemoIdea(
        organisation="skinnskatteberg",
        author=SARA,
        title="Fokus Skinnskatteberg – kunskapsplattform",
        kind=Idea.Kind.SERVICE_CONCEPT,
        category="administration",
        summary=(
            "En öppen kunskapsplattform där kommunens statistik, analyser och uppföljningar "
            "samlas och förklaras, så att politiker, tjänstepersoner och invånare utgår från "
            "samma fakta."
        ),
        body=(
            "## Varför\n\n"
            "Kunskapen om kommunen fanns i rapporter, kalkylblad och enskilda medarbetares "
            "huvuden. Inför budgetarbetet lade vi mycket tid på att leta fram samma siffror "
            "varje år.\n\n"
            "## Vad det är\n\n"
            "Fokus Skinnskatteberg samlar statistik om befolkning, skola, omsorg, ekonomi och "
            "miljö med korta texter som förklarar vad siffrorna betyder. Allt är öppna data och "
            "koden är öppen källkod."
        ),
        path=[
            ("concept", 420, "Idé från ekonomiavdelningen inför budgetarbetet."),
            ("prototype", 380, "Konceptet godkänt av kommunledningen."),
            ("user_test", 330, "Prototyp med befolkningsstatistik klar."),
            ("launch", 270, "Test med politiker och tjänstepersoner genomfört."),
            ("follow_up", 60, "Plattformen har varit i drift i snart ett år."),
        ],
        tags=["öppna data", "statistik", "kunskapsstyrning", "öppen källkod"],
        target_groups=["Politiker", "Tjänstepersoner", "Invånare"],
        evidence=[
            (
                "user_test",
                "Test med politiker",
                "Åtta förtroendevalda testade. Diagrammen behövde en mening som sammanfattar "
                "vad de visar.",
                "",
                "",
                b"",
            ),
            (
                "follow_up",
                "Uppföljning",
                "Budgetunderlaget togs fram på halva tiden jämfört med året innan.",
                "",
                "",
                b"",
            ),
        ],
        adoptions=[
            (
                "krokom",
                MARIA,
                "adopted",
                "Vi använder koden för Fokus Krokom sedan i höstas.",
            ),
            ("umea", LARS, "evaluating", "Vi utvärderar plattformen för våra stadsdelar."),
        ],
        followers=[MARIA, LARS],
        results="Budgetunderlaget tas fram på halva tiden. 2 300 besök per månad.",
        lessons_learned=(
            "Förklara varje diagram med en mening. Börja med de siffror som efterfrågas mest."
        ),
        repository_url="https://git.skinnskatteberg.example/fokus-skinnskatteberg",
        software_licence="MIT",
        contact_name="Sara Holm",
        contact_email=SARA,
    ),
    DemoIdea(
        organisation="skelleftea",
        author=ERIK,
        title="Digital incheckning i simhallen",
        kind=Idea.Kind.SERVICE_CONCEPT,
        category="culture",
        visibility=Idea.Visibility.ORGANISATION,
        summary=(
            "Arbetsmaterial: besökare checkar in med årskortet i mobilen i stället för i kassan."
        ),
        body="Internt utkast för kultur- och fritidsförvaltningen. Delas när analysen är klar.",
        path=[("insights", 20, "Start efter köer i kassan under sportlovet.")],
        tags=["fritid", "självservice"],
        target_groups=["Badgäster"],
    ),
]


def _backdate(idea: Idea, path: list[tuple[str, int, str]]) -> None:
    # Demo history should look lived-in; timestamps only, so no signal is needed.
    now = timezone.now()
    changes = list(StageChange.objects.filter(idea=idea).order_by("id"))
    for change, (_stage, days, _note) in zip(changes, path, strict=True):
        StageChange.objects.filter(pk=change.pk).update(
            changed_at=now - datetime.timedelta(days=days)
        )
    started = now - datetime.timedelta(days=path[0][1])
    last = now - datetime.timedelta(days=path[-1][1])
    Idea.objects.filter(pk=idea.pk).update(created_at=started, updated_at=last)
    for index, item in enumerate(Evidence.objects.filter(idea=idea).order_by("id")):
        reached = next((days for stage, days, _n in path if stage == item.stage), path[-1][1])
        Evidence.objects.filter(pk=item.pk).update(
            created_at=now - datetime.timedelta(days=max(0, reached - 5), minutes=index)
        )


def _create(demo: DemoIdea, people: dict[str, User]) -> Idea:
    author = people[demo.author]
    organisation = Organisation.objects.get(slug=demo.organisation)
    start_stage, _days, start_note = demo.path[0]
    idea = services.idea_create(
        actor=author,
        organisation=organisation,
        kind=demo.kind,
        title=demo.title,
        summary=demo.summary,
        body=demo.body,
        category=demo.category,
        stage=start_stage,
        visibility=demo.visibility,
        tags=demo.tags,
        target_groups=demo.target_groups,
        co_organisations=list(Organisation.objects.filter(slug__in=demo.co_organisations)),
        results=demo.results,
        lessons_learned=demo.lessons_learned,
        links=demo.links,
        repository_url=demo.repository_url,
        software_licence=demo.software_licence,
        contact_name=demo.contact_name,
        contact_email=demo.contact_email,
        note=start_note,
    )
    for stage, _days, note in demo.path[1:]:
        services.idea_change_stage(actor=author, idea=idea, stage=stage, note=note)
    for stage, title, text, link, file_name, content in demo.evidence:
        services.evidence_add(
            actor=author,
            idea=idea,
            stage=stage,
            title=title,
            text=text,
            link=link,
            file=SimpleUploadedFile(file_name, content) if file_name else None,
        )
    for slug, email, status, note in demo.adoptions:
        adopter = people[email]
        services.adoption_record(
            actor=adopter,
            idea=idea,
            status=status,
            note=note,
            contact_name=adopter.display_name,
            contact_email=adopter.email,
            organisation=Organisation.objects.get(slug=slug),
        )
    for email in demo.followers:
        services.follow_add(user=people[email], idea=idea)
    _backdate(idea, demo.path)
    return idea


def load(stdout: Any) -> None:
    """Create the demo ideas that do not exist yet (keyed on organisation and title)."""
    emails = {d.author for d in IDEAS} | {
        e for d in IDEAS for e in d.followers + [a[1] for a in d.adoptions]
    }
    people = {u.email: u for u in User.objects.filter(email__in=emails)}
    missing = emails - set(people)
    if missing:
        stdout.write(
            f"Demo ideas: skipped, the demo people are missing ({', '.join(sorted(missing))})."
        )
        return
    created = 0
    for demo in IDEAS:
        if Idea.objects.filter(organisation__slug=demo.organisation, title=demo.title).exists():
            continue
        _create(demo, people)
        created += 1
    stdout.write(f"Demo ideas: {Idea.objects.count()} ideas ({created} new).")
