"""A fictional intake queue for the demo: reports, triage decisions and re-reports.

Every report goes through the intake services (`register_report`, `triage_report`), so
references, deadlines, history rows and audit entries come about exactly as in real use.
All names, texts and addresses are invented; organisations are only named generically
("de basisschool", "het CLB", "de huisarts"). The same centre and the same day always give
the same data: the random generator is seeded with the centre's province.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vk.centres.models import Centre, Province, User
from vk.intake.models import (
    AdviceCase,
    Channel,
    PersonRole,
    ProblemCategory,
    ReferralTarget,
    Report,
    ReporterKind,
    ReporterSector,
    ReportHistory,
    ReportPerson,
    RiskEstimate,
    Status,
    Track,
    TriageDecision,
    Urgency,
)
from vk.intake.services import PersonEntry, ReportDetails, register_report, triage_report
from vk.lib.workdays import DEFAULT_CALENDAR, add_working_days
from vk.people.models import Gender, Person

F = Gender.GIRL_OR_WOMAN.value
M = Gender.BOY_OR_MAN.value

# Plan states: where a demo report stands today.
CRISIS_OPEN = "crisis_open"  # crisis received today, still waiting
CRISIS_DONE = "crisis_done"  # crisis some days ago, crisis intervention decided the same day
OVERDUE = "overdue"  # waiting, triage deadline passed
DUE_SOON = "due_soon"  # waiting, due today or within two working days
FRESH = "fresh"  # waiting, received a day or two ago
ON_TIME = "on_time"  # triaged within the deadline
LATE = "late"  # triaged after the deadline
QUEUE_STATES = (OVERDUE, DUE_SOON, FRESH)


# Families ------------------------------------------------------------------------------


def _names(text: str) -> tuple[str, ...]:
    """'Lina, Mila, De Smet' → ('Lina', 'Mila', 'De Smet')."""
    return tuple(name.strip() for name in text.split(","))


def _postcodes(text: str) -> tuple[tuple[str, str], ...]:
    """'2000 Antwerpen, 2100 Deurne' → (('2000', 'Antwerpen'), ('2100', 'Deurne'))."""
    return tuple((place[:4], place[5:]) for place in _names(text))


@dataclass(frozen=True)
class _Origin:
    """Names and languages for one (fictional) family background."""

    girls: tuple[str, ...]
    boys: tuple[str, ...]
    women: tuple[str, ...]
    men: tuple[str, ...]
    surnames: tuple[str, ...]
    languages: tuple[str, ...]


ORIGINS: dict[str, _Origin] = {
    "flemish": _Origin(
        girls=_names("Lina, Mila, Lotte, Fien, Nore, Lena, Marie, Ella, Janne, Hanne"),
        boys=_names("Noah, Wout, Daan, Jules, Warre, Seppe, Vic, Lars, Mats, Lucas"),
        women=_names("Sarah, Evelien, Sofie, Nathalie, Katrien, Leen, Elke, Annelies"),
        men=_names("Tom, Kevin, Bart, Jelle, Pieter, Stijn, Koen, Dieter"),
        surnames=_names(
            "De Smet, Vermeulen, Claes, Maes, Wouters, Peeters, Janssens, Willems, Goossens, "
            "Verstraeten, Mertens, Jacobs, Van Damme, De Backer"
        ),
        languages=("Nederlands",),
    ),
    "moroccan": _Origin(
        girls=_names("Amira, Nour, Sara, Hiba, Yasmina, Malak"),
        boys=_names("Yusuf, Adam, Rayan, Ilyas, Ayoub, Bilal"),
        women=_names("Fatima, Samira, Nadia, Loubna, Khadija"),
        men=_names("Karim, Mohamed, Rachid, Hamza, Said"),
        surnames=_names("El Idrissi, El Amrani, Bouzid, Azzouzi, Benali, Haddouchi, Tahiri, Ouali"),
        languages=("Arabisch, Frans", "Nederlands, Arabisch", "Berbers, Nederlands"),
    ),
    "turkish": _Origin(
        girls=_names("Elif, Zeynep, Defne, Ecrin, Azra"),
        boys=_names("Emir, Mert, Yusuf, Burak, Kerem"),
        women=_names("Fatma, Esra, Ayşe, Hatice, Melek"),
        men=_names("Mehmet, Hakan, Murat, Emre, Serkan"),
        surnames=_names("Yilmaz, Demir, Kaya, Çelik, Aydin, Öztürk, Arslan, Koç"),
        languages=("Turks", "Turks, Nederlands"),
    ),
    "polish": _Origin(
        girls=_names("Zofia, Oliwia, Maja, Hanna, Julia"),
        boys=_names("Jakub, Kacper, Szymon, Filip, Antoni"),
        women=_names("Anna, Katarzyna, Magdalena, Agnieszka"),
        men=_names("Piotr, Tomasz, Marek, Paweł"),
        surnames=_names("Nowak, Kaczmarek, Mazur, Wójcik, Krawczyk, Zając"),
        languages=("Pools",),
    ),
    "romanian": _Origin(
        girls=_names("Ioana, Maria, Elena, Andreea, Bianca"),
        boys=_names("Andrei, Luca, David, Matei, Stefan"),
        women=_names("Alina, Cristina, Mihaela, Roxana"),
        men=_names("Mihai, Florin, Ionut, Adrian"),
        surnames=_names("Popescu, Ionescu, Dumitru, Stan, Munteanu, Constantin"),
        languages=("Roemeens",),
    ),
    "francophone": _Origin(
        girls=_names("Chloé, Léa, Manon, Camille, Inès"),
        boys=_names("Louis, Hugo, Nathan, Théo, Arthur"),
        women=_names("Aurélie, Céline, Sophie, Julie"),
        men=_names("Julien, Sébastien, Nicolas, Olivier"),
        surnames=_names("Dubois, Lambert, Dupont, Lejeune, Renard, Mathieu, Leclercq"),
        languages=("Frans",),
    ),
    "syrian": _Origin(
        girls=_names("Lana, Rama, Sidra, Jana"),
        boys=_names("Omar, Karam, Ahmad, Tarek"),
        women=_names("Rania, Hala, Reem, Lama"),
        men=_names("Khaled, Bassam, Fadi, Hussam"),
        surnames=_names("Al Hassan, Haddad, Khalil, Nasser, Al Khatib"),
        languages=("Arabisch", "Arabisch, Koerdisch"),
    ),
    "afghan": _Origin(
        girls=_names("Zahra, Mariam, Parisa, Mahsa"),
        boys=_names("Farid, Ali, Mustafa, Jawad"),
        women=_names("Fereshta, Soraya, Nilofar, Shabnam"),
        men=_names("Hamid, Nasir, Jamal, Wahid"),
        surnames=_names("Ahmadi, Rahimi, Noori, Sultani, Hakimi"),
        languages=("Dari", "Pasjtoe"),
    ),
    "congolese": _Origin(
        girls=_names("Grâce, Divine, Merveille, Ornella"),
        boys=_names("Exaucé, Junior, Christian, Samuel"),
        women=_names("Esther, Clarisse, Solange, Nadine"),
        men=_names("Patrick, Jean-Pierre, Serge, Didier"),
        surnames=_names("Kabamba, Mukendi, Ilunga, Tshibangu, Lukusa, Mbuyi"),
        languages=("Frans, Lingala",),
    ),
    "eritrean": _Origin(
        girls=_names("Selam, Semhar, Luwam, Hiwet"),
        boys=_names("Yonas, Robel, Filmon, Natnael"),
        women=_names("Mebrat, Saba, Helen, Tsega"),
        men=_names("Tesfay, Yohannes, Dawit, Amanuel"),
        surnames=_names("Tesfamariam, Gebremedhin, Haile, Berhane, Kidane"),
        languages=("Tigrinya",),
    ),
}

# How often each background occurs per centre (relative weights).
ORIGIN_WEIGHTS: dict[str, dict[str, int]] = {
    Province.ANTWERPEN: dict(
        flemish=5, moroccan=3, turkish=1, polish=1, afghan=1, eritrean=1, syrian=1
    ),
    Province.LIMBURG: dict(flemish=5, turkish=3, moroccan=1, polish=1, romanian=1, syrian=1),
    Province.OOST_VLAANDEREN: dict(
        flemish=5, turkish=1, romanian=1, polish=1, afghan=1, moroccan=1, syrian=1
    ),
    Province.WEST_VLAANDEREN: dict(flemish=6, polish=1, romanian=1, eritrean=1, syrian=1),
    Province.VLAAMS_BRABANT: dict(
        flemish=5, moroccan=2, francophone=1, congolese=1, romanian=1, polish=1
    ),
    Province.BRUSSEL: dict(
        francophone=2, moroccan=3, congolese=2, flemish=2, romanian=1, turkish=1, syrian=1
    ),
}

# Postcodes and municipalities inside each centre's region (see vk.centres.demo_data).
PLACES: dict[str, tuple[tuple[str, str], ...]] = {
    Province.ANTWERPEN: _postcodes(
        "2000 Antwerpen, 2060 Antwerpen, 2100 Deurne, 2140 Borgerhout, 2170 Merksem, "
        "2300 Turnhout, 2400 Mol, 2500 Lier, 2610 Wilrijk, 2660 Hoboken, 2800 Mechelen, "
        "2900 Schoten"
    ),
    Province.LIMBURG: _postcodes(
        "3500 Hasselt, 3550 Heusden-Zolder, 3580 Beringen, 3600 Genk, 3630 Maasmechelen, "
        "3700 Tongeren, 3800 Sint-Truiden, 3920 Lommel"
    ),
    Province.OOST_VLAANDEREN: _postcodes(
        "9000 Gent, 9040 Sint-Amandsberg, 9100 Sint-Niklaas, 9200 Dendermonde, 9300 Aalst, "
        "9400 Ninove, 9600 Ronse, 9700 Oudenaarde, 9900 Eeklo"
    ),
    Province.WEST_VLAANDEREN: _postcodes(
        "8000 Brugge, 8200 Sint-Andries, 8400 Oostende, 8500 Kortrijk, 8560 Wevelgem, "
        "8630 Veurne, 8700 Tielt, 8800 Roeselare, 8900 Ieper"
    ),
    Province.VLAAMS_BRABANT: _postcodes(
        "1500 Halle, 1600 Sint-Pieters-Leeuw, 1700 Dilbeek, 1800 Vilvoorde, 1930 Zaventem, "
        "3000 Leuven, 3010 Kessel-Lo, 3200 Aarschot, 3300 Tienen"
    ),
    Province.BRUSSEL: _postcodes(
        "1000 Brussel, 1020 Laken, 1030 Schaarbeek, 1040 Etterbeek, 1060 Sint-Gillis, "
        "1070 Anderlecht, 1080 Sint-Jans-Molenbeek, 1090 Jette, 1140 Evere, 1190 Vorst"
    ),
}

# Clearly fictional street names: no real address can come out of the demo.
STREETS = _names("Voorbeeldstraat, Voorbeeldlaan, Voorbeeldplein, Demostraat, Demolaan")

PROFESSIONAL_FIRST_NAMES = _names(
    "Katrien, Joris, Leen, Hilde, Samir, Veerle, Jeroen, Koen, Ilse, Hatice, Youssef, Griet, "
    "Stijn, Nele, Inge, Tine, Liesbeth"
)
PROFESSIONAL_LAST_NAMES = _names(
    "Verbeke, Coppens, Hermans, Lemmens, Aerts, Dierckx, Smets, Bulut, Amrani, Vandenberghe, "
    "Segers, Cools, Michiels, Bogaert, Van Acker"
)


# Case templates ------------------------------------------------------------------------


# What the reporter knew of a child's birth.
BIRTH_DATE = "date"  # the date of birth
ESTIMATE = "estimate"  # only the age, roughly: registered as an age estimate
# Neither: a data-quality example, listed by the statistics as a child without a date of
# birth or an age estimate.
UNKNOWN = "unknown"


@dataclass(frozen=True)
class _Child:
    """A child in a template: age in years (months for toddlers), None when unborn."""

    age: int | None
    gender: str = ""
    months: int = 0
    extended_minority: bool = False
    birth: str = BIRTH_DATE  # for a born child: what the reporter knew of the birth


@dataclass(frozen=True)
class _Adult:
    role: str
    gender: str
    authority: bool
    family_surname: bool = False  # carries the children's surname
    elsewhere: bool = False  # lives at another address
    older: tuple[int, int] = (24, 38)  # years older than the eldest child


MOTHER = _Adult(PersonRole.PARENT, F, authority=True)
FATHER = _Adult(PersonRole.PARENT, M, authority=True, family_surname=True)
FATHER_ELSEWHERE = _Adult(PersonRole.PARENT, M, authority=True, family_surname=True, elsewhere=True)
STEP_FATHER = _Adult(PersonRole.STEP_PARENT, M, authority=False, older=(22, 34))
PARTNER = _Adult(PersonRole.HOUSEHOLD_MEMBER, M, authority=False, older=(20, 30))
UNCLE = _Adult(PersonRole.OTHER, M, authority=False, family_surname=True, elsewhere=True)
AUNT_IN_HOUSE = _Adult(PersonRole.HOUSEHOLD_MEMBER, F, authority=False, older=(18, 30))


@dataclass(frozen=True)
class _Case:
    """One kind of concern. `worries` may use {c1}..{c3} (first names), {a1}..{a3} (ages)
    and {weeks} (weeks of pregnancy)."""

    worries: str
    problems: tuple[str, ...]
    risk: str
    children: tuple[_Child, ...]
    adults: tuple[_Adult, ...]
    channels: tuple[str, ...]
    kind: str = ReporterKind.PROFESSIONAL
    sector: str = ""
    organisation: str = ""
    reporter: str = "professional"  # or mother, father, grandmother, neighbour, child
    anonymous: bool = False
    confidential: bool = False
    family_named: bool = True  # False: anonymous consultation, the children stay unnamed
    track: str = Track.HELP  # the track the team takes when the demo triages it
    referral_target: str = ""
    any_day: bool = False  # may plausibly come in on a weekend


CRISIS_CASES: tuple[_Case, ...] = (
    _Case(
        worries=(
            "Na een tussenkomst voor huiselijk geweld vannacht trof de politie {c1} ({a1}) en "
            "{c2} ({a2}) aan in een woning met zichtbare schade. De moeder heeft een verwonding "
            "aan de arm; de vader werd meegenomen voor verhoor en komt mogelijk vandaag vrij. "
            "De politie vraagt vandaag overleg over de veiligheid van de kinderen."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.HIGH,
        children=(_Child(6), _Child(9)),
        adults=(MOTHER, FATHER),
        channels=(Channel.POLICE,),
        sector=ReporterSector.POLICE,
        organisation="de lokale politie",
        any_day=True,
    ),
    _Case(
        worries=(
            "{c1} ({a1}) vertelde vanochtend aan de klasleerkracht dat de stiefvader haar "
            "gisteren met een riem heeft geslagen; op haar rug zijn striemen te zien. Ze zegt "
            "bang te zijn om na school naar huis te gaan."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.HIGH,
        children=(_Child(8, F),),
        adults=(MOTHER, STEP_FATHER, FATHER_ELSEWHERE),
        channels=(Channel.PHONE,),
        sector=ReporterSector.SCHOOL,
        organisation="de basisschool",
    ),
    _Case(
        worries=(
            "{c1} ({a1}) werd vannacht op de spoedafdeling gebracht met een breuk van de "
            "bovenarm; de uitleg van de ouders past niet bij het letsel. Het ziekenhuis houdt "
            "het kind voorlopig opgenomen en vraagt vandaag overleg."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.HIGH,
        children=(_Child(1, months=2),),
        adults=(MOTHER, FATHER),
        channels=(Channel.PHONE,),
        sector=ReporterSector.HEALTH_CARE,
        organisation="de spoedafdeling van het ziekenhuis",
        any_day=True,
    ),
    _Case(
        worries=(
            "Het Jeugdparket meldt dat {c1} ({a1}) sinds gisteravond niet meer thuis wil "
            "slapen na een conflict waarbij haar vader haar zou hebben bedreigd. Ze verblijft "
            "tijdelijk bij een tante; het parket vraagt vandaag een inschatting van de veiligheid."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.HIGH,
        children=(_Child(15, F),),
        adults=(FATHER, MOTHER, _Adult(PersonRole.OTHER, F, authority=False, elsewhere=True)),
        channels=(Channel.YOUTH_PROSECUTOR,),
        sector=ReporterSector.JUSTICE,
        organisation="het Jeugdparket",
        any_day=True,
    ),
    _Case(
        worries=(
            "1712 stuurt een oproep door: een buurvrouw hoort al enkele uren een peuter huilen "
            "in de woning naast haar en heeft de moeder sinds gisteren niet meer gezien. Ze "
            "verwittigde ook de politie."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.RISK),
        risk=RiskEstimate.HIGH,
        children=(_Child(2, birth=ESTIMATE),),  # the neighbour knows a toddler of about two
        adults=(MOTHER,),
        channels=(Channel.HANDOVER_1712,),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="neighbour",
        confidential=True,
        any_day=True,
    ),
)

GENERAL_CASES: tuple[_Case, ...] = (
    _Case(
        worries=(
            "{c1} ({a1}) komt sinds enkele maanden vaak zonder ontbijt en in dezelfde kleren "
            "naar school en valt in de klas in slaap. Gesprekken met de moeder leverden weinig "
            "op; zij zegt het financieel en emotioneel moeilijk te hebben."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(7, M),),
        adults=(MOTHER, FATHER_ELSEWHERE),
        channels=(Channel.EMAIL, Channel.PHONE),
        sector=ReporterSector.SCHOOL,
        organisation="de basisschool",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "Het CLB maakt zich zorgen over {c1} ({a1}), die zich de laatste weken terugtrekt, "
            "zichzelf verwondt aan de armen en zegt dat het thuis niet meer gaat. Er zijn "
            "aanwijzingen voor aanhoudende ruzies en vernederende uitspraken van de vader."
        ),
        problems=(ProblemCategory.EMOTIONAL,),
        risk=RiskEstimate.HIGH,
        children=(_Child(14, F),),
        adults=(FATHER, MOTHER),
        channels=(Channel.EMAIL,),
        sector=ReporterSector.CLB,
        organisation="het CLB",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De huisarts zag {c1} ({a1}) en {c2} ({a2}) voor een controle en stelde vast dat "
            "beide kinderen sterk vermagerd zijn en tandproblemen hebben die niet worden "
            "behandeld. Afspraken voor verdere opvolging worden telkens niet nagekomen."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(4), _Child(6)),
        adults=(MOTHER, FATHER),
        channels=(Channel.PHONE,),
        sector=ReporterSector.HEALTH_CARE,
        organisation="de huisartsenpraktijk",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De politie kwam in drie maanden vier keer tussen bij partnergeweld in het gezin, "
            "telkens in aanwezigheid van {c1} ({a1}), {c2} ({a2}) en {c3} ({a3}). Eerder "
            "aangeboden hulp werd door de ouders afgehouden."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.HIGH,
        children=(_Child(3), _Child(8), _Child(11)),
        adults=(MOTHER, FATHER),
        channels=(Channel.POLICE,),
        sector=ReporterSector.POLICE,
        organisation="de lokale politie",
        track=Track.MANO,
    ),
    _Case(
        worries=(
            "De zorgcoördinator vraagt advies over {c1} ({a1}), die op school seksueel getinte "
            "tekeningen maakt en uitspraken doet die niet bij de leeftijd passen. De school wil "
            "weten hoe ze het gesprek met het kind en de ouders kan aanpakken."
        ),
        problems=(ProblemCategory.SEXUAL,),
        risk=RiskEstimate.NOT_ASSESSED,
        children=(_Child(6, M),),
        adults=(MOTHER, FATHER),
        channels=(Channel.PHONE,),
        sector=ReporterSector.SCHOOL,
        organisation="de basisschool",
        track=Track.ADVICE,
    ),
    _Case(
        worries=(
            "Een medewerker van het CLB wil zonder de naam van het gezin te noemen overleggen "
            "over een leerlinge van {a1} die vertelt dat ze na school voor haar jongere broers "
            "moet zorgen en soms geslagen wordt als er iets misloopt. Ze wil weten of en hoe "
            "ze dit met de ouders kan bespreken."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.NOT_ASSESSED,
        children=(_Child(12, F, birth=ESTIMATE),),
        adults=(),
        channels=(Channel.PHONE,),
        sector=ReporterSector.CLB,
        organisation="het CLB",
        family_named=False,
        track=Track.CONSULTATION,
    ),
    _Case(
        worries=(
            "De verantwoordelijke van een kinderdagverblijf overlegt anoniem over een peuter "
            "van {a1} die regelmatig met blauwe plekken op de bovenbenen wordt gebracht. De "
            "ouders geven telkens een andere verklaring."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(1, months=8, birth=ESTIMATE),),
        adults=(),
        channels=(Channel.PHONE,),
        sector=ReporterSector.WELFARE,
        organisation="de kinderopvang",
        family_named=False,
        track=Track.CONSULTATION,
    ),
    _Case(
        worries=(
            "Een moeder belt omdat haar ex-partner haar sinds de scheiding blijft bestoken met "
            "berichten en dreigementen. De kinderen {c1} ({a1}) en {c2} ({a2}) wonen bij haar "
            "en zijn volgens haar veilig; ze zoekt vooral steun voor zichzelf."
        ),
        problems=(ProblemCategory.NOT_ABUSE,),
        risk=RiskEstimate.LOW,
        children=(_Child(5), _Child(9)),
        adults=(MOTHER, FATHER_ELSEWHERE),
        channels=(Channel.PHONE,),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="mother",
        track=Track.REFERRAL,
        referral_target=ReferralTarget.CAW,
    ),
    _Case(
        worries=(
            "De school meldt dat {c1} ({a1}) al weken spijbelt en 's avonds laat met oudere "
            "jongeren op straat is. De ouders werken mee maar krijgen geen vat meer op hun "
            "zoon; er zijn geen aanwijzingen voor mishandeling."
        ),
        problems=(ProblemCategory.NOT_ABUSE,),
        risk=RiskEstimate.LOW,
        children=(_Child(14, M),),
        adults=(MOTHER, FATHER),
        channels=(Channel.EMAIL,),
        sector=ReporterSector.SCHOOL,
        organisation="de secundaire school",
        track=Track.REFERRAL,
        referral_target=ReferralTarget.OCJ,
    ),
    _Case(
        worries=(
            "Een vader vraagt hulp voor zijn dochter {c1} ({a1}), die sinds het overlijden van "
            "haar moeder nauwelijks nog eet en niet meer naar school gaat. Hij zoekt begeleiding "
            "bij de rouwverwerking."
        ),
        problems=(ProblemCategory.NOT_ABUSE,),
        risk=RiskEstimate.LOW,
        children=(_Child(13, F),),
        adults=(FATHER,),
        channels=(Channel.PHONE, Channel.ONLINE_FORM),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="father",
        track=Track.REFERRAL,
        referral_target=ReferralTarget.OTHER,
    ),
    _Case(
        worries=(
            "De vroedvrouw meldt zorgen over een vrouw die ongeveer {weeks} weken zwanger is, "
            "veel alcohol drinkt en geen vaste woonplaats heeft. Een eerder kind woont bij een "
            "pleeggezin; de moeder staat wantrouwig tegenover hulp."
        ),
        problems=(ProblemCategory.RISK,),
        risk=RiskEstimate.HIGH,
        children=(_Child(None),),
        adults=(MOTHER,),
        channels=(Channel.PHONE, Channel.EMAIL),
        sector=ReporterSector.HEALTH_CARE,
        organisation="de vroedvrouwenpraktijk",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De gynaecoloog meldt dat de moeder van {c1} ({a1}), ongeveer {weeks} weken "
            "zwanger, op consultatie kwam met verwondingen die wijzen op geweld door haar "
            "partner. Ze wil niet dat de partner weet dat ze hierover heeft gesproken."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.RISK),
        risk=RiskEstimate.HIGH,
        children=(_Child(3), _Child(None)),
        adults=(MOTHER, STEP_FATHER, FATHER_ELSEWHERE),
        channels=(Channel.PHONE,),
        sector=ReporterSector.HEALTH_CARE,
        organisation="de raadpleging verloskunde",
        confidential=True,
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De begeleider van het dagcentrum meldt dat {c1} ({a1}), een jongvolwassene in "
            "verlengde minderjarigheid, vertelt dat een inwonende kennis van de ouders haar 's "
            "avonds lastigvalt. De ouders lijken dit te minimaliseren."
        ),
        problems=(ProblemCategory.SEXUAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(20, F, extended_minority=True),),
        adults=(MOTHER, FATHER, _Adult(PersonRole.HOUSEHOLD_MEMBER, M, authority=False)),
        channels=(Channel.EMAIL, Channel.PHONE),
        sector=ReporterSector.WELFARE,
        organisation="het dagcentrum",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De huisarts vraagt advies over {c1} ({a1}), die in verlengde minderjarigheid "
            "staat en na de weekends thuis onrustig is en zichzelf slaat. De ouders zijn "
            "uitgeput en vragen zelf om ondersteuning."
        ),
        problems=(ProblemCategory.UNCLEAR,),
        risk=RiskEstimate.LOW,
        children=(_Child(19, M, extended_minority=True),),
        adults=(MOTHER, FATHER),
        channels=(Channel.PHONE,),
        sector=ReporterSector.HEALTH_CARE,
        organisation="de huisartsenpraktijk",
        track=Track.ADVICE,
    ),
    _Case(
        worries=(
            "Het Jeugdparket stuurt een proces-verbaal door over {c1} ({a1}), die verklaarde "
            "dat een oom haar jarenlang seksueel heeft misbruikt. Het parket vraagt hulp voor "
            "het gezin naast het gerechtelijk onderzoek."
        ),
        problems=(ProblemCategory.SEXUAL, ProblemCategory.PAST_ABUSE),
        risk=RiskEstimate.HIGH,
        children=(_Child(16, F),),
        adults=(MOTHER, FATHER, UNCLE),
        channels=(Channel.YOUTH_PROSECUTOR,),
        sector=ReporterSector.JUSTICE,
        organisation="het Jeugdparket",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "Het CLB meldt aan in het kader van maatschappelijke noodzaak: {c1} ({a1}) en "
            "{c2} ({a2}) wonen in een sterk vervuilde woning zonder verwarming. Na een jaar "
            "begeleiding weigeren de ouders verdere hulp."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.RISK),
        risk=RiskEstimate.HIGH,
        children=(_Child(7), _Child(10)),
        adults=(MOTHER, FATHER),
        channels=(Channel.MANO_REFERRAL,),
        sector=ReporterSector.CLB,
        organisation="het CLB",
        track=Track.MANO,
    ),
    _Case(
        worries=(
            "Via 1712 doorgestuurd: een grootmoeder maakt zich zorgen over haar kleinkinderen "
            "{c1} ({a1}) en {c2} ({a2}), die ze sinds de nieuwe relatie van haar dochter "
            "nauwelijks nog ziet. De kinderen vertelden haar dat de nieuwe partner veel roept en "
            "hen soms in hun kamer opsluit."
        ),
        problems=(ProblemCategory.EMOTIONAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(6), _Child(8)),
        adults=(MOTHER, STEP_FATHER, FATHER_ELSEWHERE),
        channels=(Channel.HANDOVER_1712,),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="grandmother",
        confidential=True,
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "Een jeugdtrainer van de sportclub vraagt advies na een gesprek met {c1} ({a1}), "
            "die vertelde dat zijn vader hem thuis slaat als hij slechte punten haalt. De "
            "trainer wil weten wat hij nu best doet."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(11, M),),
        adults=(FATHER, MOTHER),
        channels=(Channel.PHONE,),
        sector=ReporterSector.OTHER,
        organisation="de sportclub",
        track=Track.ADVICE,
    ),
    _Case(
        worries=(
            "De kleuterleidster merkt dat {c1} ({a1}) de laatste weken erg angstig is, weer in "
            "de broek plast en niet wil dat zijn vader hem komt ophalen. De ouders zijn pas "
            "gescheiden; de school weet niet goed wat er aan de hand is."
        ),
        problems=(ProblemCategory.UNCLEAR, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.NOT_ASSESSED,
        children=(_Child(4, M),),
        adults=(MOTHER, FATHER_ELSEWHERE),
        channels=(Channel.PHONE, Channel.EMAIL),
        sector=ReporterSector.SCHOOL,
        organisation="de kleuterschool",
        track=Track.ADVICE,
    ),
    _Case(
        worries=(
            "{c1} ({a1}) meldt via het onlineformulier dat hij als kind door een vroegere "
            "buurman werd misbruikt en daar nu veel last van heeft. Zijn moeder is op de hoogte "
            "en steunt hem."
        ),
        problems=(ProblemCategory.PAST_ABUSE,),
        risk=RiskEstimate.LOW,
        children=(_Child(17, M),),
        adults=(MOTHER,),
        channels=(Channel.ONLINE_FORM,),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="child",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "Een moeder meldt dat haar dochter {c1} ({a1}) via sociale media naaktbeelden "
            "stuurde naar een onbekende volwassene, die nu geld vraagt. De moeder deed aangifte "
            "bij de politie en zoekt steun voor haar dochter."
        ),
        problems=(ProblemCategory.SEXUAL,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(13, F),),
        adults=(MOTHER, FATHER),
        channels=(Channel.PHONE, Channel.EMAIL),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="mother",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "Het CAW begeleidt een moeder met depressieve klachten die binnenkort haar woning "
            "moet verlaten. De oudste, {c1} ({a1}), neemt veel zorg op zich voor {c2} ({a2}) "
            "en {c3} ({a3})."
        ),
        problems=(ProblemCategory.RISK,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(4), _Child(7), _Child(12)),
        adults=(MOTHER, FATHER_ELSEWHERE),
        channels=(Channel.EMAIL, Channel.PHONE),
        sector=ReporterSector.WELFARE,
        organisation="het CAW",
        track=Track.ADVICE,
    ),
    _Case(
        worries=(
            "De psychiater van een vader met een ernstige psychische kwetsbaarheid meldt dat hij "
            "in een verwarde periode zit en alleen voor {c1} ({a1}) zorgt. Er is geen netwerk "
            "in de buurt dat kan bijspringen."
        ),
        problems=(ProblemCategory.RISK, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.HIGH,
        children=(_Child(5),),
        adults=(FATHER, _Adult(PersonRole.PARENT, F, authority=True, elsewhere=True)),
        channels=(Channel.PHONE,),
        sector=ReporterSector.HEALTH_CARE,
        organisation="de dienst psychiatrie",
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De school meldt dat {c1} ({a1}) door medeleerlingen onder druk werd gezet om "
            "intieme foto's te sturen, die nu rondgaan. De ouders zijn op de hoogte en vragen "
            "samen met de school hoe ze hun dochter het best steunen."
        ),
        problems=(ProblemCategory.SEXUAL,),
        risk=RiskEstimate.LOW,
        children=(_Child(15, F),),
        adults=(MOTHER, FATHER),
        channels=(Channel.EMAIL,),
        sector=ReporterSector.SCHOOL,
        organisation="de secundaire school",
        track=Track.ADVICE,
    ),
    _Case(
        worries=(
            "Een buurman die anoniem wil blijven hoort bijna dagelijks hoe in de woning naast "
            "hem tegen de kinderen wordt geroepen en met deuren wordt gegooid. Hij ziet de "
            "kinderen zelden buiten."
        ),
        problems=(ProblemCategory.EMOTIONAL, ProblemCategory.UNCLEAR),
        risk=RiskEstimate.NOT_ASSESSED,
        # The neighbour guesses the elder's age and cannot tell the younger's.
        children=(_Child(5, birth=UNKNOWN), _Child(9, birth=ESTIMATE)),
        adults=(MOTHER, FATHER),
        channels=(Channel.PHONE,),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="neighbour",
        anonymous=True,
        track=Track.HELP,
    ),
    _Case(
        worries=(
            "De politie meldt dat {c1} ({a1}) vannacht dronken en alleen aan het station werd "
            "aangetroffen, voor de derde keer dit jaar. De ouders waren niet bereikbaar en "
            "haalden hem pas de volgende ochtend op."
        ),
        problems=(ProblemCategory.RISK,),
        risk=RiskEstimate.MODERATE,
        children=(_Child(15, M),),
        adults=(MOTHER, STEP_FATHER),
        channels=(Channel.POLICE,),
        sector=ReporterSector.POLICE,
        organisation="de lokale politie",
        track=Track.REFERRAL,
        referral_target=ReferralTarget.OCJ,
    ),
    _Case(
        worries=(
            "Een moeder meldt dat een volwassen man in de buurt kinderen aanspreekt en hen "
            "snoep belooft als ze mee binnenkomen; haar zoon {c1} ({a1}) werd vorige week "
            "aangesproken. Binnen het gezin zijn er geen zorgen."
        ),
        problems=(ProblemCategory.SEXUAL, ProblemCategory.NOT_ABUSE),
        risk=RiskEstimate.LOW,
        children=(_Child(8, M),),
        adults=(MOTHER,),
        channels=(Channel.PHONE,),
        kind=ReporterKind.NON_PROFESSIONAL,
        sector=ReporterSector.CLOSE_ENVIRONMENT,
        reporter="mother",
        track=Track.REFERRAL,
        referral_target=ReferralTarget.POLICE,
    ),
    _Case(
        worries=(
            "De thuisbegeleidster meldt per brief dat {c1} ({a1}) en {c2} ({a2}) vaak alleen "
            "thuis zijn wanneer beide ouders 's avonds werken. De ouders zijn bereid om met "
            "het VK in gesprek te gaan."
        ),
        problems=(ProblemCategory.RISK,),
        risk=RiskEstimate.LOW,
        children=(_Child(6), _Child(9)),
        adults=(MOTHER, FATHER, AUNT_IN_HOUSE),
        channels=(Channel.LETTER, Channel.EMAIL),
        sector=ReporterSector.WELFARE,
        organisation="de thuisbegeleidingsdienst",
        track=Track.ADVICE,
    ),
)

# A second report about a child the centre already knows (the child is linked, not re-typed).
REREPORT_CASES: tuple[_Case, ...] = (
    _Case(
        worries=(
            "Nieuwe melding over {c1} ({a1}), die eerder al werd aangemeld. De school stelt "
            "vast dat de afspraken van toen niet worden nagekomen en dat {c1} opnieuw met "
            "onverzorgde wonden naar school komt."
        ),
        problems=(ProblemCategory.PHYSICAL,),
        risk=RiskEstimate.MODERATE,
        children=(),
        adults=(),
        channels=(Channel.EMAIL, Channel.PHONE),
        sector=ReporterSector.SCHOOL,
        organisation="de school",
    ),
    _Case(
        worries=(
            "Tweede melding over {c1} ({a1}): de politie kwam opnieuw tussen na een hevig "
            "conflict tussen de volwassenen in huis. {c1} verwittigde zelf de politie en "
            "verbleef die nacht bij een buurvrouw."
        ),
        problems=(ProblemCategory.PHYSICAL, ProblemCategory.EMOTIONAL),
        risk=RiskEstimate.HIGH,
        children=(),
        adults=(),
        channels=(Channel.POLICE,),
        sector=ReporterSector.POLICE,
        organisation="de lokale politie",
    ),
    _Case(
        worries=(
            "Nieuwe melding over {c1} ({a1}): de moeder heeft een nieuwe partner die intussen "
            "is ingetrokken. {c1} vertelt aan de CLB-medewerker bang van hem te zijn."
        ),
        problems=(ProblemCategory.EMOTIONAL, ProblemCategory.UNCLEAR),
        risk=RiskEstimate.NOT_ASSESSED,
        children=(),
        adults=(PARTNER,),
        channels=(Channel.PHONE,),
        sector=ReporterSector.CLB,
        organisation="het CLB",
    ),
)

# The Brussels family without a link to a Dutch-speaking network, still waiting for triage.
BRUSSELS_FRENCH_CASE = _Case(
    worries=(
        "De kinderarts zag {c1} ({a1}) met brandwonden aan de hand, volgens de moeder door een "
        "ongeluk met heet water. Het is het tweede letsel op korte tijd; het gezin spreekt "
        "Frans en de kinderen gaan naar een Franstalige school."
    ),
    problems=(ProblemCategory.PHYSICAL,),
    risk=RiskEstimate.MODERATE,
    children=(_Child(3), _Child(7)),
    adults=(MOTHER, FATHER),
    channels=(Channel.PHONE,),
    sector=ReporterSector.HEALTH_CARE,
    organisation="de kinderartsenpraktijk",
)

GROUNDS: dict[str, tuple[str, ...]] = {
    Track.HELP: (
        "De zorgen over de veiligheid en ontwikkeling van het kind zijn ernstig en het "
        "netwerk kan ze niet alleen opvangen. Het team start een hulptraject en plant een "
        "eerste gesprek met het gezin.",
        "Er zijn meerdere signalen van onveiligheid en de ouders staan open voor gesprek. "
        "Opstart van een hulptraject met een verkennend huisbezoek.",
    ),
    Track.ADVICE: (
        "De aanmelder heeft een vertrouwensband met het gezin en kan met ondersteuning zelf "
        "verder. Advies aan de aanmelder met afspraken over opvolging.",
        "De professional blijft verantwoordelijk voor de begeleiding van het gezin; het VK "
        "ondersteunt met advies en volgt op na twee weken.",
    ),
    Track.CONSULTATION: (
        "De aanmelder noemt de gezinsnaam niet en vraagt mee te denken over de aanpak. Een "
        "anoniem consult volstaat op dit moment.",
    ),
    Track.MANO: (
        "Vrijwillige hulp werd herhaaldelijk afgewezen en de veiligheid van de kinderen is "
        "niet gegarandeerd. Het team besluit tot de MaNo-procedure; de doorverwijzing naar "
        "het Jeugdparket wordt voorbereid.",
    ),
    Track.CRISIS: (
        "Acute onveiligheid voor het kind. Crisisinterventie dezelfde dag opgestart in "
        "overleg met de aanmelder.",
    ),
}
REFERRAL_GROUNDS: dict[str, str] = {
    ReferralTarget.CAW: (
        "De vraag betreft vooral steun voor de volwassene; er zijn geen aanwijzingen voor "
        "kindermishandeling. Doorverwijzing naar het CAW."
    ),
    ReferralTarget.OCJ: (
        "Verontrustende opvoedingssituatie zonder aanwijzingen voor mishandeling. "
        "Doorverwijzing naar het OCJ."
    ),
    ReferralTarget.POLICE: (
        "Het gaat om een mogelijk misdrijf door een onbekende volwassene buiten het gezin. "
        "Doorverwijzing naar de politie; de moeder is geïnformeerd."
    ),
    ReferralTarget.OTHER: (
        "De hulpvraag gaat over psychisch welzijn zonder signalen van mishandeling. "
        "Doorverwijzing naar een dienst voor geestelijke gezondheidszorg."
    ),
}


# Planning ------------------------------------------------------------------------------


@dataclass
class _Family:
    origin: _Origin
    surname: str
    languages: str
    interpreter: bool
    postcode: str
    city: str
    street: str
    dutch_speaking_network: bool | None


@dataclass
class _Plan:
    state: str
    case: _Case
    family: _Family
    received_at: datetime
    decided_at: datetime | None = None
    rereport_of: _Plan | None = None
    report: Report | None = None


def seed_intake_demo(centre: Centre, *, intake_worker: User, team_lead: User, today: date) -> int:
    """Fill `centre`'s intake queue with fictional reports; return how many were created.

    Skips (returns 0) when the centre already has reports, so `seed_demo` can run again.
    """
    if intake_worker.centre_id != centre.pk or team_lead.centre_id != centre.pk:
        raise ValueError("The demo intake worker and team lead must belong to the centre.")
    if Report.objects.filter(centre=centre).exists():
        return 0
    rng = random.Random(f"vk-demo-intake:{centre.province}")  # noqa: S311  (demo data only)
    now = timezone.now()
    plans = _plan_centre(centre, rng, today, now)
    used_names: set[str] = set()
    for plan in sorted(plans, key=lambda plan: plan.received_at):
        _create(plan, rng, today, now, used_names, intake_worker=intake_worker, team_lead=team_lead)
    return len(plans)


def _plan_centre(centre: Centre, rng: random.Random, today: date, now: datetime) -> list[_Plan]:
    days = centre.triage_deadline_working_days
    overdue = rng.randint(2, 4)
    due_soon = rng.randint(2, 3)
    fresh = rng.randint(1, 2)
    late = rng.randint(1, 3)
    crisis_done = rng.randint(0, 1)
    others = 1 + crisis_done + overdue + due_soon + fresh + late
    on_time = max(4, rng.randint(13, 17) - others)

    brussels = centre.province == Province.BRUSSEL
    waiting = overdue + due_soon + fresh - brussels  # Brussels: one slot for the French family

    general = list(GENERAL_CASES)
    rng.shuffle(general)
    # Every track at least once among the triaged reports.
    triaged: list[_Case] = []
    for track in (Track.HELP, Track.ADVICE, Track.CONSULTATION, Track.MANO, Track.REFERRAL):
        case = next(case for case in general if case.track == track)
        general.remove(case)
        triaged.append(case)
    # Every centre has an unborn child, an extended minority, three children, an anonymous
    # and a confidential reporter somewhere, waiting or decided.
    covered: set[str] = set().union(*(_features(case) for case in triaged))
    protected: list[_Case] = []
    for feature in FEATURES:
        candidate = next((case for case in general if feature in _features(case)), None)
        if feature not in covered and candidate is not None:
            general.remove(candidate)
            protected.append(candidate)
            covered |= _features(candidate)
    split = on_time + late - len(triaged)
    pool = protected + general[: max(0, split + waiting - len(protected))]
    rng.shuffle(pool)
    triaged.extend(pool[:split])
    waiting_cases = pool[split:]
    rng.shuffle(triaged)

    plans: list[_Plan] = []
    crises = list(CRISIS_CASES)
    rng.shuffle(crises)
    received = _received_today(rng, today, now)
    # At night or on a weekend a crisis comes from the police, a hospital or 1712.
    office_hours = DEFAULT_CALENDAR.is_working_day(today) and timezone.localtime(
        received
    ).time() >= time(8, 30)
    crisis_case = rng.choice([case for case in crises if case.any_day or office_hours])
    crises.remove(crisis_case)
    plans.append(_plan(centre, rng, CRISIS_OPEN, crisis_case, received))
    if crisis_done:
        received = _received(rng, add_working_days(today, -rng.randint(2, 12)))
        plan = _plan(centre, rng, CRISIS_DONE, crises[0], received)
        plan.decided_at = received + timedelta(minutes=rng.randrange(60, 180, 5))
        plans.append(plan)

    for index, case in enumerate(triaged):
        # Decided `after` working days after receipt: within the deadline or beyond it, and
        # always on a working day before today.
        if index < late:
            ago = rng.randint(days + 3, days + 14)
            after = min(rng.randint(days + 1, days + 4), ago - 1)
        else:
            ago = rng.randint(3, 16)
            after = min(rng.randint(min(1, days), days), ago - 1)
        received_day = add_working_days(today, -ago)
        state = LATE if index < late else ON_TIME
        plan = _plan(centre, rng, state, case, _received(rng, received_day))
        decided_at = _at(rng, add_working_days(received_day, after), 10 * 60, 15 * 60)
        plan.decided_at = max(decided_at, plan.received_at + timedelta(hours=1))
        plans.append(plan)

    queue: list[tuple[str, int, int]] = [
        *[(OVERDUE, days + 1, days + 7)] * overdue,
        *[(DUE_SOON, max(1, days - 2), max(1, days))] * due_soon,
        *[(FRESH, 1, max(1, days - 3))] * fresh,
    ]
    for index, (state, first, last) in enumerate(queue):
        received = _received(rng, add_working_days(today, -rng.randint(first, last)))
        if brussels and index == overdue:  # the first due-soon slot
            plan = _plan(centre, rng, state, BRUSSELS_FRENCH_CASE, received, french=True)
        else:
            plan = _plan(centre, rng, state, waiting_cases.pop(), received)
        plans.append(plan)
    _plan_rereports(plans, rng, keep=[*protected, BRUSSELS_FRENCH_CASE])
    return plans


FEATURES = ("unborn", "extended_minority", "three_children", "anonymous", "confidential")


def _features(case: _Case) -> set[str]:
    features = {
        "unborn": any(child.age is None for child in case.children),
        "extended_minority": any(child.extended_minority for child in case.children),
        "three_children": len(case.children) == 3,
        "anonymous": case.anonymous,
        "confidential": case.confidential,
    }
    return {name for name, present in features.items() if present}


def _plan_rereports(plans: list[_Plan], rng: random.Random, *, keep: Sequence[_Case]) -> None:
    """Turn one or two waiting reports (not those in `keep`) into a second report about a
    child the centre already knows."""
    rereports = list(REREPORT_CASES)
    rng.shuffle(rereports)
    targets = [
        plan
        for plan in plans
        if plan.state in QUEUE_STATES and not any(plan.case is case for case in keep)
    ]
    rng.shuffle(targets)
    used: set[int] = set()
    wanted = rng.randint(1, 2)
    for target in targets:
        if len(used) == 2 * wanted:
            break
        if id(target) in used:
            continue
        sources = [
            plan
            for plan in plans
            if plan.received_at < target.received_at
            and plan.state in (ON_TIME, LATE, OVERDUE)
            and plan.case.family_named
            and any(
                child.age is not None and child.birth == BIRTH_DATE for child in plan.case.children
            )
            and plan.rereport_of is None
            and id(plan) not in used
            and id(plan) != id(target)
        ]
        if not sources or not rereports:
            continue
        # Prefer a report that was already decided before the new one came in.
        decided = [p for p in sources if p.decided_at and p.decided_at < target.received_at]
        source = rng.choice(decided or sources)
        used.update((id(source), id(target)))
        target.case = rereports.pop()
        target.family = source.family
        target.rereport_of = source


def _plan(
    centre: Centre,
    rng: random.Random,
    state: str,
    case: _Case,
    received_at: datetime,
    *,
    french: bool = False,
) -> _Plan:
    return _Plan(
        state=state,
        case=case,
        family=_family(centre, rng, french=french),
        received_at=received_at,
    )


def _family(centre: Centre, rng: random.Random, *, french: bool = False) -> _Family:
    weights = ORIGIN_WEIGHTS.get(centre.province, {"flemish": 1})
    key = "francophone" if french else rng.choices(list(weights), list(weights.values()))[0]
    origin = ORIGINS[key]
    languages = rng.choice(origin.languages)
    dutch = "Nederlands" in languages
    interpreter = not dutch and rng.random() < (0.3 if languages == "Frans" else 0.6)
    postcode, city = rng.choice(_places(centre))
    brussels = centre.province == Province.BRUSSEL
    return _Family(
        origin=origin,
        surname=rng.choice(origin.surnames),
        languages=languages,
        interpreter=interpreter,
        postcode=postcode,
        city=city,
        street=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
        dutch_speaking_network=(not french) if brussels else None,
    )


def _places(centre: Centre) -> tuple[tuple[str, str], ...]:
    places = PLACES.get(centre.province)
    if places:
        return places
    return tuple((str(r.first), centre.city) for r in centre.postcode_ranges.all()) or (
        (centre.postcode, centre.city),
    )


# Times ---------------------------------------------------------------------------------


def _at(rng: random.Random, day: date, first_minute: int, last_minute: int) -> datetime:
    minute = rng.randrange(first_minute, last_minute, 5)
    return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60)))


def _received(rng: random.Random, day: date) -> datetime:
    return _at(rng, day, 8 * 60 + 30, 16 * 60 + 45)


def _received_today(rng: random.Random, today: date, now: datetime) -> datetime:
    """Early this morning; just before now when the day has hardly begun."""
    candidate = _at(rng, today, 7 * 60, 9 * 60)
    if candidate < now:
        return candidate
    midnight = timezone.make_aware(datetime.combine(today, time(0, 1)))
    return max(midnight, now - timedelta(minutes=5))


def _birth_date(rng: random.Random, today: date, child: _Child) -> date:
    months = (child.age or 0) * 12 + child.months
    return today - timedelta(days=int(months * 30.44) + rng.randint(3, 27))


def _age_text(birth: date, today: date) -> str:
    months = (today.year - birth.year) * 12 + today.month - birth.month - (today.day < birth.day)
    if months < 24:
        return f"{months} maanden" if months != 1 else "1 maand"
    return f"{months // 12} jaar"


# Creating ------------------------------------------------------------------------------

_PLACEHOLDERS = ("c1", "c2", "c3", "a1", "a2", "a3", "weeks")


def _create(
    plan: _Plan,
    rng: random.Random,
    today: date,
    now: datetime,
    used_names: set[str],
    *,
    intake_worker: User,
    team_lead: User,
) -> None:
    case, family = plan.case, plan.family
    if plan.rereport_of is not None:
        persons, values, named = _known_persons(plan, rng, today)
    else:
        persons, values, named = _new_persons(plan, rng, today, used_names)
    channel = rng.choice(case.channels)
    reporter_name = "" if case.anonymous else _reporter_name(case, family, rng, named)
    phone = f"000 00 {rng.randint(10, 99)} {rng.randint(10, 99)}"
    written = channel not in (Channel.PHONE, Channel.HANDOVER_1712)
    crisis = plan.state in (CRISIS_OPEN, CRISIS_DONE)
    details = ReportDetails(
        received_at=plan.received_at,
        channel=channel,
        reporter_kind=case.kind,
        reporter_sector=case.sector,
        reporter_anonymous=case.anonymous,
        reporter_confidential=case.confidential,
        reporter_name=reporter_name,
        reporter_organisation=case.organisation,
        reporter_phone=phone if reporter_name else "",
        reporter_email=_email(reporter_name) if reporter_name and written else "",
        worries=case.worries.format(**values),
        problems=case.problems,
        urgency=Urgency.CRISIS if crisis else Urgency.NOT_URGENT,
        risk_estimate=case.risk,
        family_languages=family.languages,
        interpreter_needed=family.interpreter,
        dutch_speaking_network=family.dutch_speaking_network,
        residence_postcode=family.postcode,
    )
    report = register_report(by=intake_worker, details=details, persons=persons)
    plan.report = report
    # Demo seeding only: the report was typed in shortly after it came in, not today.
    registered_at = min(plan.received_at + timedelta(minutes=rng.randrange(5, 45, 5)), now)
    Report.objects.filter(pk=report.pk).update(created_at=registered_at)
    ReportHistory.objects.filter(report=report, to_status=Status.IN_QUEUE).update(at=registered_at)
    new_persons = ReportPerson.objects.filter(report=report, matched_existing=False)
    Person.objects.filter(pk__in=new_persons.values("person_id")).update(created_at=registered_at)

    if plan.decided_at is None:
        return
    track = Track.CRISIS if plan.state == CRISIS_DONE else case.track
    target = case.referral_target if track == Track.REFERRAL else ""
    referral = track == Track.REFERRAL
    grounds = REFERRAL_GROUNDS[target] if referral else rng.choice(GROUNDS[track])
    meeting = "Crisisoverleg met de teamverantwoordelijke" if crisis else "Teamoverleg onthaal"
    decision_day = timezone.localdate(plan.decided_at)
    triage_report(
        report=report,
        by=team_lead,
        track=track,
        grounds=grounds,
        team_discussion=f"{meeting} van {decision_day:%d/%m/%Y}",
        referral_target=target,
    )
    # Demo seeding only: the service stamps the decision with the current time. Move it to
    # the day the team decided, so the queue and the "decided on time" share have a past.
    # The audit entries keep their real time: they are hash-chained and are never altered.
    Report.objects.filter(pk=report.pk).update(triaged_at=plan.decided_at)
    TriageDecision.objects.filter(report=report).update(decided_at=plan.decided_at)
    ReportHistory.objects.filter(report=report, to_status=Status.TRIAGED).update(at=plan.decided_at)
    AdviceCase.objects.filter(report=report).update(opened_at=plan.decided_at)


def _new_persons(
    plan: _Plan, rng: random.Random, today: date, used_names: set[str]
) -> tuple[list[PersonEntry], dict[str, str], dict[str, str]]:
    """Persons for a new family, the worries' placeholders and names a reporter may take."""
    case, family = plan.case, plan.family
    origin = family.origin
    values = dict.fromkeys(_PLACEHOLDERS, "")
    named: dict[str, str] = {}
    entries: list[PersonEntry] = []
    # No two children in a centre with the same name, unless it is the same child.
    suffix = f" {family.surname}"
    taken = {name.removesuffix(suffix) for name in used_names if name.endswith(suffix)}
    street, postcode, city = _address(family, named=case.family_named)
    eldest = max((child.age or 0 for child in case.children), default=0)
    # Eldest first: the worries name the children in that order; the unborn child last.
    ordered = sorted(
        case.children,
        key=lambda child: (child.age is None, -((child.age or 0) * 12 + child.months)),
    )
    for number, child in enumerate(ordered, start=1):
        if child.age is None:
            due = today + timedelta(weeks=rng.randint(6, 22))
            values["weeks"] = str(40 - (due - today).days // 7)
            entries.append(
                PersonEntry(  # no name yet: shown as "unborn child"
                    role=PersonRole.CHILD,
                    is_unborn=True,
                    expected_birth_date=due,
                    street=street,
                    postcode=postcode,
                    city=city,
                )
            )
            continue
        gender = child.gender or rng.choice((F, M))
        first = _first_name(rng, origin.girls if gender == F else origin.boys, taken)
        birth = _birth_date(rng, today, child)
        values[f"c{number}"] = first
        values[f"a{number}"] = _age_text(birth, today)
        if case.family_named:
            used_names.add(f"{first} {family.surname}")
            named.setdefault("child", f"{first} {family.surname}")
        entries.append(
            PersonEntry(
                role=PersonRole.CHILD,
                first_name=first if case.family_named else "",
                last_name=family.surname if case.family_named else "",
                birth_date=birth if case.family_named and child.birth == BIRTH_DATE else None,
                estimated_age=child.age if child.birth == ESTIMATE else None,
                extended_minority=child.extended_minority,
                gender=gender,
                street=street,
                postcode=postcode,
                city=city,
            )
        )
    for adult in case.adults:
        entry = _adult(adult, family, rng, today, eldest, taken)
        entries.append(entry)
        if adult.role == PersonRole.PARENT:
            role = "mother" if adult.gender == F else "father"
            named.setdefault(role, f"{entry.first_name} {entry.last_name}")
    return entries, values, named


def _adult(
    adult: _Adult, family: _Family, rng: random.Random, today: date, eldest: int, taken: set[str]
) -> PersonEntry:
    origin = family.origin
    first = _first_name(rng, origin.women if adult.gender == F else origin.men, taken)
    if adult.family_surname:
        last = family.surname
    else:
        last = rng.choice([name for name in origin.surnames if name != family.surname])
    age = eldest + rng.randint(*adult.older)
    birth = today - timedelta(days=age * 365 + rng.randint(10, 350))
    street, postcode, city = _address(family, named=True)
    if adult.elsewhere:  # a parent or relative at another address in the same region
        postcode, city = rng.choice(_elsewhere(family))
        street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
    return PersonEntry(
        role=adult.role,
        first_name=first,
        last_name=last,
        birth_date=birth,
        gender=adult.gender,
        street=street,
        postcode=postcode,
        city=city,
        parental_authority=adult.authority,
    )


def _elsewhere(family: _Family) -> tuple[tuple[str, str], ...]:
    for places in PLACES.values():
        if (family.postcode, family.city) in places:
            return tuple(place for place in places if place[0] != family.postcode) or places
    return ((family.postcode, family.city),)


def _known_persons(
    plan: _Plan, rng: random.Random, today: date
) -> tuple[list[PersonEntry], dict[str, str], dict[str, str]]:
    """A re-report: link the known child and its parents, add whoever is new."""
    earlier = plan.rereport_of.report if plan.rereport_of is not None else None
    involved = list(ReportPerson.objects.filter(report=earlier).select_related("person"))
    child = next(
        involvement.person
        for involvement in involved
        if involvement.role == PersonRole.CHILD and involvement.person.birth_date is not None
    )
    birth = child.birth_date or today
    values = dict.fromkeys(_PLACEHOLDERS, "")
    values["c1"] = child.first_name
    values["a1"] = _age_text(birth, today)
    entries = [PersonEntry(role=PersonRole.CHILD, existing_person_id=child.pk)]
    entries.extend(
        PersonEntry(
            role=involvement.role,
            existing_person_id=involvement.person_id,
            parental_authority=involvement.parental_authority,
        )
        for involvement in involved
        if involvement.role == PersonRole.PARENT
    )
    taken = {involvement.person.first_name for involvement in involved}
    eldest = (today - birth).days // 365
    entries.extend(
        _adult(adult, plan.family, rng, today, eldest, taken) for adult in plan.case.adults
    )
    return entries, values, {}


def _address(family: _Family, *, named: bool) -> tuple[str, str, str]:
    """Street, postcode and city; for an anonymous consultation only the municipality."""
    return (family.street if named else "", family.postcode, family.city)


def _first_name(rng: random.Random, names: Sequence[str], taken: set[str]) -> str:
    free = [name for name in names if name not in taken] or list(names)
    name = rng.choice(free)
    taken.add(name)
    return name


def _reporter_name(case: _Case, family: _Family, rng: random.Random, named: dict[str, str]) -> str:
    if case.reporter in named:
        return named[case.reporter]
    if case.reporter == "grandmother":
        family_names = {name.split()[0] for name in named.values()}
        first = _first_name(rng, family.origin.women, family_names)
        return f"{first} {rng.choice(family.origin.surnames)}"
    if case.reporter == "neighbour":  # the named neighbours in the templates are women
        neighbours = ORIGINS["flemish"]
        return f"{rng.choice(neighbours.women)} {rng.choice(neighbours.surnames)}"
    return f"{rng.choice(PROFESSIONAL_FIRST_NAMES)} {rng.choice(PROFESSIONAL_LAST_NAMES)}"


def _email(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(char for char in plain if char.isascii() and (char.isalnum() or char == " "))
    return ".".join(letters.split()) + "@voorbeeld.test"
