"""Fictional complaints for the demo: every stage and every outcome, two of them overdue.

The complaints are registered and handled through the services, as the complaints
officer would, on dates in the past counted in working days from today, so that the
register shows realistic time left. All names, addresses and texts are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from vk.centres.models import Centre, User
from vk.complaints import services
from vk.complaints.models import Channel, Complaint
from vk.lib.workdays import add_working_days


@dataclass(frozen=True)
class Plan:
    """One demo complaint: received `days_ago` working days ago, then the steps, each
    taken `after` working days after receipt."""

    days_ago: int
    channel: Channel
    details: services.ComplaintDetails
    steps: tuple[tuple[str, int], ...] = ()
    answer: dict[str, str] = field(default_factory=dict)
    escalated_to: str = ""


def _details(**values: str | bool) -> services.ComplaintDetails:
    return services.ComplaintDetails(**values)  # type: ignore[arg-type]


PLANS = [
    # Received two working days ago: still within the acknowledgement deadline.
    Plan(
        2,
        Channel.PHONE,
        _details(
            complainant_role="parent",
            subject="treatment",
            description="De moeder belde: de hulpverlener kwam twee keer niet opdagen op een "
            "afspraak bij haar thuis en liet niets weten.",
            discussed_with_helper="no",
            wish="Een vaste afspraak en iemand die belt als het niet lukt.",
            name="Inge Demeester",
            phone="0470 12 34 56",
            reply_by="phone",
        ),
    ),
    # Received eight working days ago and not acknowledged: overdue.
    Plan(
        8,
        Channel.LETTER,
        _details(
            complainant_role="minor",
            subject="rights",
            description="Ik mocht niet lezen wat er over mij werd opgeschreven, ook al vroeg "
            "ik het twee keer.",
            discussed_with_helper="yes",
            wish="Ik wil mijn dossier kunnen inkijken.",
            name="Noor V.",
            address="Kerkstraat 1 bus 2\n2000 Antwerpen",
            reply_by="letter",
        ),
    ),
    Plan(
        6,
        Channel.EMAIL,
        _details(
            complainant_role="person_of_trust",
            subject="accessibility",
            description="Ik probeerde drie dagen lang het centrum te bereiken voor een jongere "
            "die ik begeleid, maar de telefoon werd niet opgenomen.",
            discussed_with_helper="not_possible",
            name="Karim El Amrani",
            email="karim.elamrani@voorbeeld.test",
            reply_by="email",
        ),
        steps=(("acknowledge", 2),),
    ),
    Plan(
        20,
        Channel.IN_PERSON,
        _details(
            complainant_role="parent",
            subject="help",
            description="De vader vindt dat het verslag van het gesprek zijn kant van het "
            "verhaal niet weergeeft.",
            discussed_with_helper="yes",
            wish="Dat zijn reactie in het dossier komt.",
            name="Tom Peeters",
            phone="0491 98 76 54",
            email="tom.peeters@voorbeeld.test",
            reply_by="email",
        ),
        steps=(("acknowledge", 3), ("start-conversation", 5)),
    ),
    # In formal handling past the answer deadline: overdue.
    Plan(
        50,
        Channel.WEB_FORM,
        _details(
            complainant_role="family",
            subject="help",
            description="De grootmoeder werd niet betrokken bij de afspraken over de "
            "kleinkinderen, hoewel zij elke week voor hen zorgt.",
            discussed_with_helper="yes",
            name="Maria Janssens",
            email="maria.janssens@voorbeeld.test",
            reply_by="email",
        ),
        steps=(("acknowledge", 4), ("start-formal", 10)),
    ),
    Plan(
        40,
        Channel.EMAIL,
        _details(
            complainant_role="parent",
            subject="rights",
            description="De moeder kreeg geen kopie van het hulpverleningsvoorstel dat zij "
            "ondertekende.",
            discussed_with_helper="yes",
            name="Sofie Wouters",
            email="sofie.wouters@voorbeeld.test",
            reply_by="email",
        ),
        steps=(("acknowledge", 2), ("start-formal", 6), ("answer", 30)),
        answer={
            "outcome": "well_founded",
            "answer_summary": "Excuses aangeboden en de kopie bezorgd.",
            "improvements": "Elke ondertekende versie van een voorstel gaat voortaan met de "
            "post of per e-mail naar de ouders; het sjabloon vermeldt dat.",
        },
    ),
    Plan(
        70,
        Channel.PHONE,
        _details(
            complainant_role="minor",
            subject="treatment",
            description="Een jongere vond dat er in het gesprek over haar werd gepraat in "
            "plaats van met haar.",
            discussed_with_helper="yes",
            name="Lisa M.",
            phone="0485 11 22 33",
            reply_by="phone",
        ),
        steps=(("acknowledge", 1), ("start-conversation", 3), ("answer", 20), ("close", 30)),
        answer={
            "outcome": "partly",
            "answer_summary": "Gesprek met de jongere en de hulpverlener; afspraken over hoe "
            "gesprekken voortaan verlopen.",
            "improvements": "Gesprekken met jongeren beginnen met hun eigen vragen; de "
            "teambespreking kreeg een vast punt 'stem van het kind'.",
        },
        escalated_to="opgroeipunt",
    ),
    Plan(
        90,
        Channel.LETTER,
        _details(
            complainant_role="parent",
            subject="help",
            description="De vader is het niet eens met de beslissing om het dossier naar het "
            "Jeugdparket door te verwijzen.",
            discussed_with_helper="yes",
            name="Dirk Maes",
            address="Stationsstraat 10\n3500 Hasselt",
            reply_by="letter",
        ),
        steps=(("acknowledge", 7), ("start-formal", 8), ("answer", 48), ("close", 50)),
        answer={
            "outcome": "unfounded",
            "answer_summary": "De doorverwijzing volgde de procedure; de vader kreeg uitleg "
            "over de beroepsmogelijkheden.",
        },
        escalated_to="childrens_rights",
    ),
    Plan(
        60,
        Channel.EMAIL,
        _details(
            complainant_role="other",
            subject="other",
            description="Een buurman klaagt dat het centrum hem niet vertelt wat er met zijn "
            "melding gebeurde.",
            discussed_with_helper="not_possible",
            anonymous=True,
            email="buurman@voorbeeld.test",
            reply_by="email",
        ),
        steps=(("acknowledge", 2), ("answer", 10), ("close", 12)),
        answer={
            "outcome": "not_admissible",
            "answer_summary": "Het beroepsgeheim laat niet toe een melder over het verloop "
            "te informeren; uitgelegd waarom.",
        },
    ),
]


def seed_complaints(centre: Centre, officer: User, *, today: date | None = None) -> int:
    """Register and handle the demo complaints; skip when the centre has complaints."""
    if Complaint.objects.filter(centre=centre).exists():
        return 0
    today = today or timezone.localdate()
    for plan in PLANS:
        received_on = add_working_days(today, -plan.days_ago)
        complaint = services.register_complaint(
            centre=centre,
            details=plan.details,
            channel=plan.channel,
            received_on=received_on,
            by=None if plan.channel == Channel.WEB_FORM else officer,
        )
        for step, after in plan.steps:
            complaint = _take(complaint, officer, step, add_working_days(received_on, after), plan)
    return len(PLANS)


def _take(complaint: Complaint, officer: User, step: str, on: date, plan: Plan) -> Complaint:
    version = complaint.row_version
    if step == "acknowledge":
        return services.acknowledge(
            complaint=complaint, by=officer, expected_version=version, acknowledged_on=on
        )
    if step == "start-conversation":
        return services.start_conversation(
            complaint=complaint,
            by=officer,
            expected_version=version,
            note="Gesprek met de hulpverlener en de klager gepland.",
        )
    if step == "start-formal":
        return services.start_formal_handling(
            complaint=complaint,
            by=officer,
            expected_version=version,
            note="Formele behandeling: verslag opgevraagd bij het team.",
        )
    if step == "answer":
        return services.answer(
            complaint=complaint,
            by=officer,
            expected_version=version,
            answered_on=on,
            outcome=plan.answer["outcome"],
            answer_summary=plan.answer["answer_summary"],
            improvements=plan.answer.get("improvements", ""),
        )
    return services.close(
        complaint=complaint,
        by=officer,
        expected_version=version,
        closed_on=on,
        escalated_to=plan.escalated_to,
    )
