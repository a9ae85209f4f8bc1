"""Fictional family dossiers for the demo: every state, each with a conversation history.

Dossiers are opened from the demo reports the team lead sent to the help track. When a
centre has too few of those, older reports are registered and triaged first, with the
intake demo's own helpers (`vk.intake.demo_data`), so they look like every other demo
report. Every step then goes through the dossier services (`open_dossier`, the transition
services, `add_conversation`, `close_dossier`): references, team, family composition,
history rows and audit entries come about exactly as in real use. Afterwards the dates
are moved into the past, for the demo only.

All names and texts are invented; professionals are only named generically ("de
leerkracht", "het CLB", "de huisarts"). The random generator is seeded with the centre's
province, so the same intake queue at the same moment gives the same dossiers.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from vk.centres.models import Centre, Discipline, Province, Role, User
from vk.dossiers.models import (
    AssessmentMoment,
    ClosingOutcome,
    Competence,
    ContactMethod,
    Conversation,
    Dossier,
    DossierHistory,
    Instrument,
    Place,
    ReferralStatus,
    SafetyJudgement,
    SecrecyGround,
    State,
    TeamDecision,
)
from vk.dossiers.services import (
    add_conversation,
    add_professional_contact,
    close_dossier,
    consent_overview,
    create_help_proposal,
    open_dossier,
    propose_help,
    record_assessment,
    record_consent,
    record_team_decision,
    start_assessment,
    start_follow_up,
)
from vk.intake.demo_data import (
    GENERAL_CASES,
    ON_TIME,
    _at,
    _Case,
    _create,
    _family,
    _Plan,
    _received,
)
from vk.intake.models import (
    PersonRole,
    ProblemCategory,
    Report,
    ReporterKind,
    ReportPerson,
    Status,
    Track,
)
from vk.lib.workdays import DEFAULT_CALENDAR, add_working_days
from vk.people.models import Gender

EXPLORATION = State.EXPLORATION.value
ASSESSMENT = State.ASSESSMENT.value
HELP_PROPOSAL = State.HELP_PROPOSAL.value
FOLLOW_UP = State.FOLLOW_UP.value
CLOSED = State.CLOSED.value
PATH = (EXPLORATION, ASSESSMENT, HELP_PROPOSAL, FOLLOW_UP)

HOME = Place.HOME_VISIT.value
CENTRE = Place.CENTRE.value
SCHOOL = Place.SCHOOL.value
PHONE = Place.PHONE.value

# Who takes part, besides the case worker(s).
MAIN = "main"  # the parent the child mostly lives with
CAREGIVERS = "caregivers"  # the parents (or parent and step-parent) at the child's home
FAMILY = "family"  # the caregivers and the children
CHILD = "child"  # the eldest child, alone
OTHER_PARENT = "other_parent"  # a parent who lives elsewhere
SCHOOL_CHILD = "school_child"  # the eldest child at school, with the CLB worker
SCHOOL_MEETING = "school_meeting"  # the caregivers with the teacher and care coordinator
WITH_CAREGIVERS = (MAIN, CAREGIVERS, FAMILY, OTHER_PARENT, SCHOOL_MEETING)

# Extra conditions on a conversation template.
YOUNG = "young"  # a named child, the eldest younger than four
MEDICAL = "medical"  # the team has a doctor

# Who writes the conversation down.
RECORD = "record"  # the case worker of record
PSY = "psy"  # the team's psychologist or educationalist, else the case worker of record
DOCTOR = "doctor"  # the team's doctor

# Days from the opening to today (open dossiers) or to the closing (closed ones).
SPAN_DAYS: dict[str, tuple[int, int]] = {
    EXPLORATION: (6, 28),
    ASSESSMENT: (30, 75),
    HELP_PROPOSAL: (70, 130),
    FOLLOW_UP: (120, 260),
}
LONG_SPAN_DAYS = (360, 440)  # the long follow-up, about 30 conversations
CLOSED_DAYS_AGO = (7, 150)
CLOSED_SPAN_DAYS: dict[str, tuple[int, int]] = {
    EXPLORATION: (20, 45),
    ASSESSMENT: (45, 100),
    FOLLOW_UP: (150, 330),
}
# In these centres one closed dossier has no coded outcome, as dossiers closed before the
# outcome was coded have none: examples for the statistics' data-quality list.
DATA_QUALITY_EXAMPLES = (Province.ANTWERPEN, Province.LIMBURG, Province.BRUSSEL)
# Relative length of each phase of a trajectory.
PHASE_WEIGHT: dict[str, tuple[float, float]] = {
    EXPLORATION: (2, 4),
    ASSESSMENT: (3, 6),
    HELP_PROPOSAL: (1, 2),
    FOLLOW_UP: (5, 12),
}
# Conversations per phase (the long follow-up gets the rest of its ~30).
CONVERSATIONS: dict[str, tuple[int, int]] = {
    EXPLORATION: (2, 3),
    ASSESSMENT: (2, 4),
    HELP_PROPOSAL: (1, 2),
    FOLLOW_UP: (2, 4),
}
LONG_FOLLOW_UP_WEIGHT = (14.0, 20.0)  # most of the long dossier's year is follow-up
MAX_CONVERSATIONS = 12
LONG_CONVERSATIONS = (28, 32)


# Texts -----------------------------------------------------------------------------------
#
# Placeholders: {kind} (the eldest child's first name), {kinderen} (all children's first
# names), {ouders} ("de ouders", "de moeder en de stiefvader", ...), {ouder} (the parent
# the children mostly live with), {andere_ouder} (a parent living elsewhere), {zorg},
# {inschatting}, {hulp} and {begeleider} (from the theme), {melder}.
# Sentences are capitalised after formatting, so a placeholder may open a sentence.


@dataclass(frozen=True)
class _Theme:
    zorg: str  # what the worries are about, as told to the family
    inschatting: str  # a sentence for the assessment
    hulp: str  # the help proposed
    begeleider: str  # who gives that help
    opvolging: tuple[str, ...]  # progress sentences during follow-up


THEMES: dict[str, _Theme] = {
    ProblemCategory.SEXUAL: _Theme(
        zorg="grensoverschrijdend gedrag tegenover {kind}",
        inschatting=(
            "Het gezin neemt de signalen ernstig en maakte duidelijke afspraken om {kind} "
            "te beschermen."
        ),
        hulp="therapeutische begeleiding voor {kind} en ondersteuning voor {ouders}",
        begeleider="de therapeut",
        opvolging=(
            "De therapie van {kind} is gestart; de afspraken rond toezicht thuis worden nageleefd.",
            "Er is geen contact meer geweest met de betrokken volwassene, zoals afgesproken.",
        ),
    ),
    ProblemCategory.PAST_ABUSE: _Theme(
        zorg="de verwerking van wat {kind} vroeger meemaakte",
        inschatting=(
            "{kind} wil de eigen ervaringen verwerken en voelt zich daarin gesteund door de "
            "familie."
        ),
        hulp="traumagerichte therapie voor {kind}",
        begeleider="de therapeut",
        opvolging=(
            "{kind} gaat geregeld naar de therapeut en vertelt dat het helpt om erover te praten.",
            "Slapen lukt beter; de nachtmerries komen minder vaak terug.",
        ),
    ),
    ProblemCategory.PHYSICAL: _Theme(
        zorg="de verzorging en de veiligheid van {kinderen}",
        inschatting=(
            "Er werden geen nieuwe letsels of tekenen van verwaarlozing vastgesteld; de "
            "dagelijkse verzorging blijft wel een aandachtspunt."
        ),
        hulp="intensieve thuisbegeleiding",
        begeleider="de thuisbegeleider",
        opvolging=(
            "De afspraken bij de huisarts en de tandarts worden nu nagekomen.",
            "Volgens de school is de verzorging van {kinderen} merkbaar verbeterd.",
            "Er is elke dag een warme maaltijd; de thuisbegeleider hielp bij het plannen "
            "van de boodschappen.",
        ),
    ),
    ProblemCategory.EMOTIONAL: _Theme(
        zorg="de spanningen thuis en wat die met {kinderen} doen",
        inschatting=(
            "Met {ouders} bespraken we hoe de spanningen thuis bij {kinderen} binnenkomen; "
            "het gezin wil daar samen aan werken."
        ),
        hulp="gezinsbegeleiding rond communicatie en opvoeding",
        begeleider="de gezinsbegeleider",
        opvolging=(
            "Met de gezinsbegeleider wordt geoefend hoe conflicten rustiger besproken "
            "kunnen worden.",
            "Er wordt thuis minder geroepen; bij ruzie neemt iedereen eerst even afstand, "
            "zoals afgesproken.",
        ),
    ),
    ProblemCategory.RISK: _Theme(
        zorg="de draagkracht van het gezin en het toezicht op {kinderen}",
        inschatting=(
            "De draagkracht van het gezin is beperkt; praktische steun en een duidelijk "
            "netwerkplan kunnen veel verschil maken."
        ),
        hulp="praktische thuisondersteuning en een netwerkplan",
        begeleider="de thuisbegeleider",
        opvolging=(
            "De praktische thuisondersteuning is gestart; de taken in huis zijn beter verdeeld.",
            "Het netwerkplan werkt: er is altijd iemand die kan bijspringen als het even "
            "niet lukt.",
        ),
    ),
    ProblemCategory.UNCLEAR: _Theme(
        zorg="de signalen die {melder} opmerkte bij {kind}",
        inschatting=(
            "De oorzaak van de signalen is nog niet helemaal duidelijk; we verzamelen "
            "verder informatie bij de betrokkenen."
        ),
        hulp="een diagnostisch traject in een centrum voor geestelijke gezondheidszorg",
        begeleider="de therapeut",
        opvolging=(
            "Het diagnostisch traject is gestart; de eerste gesprekken verliepen goed.",
            "De eerste bevindingen van het diagnostisch traject werden met het gezin besproken.",
        ),
    ),
}
THEME_ORDER = (
    ProblemCategory.SEXUAL,
    ProblemCategory.PAST_ABUSE,
    ProblemCategory.PHYSICAL,
    ProblemCategory.RISK,
    ProblemCategory.EMOTIONAL,
    ProblemCategory.UNCLEAR,
)


@dataclass(frozen=True)
class _Talk:
    """A conversation template."""

    place: str
    who: str
    summary: str
    observations: tuple[str, ...] = ()  # one may be picked
    when: str = ""  # YOUNG or MEDICAL; `who` brings its own conditions
    by: str = RECORD
    others: tuple[str, ...] = ()  # professionals taking part, named generically


FIRST_CONTACT = _Talk(
    PHONE,
    MAIN,
    "Eerste telefonisch contact met {ouder}. We stelden ons voor, legden uit dat er zorgen "
    "zijn gemeld over {zorg} en spraken een eerste huisbezoek af.",
    (
        "{ouder} reageerde eerst afwachtend, maar wilde graag meer uitleg.",
        "{ouder} was verrast door het telefoontje en stelde vragen over de werking van het VK.",
    ),
)
FIRST_VISIT = _Talk(
    HOME,
    FAMILY,
    "Eerste huisbezoek bij {ouders}. We bespraken de melding en hoe het gezin de situatie "
    "zelf ziet; een deel van de zorgen wordt herkend.",
    (
        "De woning is ordelijk; er was een rustige sfeer tijdens het gesprek.",
        "Het gesprek verliep wat gespannen in het begin, maar werd gaandeweg opener.",
        "Er was aandacht voor {kinderen} tijdens het bezoek; vragen werden rustig beantwoord.",
    ),
)
EXPLORATION_TALKS = (
    _Talk(
        PHONE,
        MAIN,
        "Telefonisch contact met {ouder} om het huisbezoek na te bespreken. We spraken af "
        "om ook met {kinderen} kennis te maken.",
    ),
    _Talk(
        SCHOOL,
        SCHOOL_CHILD,
        "Kennismakingsgesprek met {kind} op school, in een apart lokaal en met medeweten "
        "van {ouders}. {kind} vertelde open over school en vrienden en hield de "
        "thuissituatie nog wat af.",
        ("{kind} oogde wat gespannen bij vragen over thuis.",),
        others=("de CLB-medewerker",),
    ),
    _Talk(
        CENTRE,
        CHILD,
        "Kennismakingsgesprek met {kind} op het centrum. We legden uit wie we zijn en "
        "waarom we betrokken zijn; {kind} stelde vragen over wie het verhaal te horen krijgt.",
        by=PSY,
    ),
    _Talk(
        HOME,
        FAMILY,
        "Tweede huisbezoek om de dagelijkse verzorging van {kind} te zien. We bespraken "
        "het ritme van eten en slapen en bij wie {ouder} steun vindt.",
        ("{ouder} verzorgde {kind} rustig en reageerde alert op signalen.",),
        when=YOUNG,
    ),
    _Talk(
        CENTRE,
        OTHER_PARENT,
        "Gesprek op het centrum met {andere_ouder}, die niet bij het gezin woont. We "
        "informeerden over de zorgen; {andere_ouder} wil graag betrokken blijven.",
    ),
    _Talk(
        SCHOOL,
        SCHOOL_MEETING,
        "Overleg op school met {ouders}, de klasleerkracht en de zorgcoördinator. We "
        "bespraken hoe het met {kind} gaat in de klas en wat de school opmerkt.",
        others=("de klasleerkracht", "de zorgcoördinator"),
    ),
)
ASSESSMENT_TALKS = (
    _Talk(
        CENTRE,
        CAREGIVERS,
        "Gesprek op het centrum met {ouders} over de verdere inschatting. We overliepen "
        "samen de zorgen en de krachten van het gezin. {inschatting}",
    ),
    _Talk(
        CENTRE,
        CHILD,
        "Individueel gesprek met {kind} op het centrum. Aan de hand van een weekschema "
        "vertelde {kind} wat thuis goed gaat en wat moeilijk is.",
        ("{kind} kon goed verwoorden wat er nodig is om zich thuis veilig te voelen.",),
        by=PSY,
    ),
    _Talk(
        CENTRE,
        FAMILY,
        "Medisch consult door de arts van het team bij {kinderen}, in aanwezigheid van "
        "{ouders}. Groei en algemene gezondheid werden nagekeken en de bevindingen werden "
        "meteen besproken.",
        (
            "Geen letsels vastgesteld; de vaccinaties zijn in orde.",
            "Lichte achterstand in gewicht bij {kind}; opvolging via de huisarts afgesproken.",
        ),
        when=MEDICAL,
        by=DOCTOR,
    ),
    _Talk(
        HOME,
        FAMILY,
        "Huisbezoek om het dagelijkse leven van het gezin beter te leren kennen. We "
        "bespraken hoe de ochtenden en avonden verlopen en wie het gezin kan ondersteunen.",
        ("De interactie tussen {ouder} en {kind} was warm en afgestemd.",),
    ),
    _Talk(
        SCHOOL,
        SCHOOL_CHILD,
        "Tweede gesprek met {kind} op school, samen met de CLB-medewerker. {kind} voelt "
        "zich op school veilig en kan bij de zorgcoördinator terecht als het moeilijk gaat.",
        others=("de CLB-medewerker",),
    ),
    _Talk(
        PHONE,
        MAIN,
        "Telefonisch contact met {ouder} om de afspraken van het vorige gesprek op te "
        "volgen. Volgens {ouder} lukken de afspraken grotendeels.",
    ),
    _Talk(
        HOME,
        CAREGIVERS,
        "Huisbezoek om samen met {ouders} een veiligheidsplan op te stellen. We legden vast "
        "wat er gebeurt als de spanningen oplopen en wie het gezin dan kan bellen.",
    ),
    _Talk(
        CENTRE,
        OTHER_PARENT,
        "Gesprek met {andere_ouder} over de inschatting. Voor {andere_ouder} is het "
        "belangrijk dat er rust en stabiliteit komt voor {kinderen}; we maakten afspraken "
        "over het contact.",
    ),
)
HELP_PROPOSAL_TALKS = (
    _Talk(
        CENTRE,
        CAREGIVERS,
        "Bespreking van het hulpvoorstel met {ouders}. Het team stelt {hulp} voor; het "
        "gezin wil hier even over nadenken.",
        ("Er waren vooral vragen over hoe vaak de begeleiding langskomt.",),
    ),
    _Talk(
        CENTRE,
        CHILD,
        "Gesprek met {kind} over het hulpvoorstel. We legden in eenvoudige woorden uit wat "
        "de begeleiding inhoudt en wat er thuis kan veranderen.",
        by=PSY,
    ),
    _Talk(
        PHONE,
        MAIN,
        "Telefonisch contact over het hulpvoorstel. Het gezin gaat akkoord met {hulp}; de "
        "aanmelding wordt samen met {ouder} voorbereid.",
    ),
)
EVALUATIONS = (
    _Talk(
        CENTRE,
        CAREGIVERS,
        "Evaluatiegesprek op het centrum met {ouders}, samen met {begeleider}. We overliepen "
        "de doelen van het hulpverleningsplan en stelden ze bij waar nodig.",
        others=("{begeleider}",),
    ),
    _Talk(
        CENTRE,
        CAREGIVERS,
        "Tussentijdse evaluatie met {ouders}, samen met {begeleider}. De meeste doelen lopen "
        "volgens plan; we behouden voorlopig het ritme van de huisbezoeken.",
        others=("{begeleider}",),
    ),
    _Talk(
        HOME,
        FAMILY,
        "Evaluatie aan huis met het hele gezin en {begeleider}. Iedereen kon zeggen wat "
        "beter gaat en wat nog moeilijk is; we spraken nieuwe, kleinere doelen af.",
        others=("{begeleider}",),
    ),
)

# Follow-up conversations are put together: an opening, how it goes, maybe a next step.
OPENINGS: dict[tuple[str, str], tuple[str, ...]] = {
    (HOME, FAMILY): (
        "Opvolgingshuisbezoek bij {ouders}, met {kinderen} erbij.",
        "Huisbezoek na schooltijd; {kinderen} waren thuis.",
        "Huisbezoek samen met {begeleider}.",
    ),
    (HOME, CAREGIVERS): (
        "Opvolgingshuisbezoek bij {ouders}.",
        "Huisbezoek bij {ouders} terwijl de kinderen op school of in de opvang waren.",
    ),
    (PHONE, MAIN): (
        "Telefonisch opvolgingscontact met {ouder}.",
        "{ouder} belde zelf om te vertellen hoe het gaat.",
        "Kort telefonisch contact met {ouder} om de voorbije weken te overlopen.",
    ),
    (CENTRE, CAREGIVERS): (
        "Opvolgingsgesprek op het centrum met {ouders}.",
        "Gesprek op het centrum met {ouders} om de voorbije periode te overlopen.",
    ),
    (CENTRE, CHILD): (
        "Individueel gesprek met {kind} op het centrum.",
        "Opvolgingsgesprek met {kind}, zonder de ouders erbij.",
    ),
    (SCHOOL, SCHOOL_CHILD): (
        "Gesprek met {kind} op school, in een rustig lokaal.",
        "Opvolgingsgesprek met {kind} op school, samen met de CLB-medewerker.",
    ),
    (SCHOOL, SCHOOL_MEETING): (
        "Overleg op school met {ouders}, de klasleerkracht en de zorgcoördinator.",
    ),
    (CENTRE, OTHER_PARENT): (
        "Gesprek op het centrum met {andere_ouder}.",
        "Opvolgingsgesprek met {andere_ouder}, die apart woont.",
    ),
}
OTHERS_AT: dict[tuple[str, str], tuple[str, ...]] = {
    (SCHOOL, SCHOOL_CHILD): ("de CLB-medewerker",),
    (SCHOOL, SCHOOL_MEETING): ("de klasleerkracht", "de zorgcoördinator"),
}
# (place, who, weight) of follow-up conversations; `who` brings its own conditions.
FOLLOW_UP_KINDS = (
    (HOME, FAMILY, 4),
    (HOME, CAREGIVERS, 2),
    (PHONE, MAIN, 4),
    (CENTRE, CAREGIVERS, 2),
    (CENTRE, CHILD, 1),
    (SCHOOL, SCHOOL_CHILD, 1),
    (SCHOOL, SCHOOL_MEETING, 1),
    (CENTRE, OTHER_PARENT, 1),
)
PROGRESS_EARLY = (
    "De begeleiding is opgestart; de eerste afspraken met {begeleider} verliepen vlot.",
    "We overliepen de doelen van het hulpverleningsplan en wie waarvoor verantwoordelijk is.",
    "Het gezin moet nog wennen aan de vaste afspraken, maar iedereen zet zich in.",
    "Een vaste dagstructuur met eet- en slaapmomenten wordt stilaan ingeoefend.",
)
PROGRESS_MID = (
    "Het gaat de laatste weken rustiger thuis; er waren geen nieuwe incidenten.",
    "De afspraken uit het veiligheidsplan worden nageleefd.",
    "Er was een moeilijker moment na een drukke week; {ouder} kon dit zelf benoemen en "
    "zocht tijdig hulp.",
    "{ouder} is moe; we bespraken hoe het netwerk meer kan bijspringen.",
    "De samenwerking met {begeleider} verloopt goed en de dagstructuur is duidelijker.",
    "Er was een terugval toen {begeleider} een tijd afwezig was; we hernamen samen de afspraken.",
    "Het netwerk rond het gezin is uitgebreid: een buurvrouw en de grootouders springen bij.",
    "Geldzorgen zorgen voor spanning; we legden de weg naar budgetbegeleiding uit.",
)
PROGRESS_LATE = (
    "We bespraken met {ouders} hoe de begeleiding stilaan kan afbouwen.",
    "De doelen van het hulpverleningsplan zijn grotendeels bereikt.",
    "Het gezin valt steeds meer terug op het eigen netwerk.",
    "Er waren de voorbije maanden geen nieuwe zorgsignalen.",
)
PROGRESS_CHILD = (
    "{kind} vertelt dat de sfeer thuis beter is en dat er minder ruzie is.",
    "{kind} vindt het fijn dat er thuis duidelijke afspraken zijn.",
    "{kind} vertelt over een moeilijke week, maar kon er thuis over praten.",
    "{kind} weet bij wie er hulp te vinden is als het thuis weer moeilijk wordt.",
)
PROGRESS_PUPIL = (
    "{kind} gaat weer regelmatig naar school en sluit beter aan bij de klasgroep.",
    "Volgens de klasleerkracht is {kind} rustiger en beter geconcentreerd.",
)
PROGRESS_OTHER_PARENT = (
    "De omgangsregeling loopt volgens afspraak.",
    "Het contact tussen beide ouders verloopt zakelijker en rustiger dan voordien.",
)
NEXT_STEPS = (
    "Volgend contact binnen drie weken.",
    "We plannen een evaluatiemoment met alle betrokkenen.",
    "Bij het volgende gesprek evalueren we het veiligheidsplan.",
    "{begeleider} houdt ons op de hoogte van belangrijke wijzigingen.",
    "Volgend huisbezoek over een maand.",
)
OBSERVATIONS_HOME = (
    "De woning was opgeruimd en er was eten in huis.",
    "{ouder} oogde vermoeid maar was betrokken tijdens het gesprek.",
    "De interactie tussen {ouder} en {kind} was warm en afgestemd.",
    "Rustige sfeer; het gezin had het gesprek goed voorbereid.",
)
OBSERVATIONS_CHILD = (
    "{kind} was ontspannen en maakte vlot contact.",
    "{kind} oogde moe maar sprak open over de voorbije weken.",
)

TRANSITION_REASONS: dict[str, tuple[str, ...]] = {
    ASSESSMENT: (
        "De verkennende gesprekken bevestigen een deel van de zorgen; een grondige "
        "inschatting is nodig.",
        "Het gezin werkt mee; we brengen de situatie verder in kaart met alle betrokkenen.",
    ),
    HELP_PROPOSAL: (
        "De inschatting is afgerond; het team werkt een hulpvoorstel uit voor het gezin.",
        "Teamoverleg: de veiligheid is voldoende om met vrijwillige hulp verder te gaan.",
    ),
    FOLLOW_UP: (
        "Het gezin gaat akkoord met {hulp}; de begeleiding is opgestart.",
        "De aanmelding voor {hulp} is rond; het VK volgt de begeleiding op.",
    ),
}


@dataclass(frozen=True)
class _Closing:
    talk: _Talk
    reason: str
    closing_outcome: str
    outcome: str


# The ways a trajectory ends, by the state it is closed from.
CLOSINGS: dict[str, tuple[_Closing, ...]] = {
    FOLLOW_UP: (
        _Closing(
            _Talk(
                CENTRE,
                CAREGIVERS,
                "Afsluitend gesprek met {ouders}. We overliepen het verloop van het traject en "
                "wat het gezin zelf heeft bereikt; {begeleider} blijft nog een tijd betrokken.",
            ),
            "De doelen van het hulpverleningsplan zijn bereikt en de veiligheid van {kinderen} "
            "is voldoende gegarandeerd. De verdere ondersteuning loopt zonder het VK.",
            ClosingOutcome.HELP_INSTALLED,
            "Veiligheid hersteld; verdere ondersteuning zonder het VK",
        ),
    ),
    EXPLORATION: (
        _Closing(
            _Talk(
                HOME,
                CAREGIVERS,
                "Afsluitend huisbezoek bij {ouders}. De zorgen uit de melding werden in de "
                "gesprekken onvoldoende bevestigd; we bespraken waar het gezin terechtkan als "
                "er opnieuw vragen zijn.",
            ),
            "Na de verkennende gesprekken zijn de zorgen onvoldoende bevestigd. Het gezin heeft "
            "zelf stappen gezet en weet waar het terechtkan.",
            ClosingOutcome.CONCERNS_NOT_CONFIRMED,
            "Het gezin weet waar het terechtkan",
        ),
        _Closing(
            _Talk(
                HOME,
                CAREGIVERS,
                "Afsluitend huisbezoek bij {ouders}. Ze willen geen verdere begeleiding van het "
                "VK; we bespraken wat de school en de huisarts blijven opvolgen en dat ze altijd "
                "opnieuw contact kunnen opnemen.",
            ),
            "Het gezin wil geen verdere hulp. De zorgen zijn niet zo ernstig dat een "
            "MaNo-procedure nodig is; de school en de huisarts blijven waakzaam.",
            ClosingOutcome.FAMILY_REFUSED_HELP,
            "School en huisarts blijven waakzaam",
        ),
    ),
    ASSESSMENT: (
        _Closing(
            _Talk(
                CENTRE,
                CAREGIVERS,
                "Afsluitend gesprek op het centrum met {ouders}. We bespraken de resultaten van "
                "de inschatting en de doorverwijzing naar een centrum voor geestelijke "
                "gezondheidszorg; het gezin gaat akkoord.",
            ),
            "De inschatting toont dat de veiligheid van {kinderen} voldoende gegarandeerd is. "
            "Voor verdere ondersteuning werd het gezin doorverwezen naar de geestelijke "
            "gezondheidszorg.",
            ClosingOutcome.HELP_INSTALLED,
            "Doorverwezen naar de geestelijke gezondheidszorg",
        ),
        _Closing(
            _Talk(
                CENTRE,
                CAREGIVERS,
                "Afsluitend gesprek met {ouders}, die binnenkort naar een andere provincie "
                "verhuizen. We legden uit dat het vertrouwenscentrum daar de begeleiding "
                "overneemt en wat we doorgeven.",
            ),
            "Het gezin verhuist naar een andere provincie. Met het akkoord van {ouders} draagt "
            "het team de begeleiding over aan het vertrouwenscentrum daar.",
            ClosingOutcome.FAMILY_MOVED,
            "Overgedragen aan het vertrouwenscentrum van de nieuwe woonplaats",
        ),
    ),
}
RETENTION_NOTE = "We legden uit hoe lang het dossier wordt bewaard."
COPY_NOTE = "We legden uit hoe lang het dossier wordt bewaard en boden het gezin een kopie aan."


# Planning --------------------------------------------------------------------------------


@dataclass
class _Household:
    """The family as the conversations speak of it."""

    children: list[tuple[str, str]]  # (first name, last name), eldest first
    eldest_age: int | None  # None when no child is named yet
    caregivers: list[tuple[str, str]]  # (label, full name)
    other_parent: tuple[str, str] | None
    language: str  # the language spoken with the caregivers
    interpreter_language: str  # "" when no interpreter is needed
    social_share: float = 0.0  # how often the interpreter comes via social interpreting
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class _DossierPlan:
    state: str  # where the dossier stands today
    long: bool = False  # the long follow-up with about 30 conversations
    closed_from: str = ""  # closed dossiers: the state it was closed from
    # A data-quality example: closed without a coded outcome, as dossiers closed before
    # the outcome was coded are (the statistics list them).
    without_outcome: bool = False
    report: Report | None = None
    opened_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def path(self) -> list[str]:
        last = self.closed_from if self.state == CLOSED else self.state
        return list(PATH[: PATH.index(last) + 1])


def seed_dossier_demo(
    centre: Centre, *, team_lead: User, case_workers: Sequence[User], today: date
) -> int:
    """Open fictional dossiers in every state in `centre`; return how many were created.

    Skips (returns 0) when the centre already has dossiers, so `seed_demo` can run again.
    """
    workers = [*case_workers]
    if team_lead.has_role(Role.CASE_WORKER) and team_lead not in workers:
        workers.append(team_lead)
    if any(user.centre_id != centre.pk for user in (team_lead, *workers)):
        raise ValueError("The demo team lead and case workers must belong to the centre.")
    if Dossier.objects.filter(centre=centre).exists():
        return 0
    rng = random.Random(f"vk-demo-dossiers:{centre.province}")  # noqa: S311  (demo data only)
    now = timezone.now()
    waiting = list(
        Report.objects.filter(
            centre=centre, status=Status.TRIAGED, track=Track.HELP, dossiers__isnull=True
        )
        .exclude(triaged_at=None)
        .order_by("-triaged_at", "-pk")
    )
    plans = _plan_states(
        rng,
        recent=len(waiting),
        without_outcome=centre.province in DATA_QUALITY_EXAMPLES,
    )
    _assign_reports(plans, waiting, rng, today, now)
    _register_reports(centre, plans, rng, today, now, team_lead=team_lead)
    created = 0
    for plan in sorted(
        (plan for plan in plans if plan.report is not None and plan.opened_at is not None),
        key=lambda plan: plan.opened_at or now,
    ):
        _build(plan, rng, now, team_lead=team_lead, workers=workers)
        created += 1
    return created


def _plan_states(
    rng: random.Random, *, recent: int, without_outcome: bool = False
) -> list[_DossierPlan]:
    """One to three dossiers in each state (two or three closed), eight or nine in all,
    one of them the long follow-up; as many in exploration as there are recent
    help-track reports (up to 3). `without_outcome`: one closed dossier has no coded
    outcome."""
    explorations = min(3, recent) if recent else rng.randint(1, 2)
    states = [*[EXPLORATION] * explorations, ASSESSMENT, HELP_PROPOSAL, FOLLOW_UP, CLOSED, CLOSED]
    extra = max(0, rng.randint(8, 9) - len(states) - 1)
    states += rng.sample([ASSESSMENT, HELP_PROPOSAL, CLOSED, EXPLORATION], extra)
    while states.count(EXPLORATION) > 3:
        states.remove(EXPLORATION)
    plans = [_DossierPlan(state) for state in states]
    plans.append(_DossierPlan(FOLLOW_UP, long=True))
    closed = [plan for plan in plans if plan.state == CLOSED]
    closed[0].closed_from = FOLLOW_UP
    for plan in closed[1:]:
        plan.closed_from = rng.choice((EXPLORATION, ASSESSMENT))
    closed[-1].without_outcome = without_outcome
    return plans


def _assign_reports(
    plans: list[_DossierPlan],
    reports: list[Report],
    rng: random.Random,
    today: date,
    now: datetime,
) -> None:
    """Give the help-track reports the intake demo made (newest first) to the dossiers in
    exploration, or in assessment when decided three weeks ago or more."""
    for report in reports:
        decided = report.triaged_at
        if decided is None:
            continue
        free = [plan for plan in plans if plan.report is None and not plan.long]
        plan = next((p for p in free if p.state == EXPLORATION), None)
        if plan is None and (today - timezone.localdate(decided)).days >= 21:
            plan = next((p for p in free if p.state == ASSESSMENT), None)
        if plan is None:
            continue  # the team lead has not opened this one yet
        opened = _opening_after(rng, decided, rng.randint(0, 2))
        if opened >= now - timedelta(hours=3):
            opened = decided + timedelta(minutes=30)
        if opened >= now - timedelta(minutes=30):
            continue
        plan.report, plan.opened_at = report, opened


def _register_reports(
    centre: Centre,
    plans: list[_DossierPlan],
    rng: random.Random,
    today: date,
    now: datetime,
    *,
    team_lead: User,
) -> None:
    """Register and triage an older help-track report for each dossier that has none, with
    the intake demo's helpers, as if it came in shortly before the dossier was opened."""
    missing = [plan for plan in plans if plan.report is None]
    if not missing:
        return
    intake_worker = (
        User.objects.in_centre(centre)
        .with_role(Role.INTAKE)
        .filter(is_active=True)
        .order_by("pk")
        .first()
    ) or team_lead
    used_names = {
        f"{first} {last}"
        for first, last in ReportPerson.objects.filter(
            report__centre=centre, role=PersonRole.CHILD
        ).values_list("person__first_name", "person__last_name")
    }
    cases = _help_cases(centre, rng)
    needs_interpreter = not Report.objects.filter(
        centre=centre, track=Track.HELP, interpreter_needed=True
    ).exists()
    interpreter_at = rng.randrange(len(missing))
    planned: list[tuple[_DossierPlan, _Plan, datetime]] = []
    for index, plan in enumerate(missing):
        opened_day = _opening_day(plan, rng, today)
        decided_day = add_working_days(opened_day, -rng.randint(0, 2))
        deadline = max(1, centre.triage_deadline_working_days)
        received_day = add_working_days(decided_day, -rng.randint(1, deadline))
        family = _family(centre, rng)
        if needs_interpreter and index == interpreter_at:  # at least one interpreted family
            for _attempt in range(100):
                if family.interpreter:
                    break
                family = _family(centre, rng)
        intake = _Plan(
            state=ON_TIME,
            case=cases[index % len(cases)],
            family=family,
            received_at=_received(rng, received_day),
        )
        intake.decided_at = max(
            _at(rng, decided_day, 10 * 60, 15 * 60), intake.received_at + timedelta(hours=1)
        )
        if opened_day == decided_day:
            opened = intake.decided_at + timedelta(minutes=rng.randrange(30, 150, 5))
        else:
            opened = _at(rng, opened_day, 9 * 60, 16 * 60)
        planned.append((plan, intake, opened))
    for plan, intake, opened in sorted(planned, key=lambda item: item[1].received_at):
        # The children's ages and birth dates as they were when the report came in.
        received = timezone.localdate(intake.received_at)
        _create(
            intake,
            rng,
            received,
            now,
            used_names,
            intake_worker=intake_worker,
            team_lead=team_lead,
        )
        if intake.report is None:
            raise ValueError("The intake demo did not register the report.")
        # `_create` keeps the report as registered; the triaged version is in the database.
        plan.report = Report.objects.get(pk=intake.report.pk)
        plan.opened_at = opened


