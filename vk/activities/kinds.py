"""The three kinds of activity, as the generic views need them: one entry per kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from .forms import ActivityForm, AwarenessForm, CoachingForm, TrainingForm
from .models import Activity, AwarenessAction, AwarenessKind, Coaching, Sector, Theme, Training


@dataclass(frozen=True)
class Kind:
    slug: str  # the URL names: "<slug>-list", "<slug>-new", "<slug>-edit", "<slug>-delete"
    model: type[Activity]
    form: type[ActivityForm]
    title: Any  # the list's heading
    new_title: Any
    edit_title: Any
    created: Any  # the message after registering
    deleted: Any
    # The staff member filter of the list: a foreign key or a many-to-many field.
    staff_filter: str
    # (field, label, choices) of the list's choice filters.
    choice_filters: tuple[tuple[str, Any, Any], ...] = ()
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    @property
    def fields(self) -> list[str]:
        """The form's fields, for the conflict screen."""
        return [name for name in self.form.base_fields if name != "version"]


COACHING = Kind(
    slug="coaching",
    model=Coaching,
    form=CoachingForm,
    title=_("Coaching of professionals"),
    new_title=_("New coaching"),
    edit_title=_("Change a coaching"),
    created=_("The coaching was registered."),
    deleted=_("The coaching was deleted."),
    staff_filter="coached_by",
    choice_filters=(
        ("sector", _("Sector"), Sector.choices),
        ("theme", _("Theme"), Theme.choices),
    ),
    select_related=("coached_by",),
)
TRAINING = Kind(
    slug="training",
    model=Training,
    form=TrainingForm,
    title=_("Training sessions"),
    new_title=_("New training session"),
    edit_title=_("Change a training session"),
    created=_("The training session was registered."),
    deleted=_("The training session was deleted."),
    staff_filter="trainers",
    prefetch_related=("trainers",),
)
AWARENESS = Kind(
    slug="awareness",
    model=AwarenessAction,
    form=AwarenessForm,
    title=_("Awareness actions"),
    new_title=_("New awareness action"),
    edit_title=_("Change an awareness action"),
    created=_("The awareness action was registered."),
    deleted=_("The awareness action was deleted."),
    staff_filter="staff",
    choice_filters=(("kind", _("Kind"), AwarenessKind.choices),),
    prefetch_related=("staff",),
)
KINDS = {kind.slug: kind for kind in (COACHING, TRAINING, AWARENESS)}
