"""The paper answers form: per area in wheel order a rating 1-5 (or empty) and a comment, what matters most,
what the others at the meeting may see (the number circled; default nothing) and who helped (required).
Rule: the fields follow the wheel in flows/wheel.yaml; messages are Swedish."""

from __future__ import annotations

from typing import Any

from wtforms import IntegerField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from bot.conversation import Wheel
from bot.services.paper import HELPER_MAX, PaperAnswer
from bot.web.common import t
from bot.web.forms import StaffForm, looks_like_personnummer, strip

COMMENT_MAX = 1000


class PaperFormBase(StaffForm):
    """What is the same whatever the wheel: what matters most and who helped."""

    matters_most = TextAreaField(validators=[Optional(), Length(max=COMMENT_MAX)])
    helper = StringField(validators=[DataRequired(), Length(max=HELPER_MAX)],
                         filters=[strip])
    areas: tuple[str, ...] = ()

    def validate_helper(self, field: StringField) -> None:
        """No personal identity number in who helped."""
        if field.data and looks_like_personnummer(field.data):
            raise ValidationError(t("paper.helper_personnummer"))

    def rating_field(self, area: str) -> Any:
        """The rating field of `area`."""
        return self[f"rating_{area}"]

    def comment_field(self, area: str) -> Any:
        """The comment field of `area`."""
        return self[f"comment_{area}"]

    def answers(self) -> dict[str, PaperAnswer]:
        """The validated answers, area by area."""
        return {area: PaperAnswer(self.rating_field(area).data, self.comment_field(area).data or None)
                for area in self.areas}

    def sharing_choice(self) -> str:
        """What the others at the meeting may see, as circled on the sheet."""
        return str(self["sharing"].data)


def paper_form(wheel: Wheel) -> PaperFormBase:
    """A paper answers form for the wheel's areas (bound to the request's form data)."""
    fields: dict[str, Any] = {"areas": tuple(wheel.areas)}
    scale = NumberRange(min=wheel.scale_min, max=wheel.scale_max,
                        message=t("paper.bad_rating", min=wheel.scale_min, max=wheel.scale_max))
    for area in wheel.areas:
        fields[f"rating_{area}"] = IntegerField(validators=[Optional(), scale],
                                                render_kw={"min": wheel.scale_min, "max": wheel.scale_max,
                                                           "inputmode": "numeric"})
        fields[f"comment_{area}"] = StringField(validators=[Optional(), Length(max=COMMENT_MAX)])
    fields["sharing"] = RadioField(choices=[(c, t(f"paper.sharing_{c}", n=n))
                                            for n, c in enumerate(wheel.sharing_choices, start=1)],
                                   default=wheel.sharing_default)
    form_class = type("PaperForm", (PaperFormBase,), fields)
    return form_class()