def _help_cases(centre: Centre, rng: random.Random) -> list[_Case]:
    """The intake demo's help-track cases: first those the centre has not seen yet, then
    those only in its other reports, last those already on the help track.

    Only named families with born children: an unborn child in an old report would still
    be unborn today."""
    cases = [
        case
        for case in GENERAL_CASES
        if case.track == Track.HELP
        and case.family_named
        and case.children
        and all(child.age is not None for child in case.children)
    ]
    reports = Report.objects.filter(centre=centre)
    everywhere = list(reports.values_list("worries", flat=True))
    on_help = list(reports.filter(track=Track.HELP).values_list("worries", flat=True))

    def seen(case: _Case) -> tuple[int, int]:
        return (
            sum(_from_case(case, text) for text in on_help),
            sum(_from_case(case, text) for text in everywhere),
        )

    rng.shuffle(cases)
    return sorted(cases, key=seen)  # stable: equally known cases keep the shuffled order


def _from_case(case: _Case, worries: str) -> bool:
    parts = [part for part in re.split(r"\{\w+\}", case.worries) if len(part.strip()) > 8]
    return bool(parts) and all(part in worries for part in parts)


def _opening_day(plan: _DossierPlan, rng: random.Random, today: date) -> date:
    if plan.state == CLOSED:
        closed_day = _working_day_before(today - timedelta(days=rng.randint(*CLOSED_DAYS_AGO)))
        plan.closed_at = _at(rng, closed_day, 10 * 60, 16 * 60)
        span = rng.randint(*CLOSED_SPAN_DAYS[plan.closed_from])
        return _working_day_before(closed_day - timedelta(days=span))
    span = rng.randint(*(LONG_SPAN_DAYS if plan.long else SPAN_DAYS[plan.state]))
    return _working_day_before(today - timedelta(days=span))


