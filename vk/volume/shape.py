"""How much to generate: the three scales, the factor, and how the centres share it."""

from __future__ import annotations

from dataclasses import dataclass, replace

from vk.centres.models import Province


@dataclass(frozen=True)
class Shape:
    """Totals over ten years and all six centres."""

    reports: int
    families: int
    dossiers: int
    conversations: int  # conversations and contacts with professionals together
    audit: int
    staff_per_centre: int
    large_dossiers: int  # dossiers with LARGE_DOSSIER_CONVERSATIONS conversations

    def scaled(self, factor: float) -> Shape:
        if factor == 1.0:
            return self

        def times(value: int, least: int) -> int:
            return max(least, round(value * factor))

        return replace(
            self,
            reports=times(self.reports, 60),
            families=times(self.families, 40),
            dossiers=times(self.dossiers, 18),
            conversations=times(self.conversations, 100),
            audit=times(self.audit, 600),
            staff_per_centre=times(self.staff_per_centre, 12),
            large_dossiers=times(self.large_dossiers, 6),
        )


YEARS = 10
LARGE_DOSSIER_CONVERSATIONS = 200

SCALES: dict[str, Shape] = {
    # Ten years of the six Flemish centres.
    "flanders": Shape(
        reports=75_000,
        families=52_000,
        dossiers=25_000,
        conversations=300_000,
        audit=5_000_000,
        staff_per_centre=40,
        large_dossiers=12,
    ),
    # Ten years at the volume of the Dutch national network (Veilig Thuis).
    "national": Shape(
        reports=1_300_000,
        families=583_000,
        dossiers=400_000,
        conversations=4_000_000,
        audit=20_000_000,
        staff_per_centre=400,
        large_dossiers=60,
    ),
    # The flanders shape in miniature, for CI and tests.
    "smoke": Shape(
        reports=300,
        families=200,
        dossiers=100,
        conversations=2_000,
        audit=4_000,
        staff_per_centre=12,
        large_dossiers=6,
    ),
}

# Share of each centre (by population served): Antwerp largest, Limburg smallest.
CENTRE_SHARES: dict[str, float] = {
    Province.ANTWERPEN: 0.27,
    Province.OOST_VLAANDEREN: 0.21,
    Province.WEST_VLAANDEREN: 0.165,
    Province.VLAAMS_BRABANT: 0.155,
    Province.BRUSSEL: 0.11,
    Province.LIMBURG: 0.09,
}


def split(total: int, shares: list[float], least: int = 0) -> list[int]:
    """`total` in whole numbers in proportion to `shares` (each at least `least`)."""
    counts = [max(least, int(total * share)) for share in shares]
    index = 0
    while sum(counts) < total:
        counts[index % len(counts)] += 1
        index += 1
    return counts
