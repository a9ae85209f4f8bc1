"""The registers beside the dossiers: complaints and the centre's professional activities
(coaching, training sessions, awareness actions). Small numbers, in proportion to the
centre's reports; most complaints were answered and closed, a few are open."""

from __future__ import annotations

from vk.complaints.services import REFERENCE_ALPHABET, REFERENCE_LENGTH
from vk.volume import vocabulary
from vk.volume.bulk import NULL
from vk.volume.context import Context
from vk.volume.families import DAY
from vk.volume.staff import CentreStaff

STAGES = ("received", "acknowledged", "in_conversation", "formal", "answered", "closed")


def write_complaints(ctx: Context, staff: CentreStaff, count: int, used: set[str]) -> None:
    rng = ctx.rng
    t = ctx.t
    span = ctx.today_day - ctx.first_day
    days = sorted(ctx.first_day + rng.randrange(span) for _ in range(count))
    for position, received in enumerate(days):
        pk = t["complaints_complaint"].take_id()
        year = ctx.day(received)[:4]
        while True:
            code = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
            reference = f"K-{year}-{code}"
            if reference not in used:
                used.add(reference)
                break
        acknowledge_due = ctx.workdays.add(received, 5)
        answer_due = ctx.workdays.add(received, 45)
        recent = position >= count - max(1, count // 25)
        stage = rng.choice(STAGES[:4]) if recent else "closed"
        anonymous = rng.random() < 0.1
        name = "" if anonymous else f"{ctx.names.first('f', True)} {ctx.names.last_name()}"
        acknowledged = (
            min(ctx.today_day, received + rng.randint(1, 6)) if stage != "received" else None
        )
        answered = min(ctx.today_day, received + rng.randint(20, 60)) if stage == "closed" else None
        closed = min(ctx.today_day, answered + rng.randint(1, 10)) if answered else None
        outcome = rng.choice(("well_founded", "partly", "unfounded", "unfounded", "not_admissible"))
        handler = rng.choice(staff.complaints)
        t["complaints_complaint"].add(
            "\t".join(
                (
                    str(pk),
                    str(staff.centre_id),
                    reference,
                    rng.choice(("web_form", "phone", "letter", "email", "in_person")),
                    ctx.day(received),
                    ctx.moment(received * DAY + 36000),
                    "nl-be",
                    "t" if anonymous else "f",
                    name,
                    f"klager{pk}@voorbeeld.test",
                    "",
                    "",
                    "email",
                    rng.choice(("parent", "parent", "minor", "family", "professional", "other")),
                    rng.choice(("help", "treatment", "rights", "accessibility", "other")),
                    rng.choice(vocabulary.COMPLAINT_TEXTS),
                    rng.choice(("yes", "no", "not_possible")),
                    "Een gesprek met de directie.",
                    stage,
                    str(handler) if stage != "received" else NULL,
                    ctx.day(acknowledge_due),
                    ctx.day(answer_due),
                    ctx.day(acknowledged) if acknowledged else NULL,
                    ctx.day(answered) if answered else NULL,
                    ctx.day(closed) if closed else NULL,
                    outcome if stage == "closed" else "",
                    "Antwoord per e-mail verstuurd." if stage == "closed" else "",
                    "De terugbelprocedure werd aangepast."
                    if stage == "closed" and outcome in ("well_founded", "partly")
                    else "",
                    "",
                    "1",
                )
            )
        )
        events = [(received, "received")]
        if acknowledged:
            events.append((acknowledged, "acknowledged"))
        if answered:
            events.append((answered, "answered"))
        if closed:
            events.append((closed, "closed"))
        for day, event_stage in events:
            t["complaints_complaintevent"].add(
                f"{t['complaints_complaintevent'].take_id()}\t{pk}\t{event_stage}\t"
                f"{ctx.moment(min(ctx.now_s - 60, day * DAY + 40000))}\t"
                f"{handler if event_stage != 'received' else NULL}\t"
            )


def write_activities(ctx: Context, staff: CentreStaff, coachings: int) -> None:
    rng = ctx.rng
    t = ctx.t
    span = ctx.today_day - ctx.first_day
    people = staff.workers + staff.leads + staff.intake
    for _ in range(coachings):
        day = ctx.first_day + rng.randrange(span)
        who = rng.choice(people)
        t["activities_coaching"].add(
            f"{t['activities_coaching'].take_id()}\t{staff.centre_id}\t{ctx.day(day)}\t{who}\t"
            f"{ctx.moment(day * DAY + 50000)}\t1\t{who}\t"
            f"{rng.choice(('school', 'childcare', 'health_care', 'welfare', 'police_justice', 'other'))}\t"
            f"{rng.choice(vocabulary.ORGANISATIONS)}\t"
            f"{rng.choice(('physical_abuse', 'emotional_abuse', 'neglect', 'sexual_abuse', 'domestic_violence', 'general'))}\t"
            f"{rng.randint(1, 4)}\t{rng.choice(('30', '45', '60', NULL))}\t"
            f"Vraag over signalen en de volgende stap; advies gegeven."
        )
    for _ in range(max(1, coachings // 25)):
        day = ctx.first_day + rng.randrange(span + 60)
        pk = t["activities_training"].take_id()
        who = rng.choice(people)
        t["activities_training"].add(
            f"{pk}\t{staff.centre_id}\t{ctx.day(day)}\t{who}\t{ctx.moment(min(ctx.now_s, day * DAY))}\t1\t"
            f"{rng.choice(vocabulary.TRAINING_TOPICS)}\t{rng.choice(vocabulary.TARGET_GROUPS)}\t"
            f"{rng.choice(vocabulary.ORGANISATIONS)}\t{rng.randint(8, 60)}\t\t{rng.choice(('2.00', '3.50', NULL))}"
        )
        for trainer in dict.fromkeys((who, rng.choice(people))):
            t["activities_training_trainers"].add(
                f"{t['activities_training_trainers'].take_id()}\t{pk}\t{trainer}"
            )
    for _ in range(max(1, coachings // 50)):
        day = ctx.first_day + rng.randrange(span + 60)
        pk = t["activities_awarenessaction"].take_id()
        who = rng.choice(people)
        t["activities_awarenessaction"].add(
            f"{pk}\t{staff.centre_id}\t{ctx.day(day)}\t{who}\t{ctx.moment(min(ctx.now_s, day * DAY))}\t1\t"
            f"{rng.choice(('lecture', 'campaign', 'stand', 'media', 'publication', 'social_media'))}\t"
            f"{rng.choice(vocabulary.AUDIENCES)}\t{rng.choice(('120', '40', '2500', NULL))}\t"
        )
        t["activities_awarenessaction_staff"].add(
            f"{t['activities_awarenessaction_staff'].take_id()}\t{pk}\t{who}"
        )