# Building --------------------------------------------------------------------------------


def _build(
    plan: _DossierPlan, rng: random.Random, now: datetime, *, team_lead: User, workers: list[User]
) -> None:
    report, opened_at = plan.report, plan.opened_at
    if report is None or opened_at is None:
        raise ValueError("A planned demo dossier needs a report and an opening time.")
    household = _household(report, rng, timezone.localdate(now))
    team, of_record = _team(rng, workers, household)
    dossier = open_dossier(report=report, by=team_lead, case_workers=team, of_record=of_record)
    # Demo seeding only: the services stamp everything with the current time. Move the
    # dossier into the past so its history reads as a real trajectory. The audit entries
    # keep their real time: they are hash-chained and are never altered.
    Dossier.objects.filter(pk=dossier.pk).update(opened_at=opened_at)
    DossierHistory.objects.filter(dossier=dossier, to_state=EXPLORATION).update(at=opened_at)

    end = plan.closed_at if plan.state == CLOSED and plan.closed_at else now
    phases = plan.path
    bounds = _boundaries(rng, opened_at, end, phases, long=plan.long)
    counts = _counts(rng, plan, phases, bounds, open_now=plan.state != CLOSED)
    closings = CLOSINGS.get(plan.closed_from, ())
    closing = rng.choice(closings) if closings else None
    copy_offered = rng.random() < 0.6
    people = _People(team, of_record)
    _assess(dossier, of_record, rng, household, opened_at, AssessmentMoment.INTAKE)
    _contacts(dossier, of_record, rng, household, bounds[0], bounds[min(2, len(bounds) - 1)], now)
    for index, phase in enumerate(phases):
        last_phase = index == len(phases) - 1
        talks = _talks(phase, counts[index], household, rng, people, long=plan.long)
        if closing is not None and last_phase:
            talks.append(closing.talk)
        moments = _phase_moments(
            rng,
            bounds[index],
            bounds[index + 1],
            len(talks),
            first=index == 0,
            closing=closing is not None and last_phase,
        )
        for talk, held_at in zip(talks, moments, strict=True):
            final = closing is not None and talk is closing.talk
            note = (COPY_NOTE if copy_offered else RETENTION_NOTE) if final else None
            _converse(dossier, talk, held_at, household, rng, people, now, note=note)
        if last_phase:
            break
        target = phases[index + 1]
        reason = _text(rng.choice(TRANSITION_REASONS[target]), household)
        moment = bounds[index + 1]
        decision = None
        if target == HELP_PROPOSAL:
            _assess(dossier, of_record, rng, household, moment, AssessmentMoment.AFTER_EXPLORATION)
            decision = _decide(dossier, of_record, team_lead, team, household, moment, PROPOSAL)
            _propose(dossier, of_record, household, moment, decision)
        if target == FOLLOW_UP:
            _consent(dossier, of_record, moment)
        steps: dict[str, Callable[..., Dossier]] = {
            ASSESSMENT: start_assessment,
            HELP_PROPOSAL: propose_help,
            FOLLOW_UP: start_follow_up,
        }
        step = steps[target]
        dossier = step(dossier=dossier, by=of_record, reason=reason, team_decision=decision)
        DossierHistory.objects.filter(dossier=dossier, to_state=target).update(at=bounds[index + 1])
    if plan.state in DEMO_TASKS:
        _plan_work(dossier, of_record, rng, plan.state)
    if closing is not None:
        decision = _decide(dossier, of_record, team_lead, team, household, end, CLOSING)
        dossier = close_dossier(
            team_decision=decision,
            dossier=dossier,
            by=of_record,
            reason=_text(closing.reason, household),
            closing_outcome=closing.closing_outcome,
            outcome=closing.outcome,
            family_informed_of_retention=True,
            copy_offered=copy_offered,
        )
        Dossier.objects.filter(pk=dossier.pk).update(closed_at=end)
        DossierHistory.objects.filter(dossier=dossier, to_state=CLOSED).update(at=end)
        if plan.without_outcome:
            # Demo seeding only: as if closed before the outcome was coded.
            Dossier.objects.filter(pk=dossier.pk).update(closing_outcome="")
            DossierHistory.objects.filter(dossier=dossier, to_state=CLOSED).update(
                closing_outcome=""
            )


