"""Fictional professional activities for the demo: about twenty coachings, six training
sessions (one planned) and five awareness actions (one planned) over the last two years.

The same centre and staff give the same activities every time (a fixed random seed),
so screenshots and the overview's figures stay put. Rows are written directly, not
through the services: the demo needs dates in the past and no audit entries. All
organisations, topics and texts are invented and name no family.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vk.centres.models import Centre, User

from .models import AwarenessAction, AwarenessKind, Coaching, Sector, Theme, Training

SEED = 20240613
COACHINGS = 20
ORGANISATIONS = {
    Sector.SCHOOL: ["Basisschool De Regenboog", "CLB", "Secundaire school", "Kleuterschool"],
    Sector.CHILDCARE: ["Kinderdagverblijf", "Onthaalouder", "Buitenschoolse opvang"],
    Sector.HEALTH_CARE: ["Huisartsenpraktijk", "Spoeddienst ziekenhuis", "Kinderarts"],
    Sector.WELFARE: ["CAW", "Thuisbegeleidingsdienst", "OCMW", "Huis van het Kind"],
    Sector.POLICE_JUSTICE: ["Lokale politie, jeugdzaken", "Justitiehuis"],
    Sector.OTHER: ["Jeugdbeweging", "Sportclub"],
}
SUMMARIES = [
    "Leerkracht maakt zich zorgen over blauwe plekken; samen overlopen hoe het gesprek "
    "met de ouders aan te pakken en wanneer te melden.",
    "Vragen rond een kind dat vaak hongerig en onverzorgd naar de opvang komt; "
    "stappenplan besproken, opvang blijft betrokken.",
    "Huisarts twijfelt of een letsel past bij de uitleg van de ouders; besproken welke "
    "informatie nog nodig is en hoe gedeeld beroepsgeheim werkt.",
    "Begeleider hoorde een onthulling van grensoverschrijdend gedrag; afgesproken hoe "
    "het kind te ondersteunen en wie welke stap zet.",
    "Algemene vraag over de meldcode en de rol van het vertrouwenscentrum.",
]
TRAININGS = [
    ("Signalen van kindermishandeling herkennen", "Leerkrachten lager onderwijs", "Scholengroep"),
    ("Praten met ouders over zorgen", "Kinderbegeleiders", "Kinderopvang regio"),
    ("Het stappenplan kindermishandeling", "CLB-medewerkers", "CLB"),
    ("Partnergeweld en kinderen", "Huisartsen", "Huisartsenkring"),
    ("Grensoverschrijdend gedrag in de jeugdwerking", "Jeugdwerkers", "Jeugddienst"),
    ("Beroepsgeheim en gedeeld beroepsgeheim", "Leerkrachten lager onderwijs", "Scholengroep"),
]
AWARENESS = [
    (AwarenessKind.LECTURE, "Ouders van een basisschool", 60),
    (AwarenessKind.STAND, "Bezoekers van een gezinsbeurs", 250),
    (AwarenessKind.MEDIA, "Luisteraars regionale radio", None),
    (AwarenessKind.SOCIAL_MEDIA, "Volgers van het centrum", 1800),
    (AwarenessKind.PUBLICATION, "Lezers van een vakblad", 3000),
]


def seed_activities(centre: Centre, staff: list[User], *, today: date | None = None) -> int:
    """Create the centre's demo activities unless it has some; return how many."""
    if not staff or Coaching.objects.filter(centre=centre).exists():
        return 0
    today = today or timezone.localdate()
    rng = random.Random(SEED + centre.pk)  # noqa: S311  (demo data, not security)
    created = 0
    with transaction.atomic():
        for _ in range(COACHINGS):
            sector = rng.choice(list(Sector))
            Coaching.objects.create(
                centre=centre,
                date=today - timedelta(days=rng.randint(1, 720)),
                created_by=(person := rng.choice(staff)),
                coached_by=person,
                sector=sector,
                organisation=rng.choice(ORGANISATIONS[sector]),
                theme=rng.choice(list(Theme)),
                contacts=rng.choice([1, 1, 1, 2, 2, 3]),
                duration_minutes=rng.choice([None, 20, 30, 45, 60, 90]),
                summary=rng.choice(SUMMARIES),
            )
            created += 1
        for number, (topic, target_group, organisation) in enumerate(TRAININGS):
            # The last one is planned, a month ahead.
            days = -30 if number == len(TRAININGS) - 1 else rng.randint(10, 700)
            trainers = rng.sample(staff, k=min(len(staff), rng.choice([1, 2])))
            training = Training.objects.create(
                centre=centre,
                date=today - timedelta(days=days),
                created_by=trainers[0],
                topic=topic,
                target_group=target_group,
                organisations=organisation,
                participants=rng.randint(8, 40),
                external_trainers="",
                hours=Decimal(rng.choice(["1.5", "2", "3", "6"])),
            )
            training.trainers.set(trainers)
            created += 1
        for number, (kind, audience, reach) in enumerate(AWARENESS):
            days = -14 if number == 0 else rng.randint(10, 700)
            members = rng.sample(staff, k=1)
            action = AwarenessAction.objects.create(
                centre=centre,
                date=today - timedelta(days=days),
                created_by=members[0],
                kind=kind,
                audience=audience,
                reach=reach,
                description="",
            )
            action.staff.set(members)
            created += 1
    return created
