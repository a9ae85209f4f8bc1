"""factory_boy factories for fictional centres and staff."""

from __future__ import annotations

from typing import Any

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP

from vk.centres.models import Centre, Discipline, Province, RoleGrant, Team, User

TEST_PASSWORD = "correct-horse-battery-staple-42"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class CentreFactory(factory.django.DjangoModelFactory[Centre]):
    class Meta:
        model = Centre
        django_get_or_create = ("province",)
        skip_postgeneration_save = True

    province = Province.ANTWERPEN
    name = factory.LazyAttribute(lambda centre: f"VK {centre.province.title()}")
    city = "Antwerpen"

    @factory.post_generation
    def regions(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The province's real postcode regions, as in the demo data."""
        if not create or self.postcode_ranges.exists():
            return
        from vk.centres.demo_data import CENTRES
        from vk.centres.models import PostcodeRange

        for spec in CENTRES:
            if spec["province"] == self.province:
                PostcodeRange.objects.bulk_create(
                    PostcodeRange(centre=self, first=first, last=last)
                    for first, last in spec["ranges"]
                )


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"medewerker{n}@vk.test")
    first_name = factory.Sequence(lambda n: f"Voornaam{n}")
    last_name = factory.Sequence(lambda n: f"Familienaam{n}")
    centre = factory.SubFactory(CentreFactory)
    discipline = Discipline.SOCIAL

    @factory.post_generation
    def password(self, create: bool, extracted: str | None, **kwargs: Any) -> None:
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            RoleGrant.objects.bulk_create(RoleGrant(user=self, role=role) for role in extracted)
            self.__dict__.pop("roles", None)

    @factory.post_generation
    def totp(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """Give the user an authenticator app (known secret) unless totp=False."""
        if create and extracted is not False:
            TOTP.activate(self, TOTP_SECRET)