def _counts(
    rng: random.Random,
    plan: _DossierPlan,
    phases: list[str],
    bounds: list[datetime],
    *,
    open_now: bool,
) -> list[int]:
    """Conversations per phase (without the closing one): fewer in a short phase, none yet
    in a phase that started only days ago, 2 to 12 in all, about 30 for the long one."""
    counts: list[int] = []
    for index, phase in enumerate(phases):
        days = (bounds[index + 1] - bounds[index]).days
        count = rng.randint(*CONVERSATIONS[phase])
        if phase == EXPLORATION:
            count = min(count, max(2, days // 4))
        else:
            count = min(count, days // 5)
            if not (open_now and index == len(phases) - 1):
                count = max(1, count)
        counts.append(count)
    if plan.long:
        follow_up = phases.index(FOLLOW_UP)
        counts[follow_up] = 0
        counts[follow_up] = max(2, rng.randint(*LONG_CONVERSATIONS) - sum(counts))
        return counts
    limit = MAX_CONVERSATIONS - (1 if plan.state == CLOSED else 0)
    while sum(counts) > limit:
        index = max(range(len(counts)), key=lambda i: (counts[i], i))
        counts[index] -= 1
    return counts


def _boundaries(
    rng: random.Random, start: datetime, end: datetime, phases: list[str], *, long: bool
) -> list[datetime]:
    """Start, the moment of each transition (on a working day when it fits), end."""
    weights = [
        rng.uniform(
            *(LONG_FOLLOW_UP_WEIGHT if long and phase == FOLLOW_UP else PHASE_WEIGHT[phase])
        )
        for phase in phases
    ]
    total = sum(weights)
    points = [start]
    share = 0.0
    for weight in weights[:-1]:
        share += weight / total
        raw = start + (end - start) * share
        day = _working_day_before(timezone.localdate(raw))
        moment = _at(rng, day, 11 * 60, 16 * 60 + 30)
        if not points[-1] + timedelta(hours=2) < moment < end - timedelta(hours=2):
            moment = raw if raw > points[-1] else points[-1] + (end - points[-1]) / 2
        points.append(moment)
    points.append(end)
    return points


def _phase_moments(
    rng: random.Random, start: datetime, stop: datetime, count: int, *, first: bool, closing: bool
) -> list[datetime]:
    """When a phase's conversations take place: the first contact within days of the
    opening, the closing conversation in the weeks before the closing."""
    head: list[datetime] = []
    tail: list[datetime] = []
    if first and count:
        head = _moments(rng, start, min(stop, start + timedelta(days=6)), 1)
        count -= 1
        later = head[0] + timedelta(hours=3)
        start = later if later < stop - timedelta(hours=1) else head[0]
    if closing and count:
        tail = _moments(rng, max(start, stop - timedelta(days=21)), stop, 1)
        count -= 1
        stop = tail[0]
    return head + _moments(rng, start, stop, count) + tail


def _moments(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    """`count` moments between start and end, in office hours on working days when they
    fit, in chronological order."""
    if count <= 0:
        return []
    windows: list[tuple[datetime, datetime]] = []
    day, last = timezone.localdate(start), timezone.localdate(end)
    while day <= last:
        if DEFAULT_CALENDAR.is_working_day(day):
            low = _round_up(max(_local(day, 8 * 60 + 45), start + timedelta(minutes=20)))
            high = min(_local(day, 17 * 60), end - timedelta(minutes=20))
            if high - low >= timedelta(minutes=30):
                windows.append((low, high))
        day += timedelta(days=1)
    moments: list[datetime] = []
    if windows:
        if len(windows) >= count:
            chosen = sorted(rng.sample(range(len(windows)), count))
        else:
            chosen = sorted(rng.choices(range(len(windows)), k=count))
        for index in chosen:
            low, high = windows[index]
            minutes = int((high - low).total_seconds() // 60)
            moments.append(low + timedelta(minutes=rng.randrange(0, minutes, 5)))
        moments.sort()
        for index in range(1, len(moments)):
            if moments[index] <= moments[index - 1] + timedelta(minutes=45):
                moments[index] = moments[index - 1] + timedelta(minutes=45)
    if not windows or not all(start < moment < end for moment in moments):
        span = end - start
        moments = [start + span * (index + 1) / (count + 1) for index in range(count)]
        whole = [moment.replace(second=0, microsecond=0) for moment in moments]
        moments = [w if w > start else m for w, m in zip(whole, moments, strict=True)]
    return moments


def _converse(
    dossier: Dossier,
    talk: _Talk,
    held_at: datetime,
    household: _Household,
    rng: random.Random,
    people: _People,
    now: datetime,
    *,
    note: str | None = None,
) -> None:
    author = people.author(talk.by, rng)
    interpreted = talk.who in WITH_CAREGIVERS and bool(household.interpreter_language)
    social = interpreted and rng.random() < household.social_share
    participants = _participants(talk, household, people, author, rng)
    if interpreted:
        language = household.interpreter_language
        participants.append(f"tolk {language}" + (" (sociaal tolken)" if social else ""))
    elif talk.who in (CHILD, SCHOOL_CHILD):
        language = "Nederlands"
    else:
        language = household.language
    if note is not None:
        observations = note
    elif talk.observations and rng.random() < 0.6:
        fitting = [text for text in talk.observations if household.children or "{kind" not in text]
        observations = _text(rng.choice(fitting), household) if fitting else ""
    else:
        observations = ""
    conversation = add_conversation(
        dossier=dossier,
        by=author,
        held_at=held_at,
        place=talk.place,
        participants=", ".join(participants),
        summary=_text(talk.summary, household),
        observations=observations,
        language=language,
        interpreter=interpreted,
        interpreter_language=household.interpreter_language if interpreted else "",
        social_interpreting_service=social,
    )
    # Demo seeding only: written up a little after the conversation, never in the future.
    written = min(held_at + timedelta(minutes=rng.randrange(30, 240, 5)), now)
    Conversation.objects.filter(pk=conversation.pk).update(created_at=written)


# Conversations -----------------------------------------------------------------------------


class _People:
    """The team of a dossier, and who writes which conversation."""

    def __init__(self, team: list[User], of_record: User) -> None:
        self.team = team
        self.of_record = of_record

    def member(self, discipline: str) -> User | None:
        return next((user for user in self.team if user.discipline == discipline), None)

    def author(self, by: str, rng: random.Random) -> User:
        if by == DOCTOR:
            return self.member(Discipline.MEDICAL) or self.of_record
        if by == PSY:
            return self.member(Discipline.PSYCHO_PEDAGOGICAL) or self.of_record
        return self.of_record

    def colleague(self, author: User) -> User | None:
        others = [
            user for user in self.team if user != author and user.discipline != Discipline.MEDICAL
        ]
        return others[0] if others else None


def _team(
    rng: random.Random, workers: list[User], household: _Household
) -> tuple[list[User], User]:
    """One to three case workers of different disciplines; the doctor more likely when
    the worries are about a child's body; the case worker of record not the doctor."""
    disciplines: dict[str, list[User]] = {}
    for worker in workers:
        disciplines.setdefault(worker.discipline, []).append(worker)
    order = list(disciplines)
    rng.shuffle(order)
    if Discipline.MEDICAL in order and household.values.get("medisch") and rng.random() < 0.7:
        order.remove(Discipline.MEDICAL)
        order.insert(0, Discipline.MEDICAL)
    size = rng.choices((1, 2, 3), weights=(2, 5, 3))[0]
    chosen = [d for d in order if d != Discipline.MEDICAL][:1] if size == 1 else order[:size]
    team = []
    for discipline in chosen:
        candidates = disciplines[discipline]
        # The team lead is on a team now and then, next to their colleagues: never alone,
        # for a team decision takes two.
        if size == 1:
            candidates = [w for w in candidates if not w.has_role(Role.TEAM_LEAD)] or candidates
        weights = [1 if worker.has_role(Role.TEAM_LEAD) else 3 for worker in candidates]
        team.append(rng.choices(candidates, weights=weights)[0])
    non_medical = [worker for worker in team if worker.discipline != Discipline.MEDICAL]
    of_record = rng.choice(non_medical) if non_medical else team[0]
    return team, of_record


def _talks(
    phase: str,
    count: int,
    household: _Household,
    rng: random.Random,
    people: _People,
    *,
    long: bool,
) -> list[_Talk]:
    if count <= 0:
        return []
    if phase == FOLLOW_UP:
        return _follow_up_talks(count, household, rng, people, long=long)
    fixed: list[_Talk]
    pool: Sequence[_Talk]
    if phase == EXPLORATION:
        fixed, pool = [FIRST_CONTACT, FIRST_VISIT], EXPLORATION_TALKS
    elif phase == ASSESSMENT:
        fixed, pool = [ASSESSMENT_TALKS[0]], ASSESSMENT_TALKS[1:]
    else:
        fixed, pool = [HELP_PROPOSAL_TALKS[0]], HELP_PROPOSAL_TALKS[1:]
    fits = [talk for talk in pool if _fits(talk, household, people)]
    extra = sorted(rng.sample(range(len(fits)), min(len(fits), max(0, count - len(fixed)))))
    return (fixed + [fits[index] for index in extra])[: max(count, 1)]


def _follow_up_talks(
    count: int, household: _Household, rng: random.Random, people: _People, *, long: bool
) -> list[_Talk]:
    kinds = [
        (place, who, weight)
        for place, who, weight in FOLLOW_UP_KINDS
        if _fits(_Talk(place, who, ""), household, people)
    ]
    used: set[str] = set()
    talks: list[_Talk] = []
    theme_lines = THEMES[household.values["thema"]].opvolging
    for index in range(count):
        stage = index / max(1, count - 1)
        if long and index and index % 7 == 0 and stage < 0.9:
            talks.append(EVALUATIONS[(index // 7 - 1) % len(EVALUATIONS)])
            continue
        place, who, _weight = rng.choices(kinds, weights=[kind[2] for kind in kinds])[0]
        if who in (CHILD, SCHOOL_CHILD):
            progress: Sequence[str] = PROGRESS_CHILD
        elif who == OTHER_PARENT:
            progress = PROGRESS_OTHER_PARENT
        elif stage < 0.3:
            progress = PROGRESS_EARLY
        elif stage > 0.75:
            progress = PROGRESS_LATE
        else:
            progress = [*PROGRESS_MID, *theme_lines]
            if _school_age(household, 6):
                progress = [*progress, *PROGRESS_PUPIL]
        sentences = [_pick(rng, OPENINGS[(place, who)], used), _pick(rng, progress, used)]
        if rng.random() < 0.4:
            sentences.append(_pick(rng, NEXT_STEPS, used))
        if who in (CHILD, SCHOOL_CHILD):
            observations: tuple[str, ...] = OBSERVATIONS_CHILD
        elif place == HOME:
            observations = OBSERVATIONS_HOME
        else:
            observations = ()
        others = OTHERS_AT.get((place, who), ())
        if "{begeleider}" in sentences[0]:
            others = (*others, "{begeleider}")
        talks.append(_Talk(place, who, " ".join(sentences), observations, others=others))
    return talks


def _fits(talk: _Talk, household: _Household, people: _People) -> bool:
    if not household.children and "{kind" in talk.summary:
        return False  # no child born yet
    if talk.who == CHILD and not _school_age(household, 5, 99):
        return False
    if talk.who == SCHOOL_CHILD and not _school_age(household, 6):
        return False
    if talk.who == SCHOOL_MEETING and not _school_age(household, 3):
        return False
    if talk.who == OTHER_PARENT and household.other_parent is None:
        return False
    if talk.when == YOUNG and (household.eldest_age is None or household.eldest_age >= 4):
        return False
    return not (
        talk.when == MEDICAL
        and (not household.children or people.member(Discipline.MEDICAL) is None)
    )


def _school_age(household: _Household, first: int, last: int = 17) -> bool:
    age = household.eldest_age
    return age is not None and first <= age <= last


def _participants(
    talk: _Talk, household: _Household, people: _People, author: User, rng: random.Random
) -> list[str]:
    children = [f"{first} {last}" for first, last in household.children]
    caregivers = [f"{name} ({label})" for label, name in household.caregivers]
    who: list[str]
    if talk.who == MAIN:
        who = caregivers[:1]
    elif talk.who == CAREGIVERS:
        who = caregivers
    elif talk.who == FAMILY:
        who = caregivers + children
    elif talk.who in (CHILD, SCHOOL_CHILD):
        who = children[:1]
    elif talk.who == OTHER_PARENT and household.other_parent is not None:
        label, name = household.other_parent
        who = [f"{name} ({label})"]
    else:
        who = caregivers
    staff = [author]
    colleague = people.colleague(author)
    if talk.place == HOME and colleague is not None and rng.random() < 0.5:
        staff.append(colleague)  # home visits are often made in pairs
    return [
        *who,
        *(other.format_map(household.values) for other in talk.others),
        *(f"{user.get_full_name()} ({_staff_label(user)} VK)" for user in staff),
    ]


def _staff_label(user: User) -> str:
    if user.has_role(Role.TEAM_LEAD):
        return "teamverantwoordelijke"
    return {
        Discipline.MEDICAL: "arts",
        Discipline.PSYCHO_PEDAGOGICAL: "psycholoog",
    }.get(Discipline(user.discipline), "hulpverlener")


# The family ------------------------------------------------------------------------------

_LABELS: dict[str, tuple[str, str]] = {  # role → (woman, man)
    PersonRole.PARENT: ("moeder", "vader"),
    PersonRole.STEP_PARENT: ("stiefmoeder", "stiefvader"),
    PersonRole.FOSTER_PARENT: ("pleegmoeder", "pleegvader"),
}


def _household(report: Report, rng: random.Random, today: date) -> _Household:
    involved = list(report.involved.select_related("person").order_by("pk"))
    # Eldest first; unborn children and those of unknown age last.
    children = sorted(
        (i.person for i in involved if i.role == PersonRole.CHILD),
        key=lambda person: (
            person.age_on(today) is None,
            -(person.age_on(today) or 0),
            person.birth_date or today,
        ),
    )
    named = [child for child in children if child.first_name and not child.is_unborn]
    home = (children[0].street, children[0].postcode) if children else ("", "")
    caregivers: list[tuple[str, str]] = []
    other_parent: tuple[str, str] | None = None
    for involvement in involved:
        if involvement.role not in _LABELS:
            continue
        person = involvement.person
        woman, man = _LABELS[involvement.role]
        label = woman if person.gender == Gender.GIRL_OR_WOMAN else man
        entry = (label, f"{person.first_name} {person.last_name}".strip())
        if (person.street, person.postcode) == home:
            caregivers.append(entry)
        elif involvement.role == PersonRole.PARENT and other_parent is None:
            other_parent = entry
    if not caregivers and other_parent is not None:
        caregivers, other_parent = [other_parent], None
    caregivers.sort(key=lambda entry: entry[0] != "moeder")  # the mother first, if any

    languages = [part.strip() for part in report.family_languages.split(",") if part.strip()]
    foreign = [language for language in languages if language != "Nederlands"]
    interpreter = foreign[0] if report.interpreter_needed and foreign else ""
    if interpreter or "Nederlands" in languages or "Frans" not in languages:
        language = interpreter or "Nederlands"
    else:
        language = "Frans"

    household = _Household(
        children=[(child.first_name, child.last_name) for child in named],
        eldest_age=named[0].age_on(today) if named else None,
        caregivers=caregivers,
        other_parent=other_parent,
        language=language,
        interpreter_language=interpreter,
        social_share=rng.choice((1.0, 0.8, 0.5)) if interpreter else 0.0,
    )
    household.values = _values(report, household)
    return household


def _values(report: Report, household: _Household) -> dict[str, str]:
    first_names = [first for first, _last in household.children]
    labels = [label for label, _name in household.caregivers]
    if sorted(labels) == ["moeder", "vader"]:
        ouders = "de ouders"
    elif labels:
        ouders = " en ".join(f"de {label}" for label in labels)
    else:
        ouders = "het gezin"
    problems = set(report.problems.values_list("category", flat=True))
    theme = next((category for category in THEME_ORDER if category in problems), None)
    if theme is None:
        theme = ProblemCategory.RISK
    professional = (
        report.reporter_kind == ReporterKind.PROFESSIONAL
        and not report.reporter_anonymous
        and not report.reporter_confidential
        and report.reporter_organisation
    )
    values = {
        "kind": first_names[0] if first_names else "de baby",
        "kinderen": _joined(first_names) if first_names else "de baby",
        "ouders": ouders,
        "ouder": f"de {labels[0]}" if labels else "het gezin",
        "andere_ouder": (
            f"de {household.other_parent[0]}" if household.other_parent else "de andere ouder"
        ),
        "melder": report.reporter_organisation if professional else "de melder",
        "thema": str(theme),
        "medisch": "1" if ProblemCategory.PHYSICAL in problems else "",
    }
    chosen = THEMES[theme]
    for name in ("zorg", "inschatting", "hulp", "begeleider"):
        values[name] = getattr(chosen, name).format_map(values)
    return values


def _text(template: str, household: _Household) -> str:
    return _capitalised(template.format_map(household.values))


_SENTENCE_START = re.compile(r"(^|[.!?]\s+)([a-z])")


def _capitalised(text: str) -> str:
    """Capitalise the first letter of each sentence (a placeholder may open one)."""
    return _SENTENCE_START.sub(lambda match: match.group(1) + match.group(2).upper(), text)


def _joined(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def _pick(rng: random.Random, options: Sequence[str], used: set[str]) -> str:
    free = [option for option in options if option not in used] or list(options)
    choice = rng.choice(free)
    used.add(choice)
    return choice


# Times -----------------------------------------------------------------------------------


def _local(day: date, minute: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(minute // 60, minute % 60)))


def _round_up(moment: datetime) -> datetime:
    """To the next five minutes."""
    local = timezone.localtime(moment)
    minute = local.replace(second=0, microsecond=0)
    if minute < local:
        minute += timedelta(minutes=1)
    return minute + timedelta(minutes=(-minute.minute) % 5)


def _working_day_before(day: date) -> date:
    """`day` when it is a working day, otherwise the working day before it."""
    while not DEFAULT_CALENDAR.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _opening_after(rng: random.Random, decided: datetime, working_days: int) -> datetime:
    """When the team lead opens the dossier: the same afternoon or a few working days on."""
    if working_days == 0:
        return decided + timedelta(minutes=rng.randrange(30, 150, 5))
    day = add_working_days(timezone.localdate(decided), working_days)
    return _at(rng, day, 9 * 60, 16 * 60)


# Assessments, contacts, team decisions, the help proposal ---------------------------------

CONTACTS = (
    (
        "zorgcoördinator",
        "CLB",
        ContactMethod.PHONE,
        "Het CLB bevestigt dat {kind} de laatste weken vaker afwezig is en stil is in de klas. "
        "De zorgcoördinator volgt het samen met de klasleerkracht op.",
    ),
    (
        "huisarts",
        "huisartsenpraktijk",
        ContactMethod.PHONE,
        "De huisarts kent het gezin al jaren; de kinderen komen op controle en de afspraken "
        "worden meestal nagekomen. Geen letsels vastgesteld bij het laatste bezoek.",
    ),
    (
        "klasleerkracht",
        "basisschool",
        ContactMethod.MEETING,
        "De leerkracht ziet dat {kind} moe naar school komt; na de gesprekken met {ouders} "
        "lijkt het de laatste dagen wat beter te gaan.",
    ),
    (
        "verpleegkundige",
        "Kind en Gezin",
        ContactMethod.PHONE,
        "Kind en Gezin komt op huisbezoek; de verzorging van de baby is in orde, de moeder "
        "oogt wel uitgeput.",
    ),
)
PROPOSAL = "proposal"
CLOSING = "closing"
DECISIONS = {
    PROPOSAL: (
        "Welke hulp stellen we het gezin voor na de inschatting?",
        "We stellen {hulp} voor; het VK blijft betrokken en volgt op.",
        "{inschatting} {ouders} staan open voor hulp; de veiligheid vraagt wel opvolging.",
    ),
    CLOSING: (
        "Kan het dossier worden afgesloten?",
        "Het dossier wordt afgesloten.",
        "De zorgen zijn voldoende beantwoord; het gezin weet waar het terechtkan.",
    ),
}


def _assess(
    dossier: Dossier,
    by: User,
    rng: random.Random,
    household: _Household,
    moment: datetime,
    when: str,
) -> None:
    instrument = Instrument.objects.filter(active=True).order_by("pk").first()
    if instrument is None:
        return
    later = when != AssessmentMoment.INTAKE
    answers = {}
    for item in instrument.definition["items"]:
        values = sorted(option["value"] for option in item["options"])
        # At intake the worries weigh more; after the exploration they are clearer.
        answers[item["code"]] = rng.choice(values[:-1] if later else values[1:])
    record_assessment(
        dossier=dossier,
        by=by,
        instrument=instrument,
        moment=when,
        assessed_on=timezone.localdate(moment),
        answers=answers,
        judgement=SafetyJudgement.SAFE_WITH_AGREEMENTS if later else SafetyJudgement.UNSAFE,
        difficulties=_text("Zorgen over {zorg}.", household),
        strengths=_text(
            "{ouders} willen praten over wat er gebeurt en zoeken zelf steun bij familie."
            if later
            else "{ouders} namen de telefoon op en spraken een eerste gesprek af.",
            household,
        ),
    )


def _contacts(
    dossier: Dossier,
    by: User,
    rng: random.Random,
    household: _Household,
    start: datetime,
    stop: datetime,
    now: datetime,
) -> None:
    stop = min(stop, now - timedelta(hours=1))
    if stop <= start:
        return
    for professional, organisation, method, learned in rng.sample(CONTACTS, rng.randint(1, 3)):
        family_informed = rng.random() < 0.8
        add_professional_contact(
            dossier=dossier,
            by=by,
            contacted_at=start + (stop - start) * rng.random(),
            professional=professional,
            organisation=organisation,
            method=method,
            family_informed=family_informed,
            secrecy_ground=(
                SecrecyGround.CONSENT if family_informed else SecrecyGround.SHARED_SECRECY
            ),
            learned=_text(learned, household),
        )


def _decide(
    dossier: Dossier,
    by: User,
    team_lead: User,
    team: list[User],
    household: _Household,
    moment: datetime,
    about: str,
) -> TeamDecision:
    question, decision, rationale = DECISIONS[about]
    return record_team_decision(
        dossier=dossier,
        by=by,
        held_on=timezone.localdate(moment),
        participants=[team_lead, *team],
        question=question,
        decision=_text(decision, household),
        rationale=_text(rationale, household),
    )


def _propose(
    dossier: Dossier, by: User, household: _Household, moment: datetime, decision: TeamDecision
) -> None:
    proposal = create_help_proposal(
        dossier=dossier,
        by=by,
        proposed_on=timezone.localdate(moment),
        goals=_text(
            "{kinderen} groeien op in een rustige en veilige thuis. {ouders} weten bij wie ze "
            "terechtkunnen als het moeilijk wordt.",
            household,
        ),
        actions=_text(
            "{ouders} starten met {hulp}. Het VK volgt op met gesprekken om de zes weken en "
            "overlegt met {begeleider}.",
            household,
        ),
        team_decision=decision,
        referrals=[_text("{hulp}", household)],
    )
    proposal.referrals.update(status=ReferralStatus.CONTACTED, status_on=proposal.proposed_on)


def _consent(dossier: Dossier, by: User, moment: datetime) -> None:
    proposal = dossier.proposals.order_by("-proposed_on", "-pk").first()
    if proposal is None:
        return
    day = max(proposal.proposed_on, timezone.localdate(moment))
    for row in consent_overview(proposal):
        if not row.required:
            continue
        unknown_age = row.age is None and row.member.relationship == "child"
        record_consent(
            proposal=proposal,
            by=by,
            person=row.member.person,
            answer="agreed",
            answered_on=day,
            competence=Competence.COMPETENT if unknown_age else Competence.PRESUMED,
            competence_reason="Geeft zelf duidelijk aan wat de hulp betekent."
            if unknown_age
            else "",
        )
    proposal.referrals.update(status=ReferralStatus.STARTED, status_on=day)


DEMO_TASKS = {
    EXPLORATION: ("Huisarts contacteren over de groeicurve", "task"),
    ASSESSMENT: ("Teambespreking voorbereiden", "task"),
    FOLLOW_UP: ("Opvolgmoment: hoe loopt de begeleiding?", "check_in"),
}


def _plan_work(dossier: Dossier, by: User, rng: random.Random, state: str) -> None:
    """An appointment in the coming working days and an open task or check-in for the case
    worker of record, due in the coming weeks."""
    from vk.work.services import create_task, plan_appointment

    day = add_working_days(timezone.localdate(), rng.randint(1, 4), DEFAULT_CALENDAR)
    plan_appointment(
        dossier=dossier,
        by=by,
        starts_at=_local(day, rng.choice((9 * 60 + 30, 13 * 60, 15 * 60 + 30))),
        place=rng.choice((HOME, CENTRE)),
        with_whom="ouders en hulpverlener",
    )
    title, kind = DEMO_TASKS[state]
    create_task(
        by=by,
        owner=by,
        dossier=dossier,
        title=title,
        kind=kind,
        due_in_working_days=rng.randint(1, 12),
    )
