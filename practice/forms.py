"""What every app's patient-facing forms share: the error summary a form shows at its top."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorLink:
    """One line of a form's error summary: what is wrong, and the id of the control to fix
    it in (empty for an error about the whole form, which has no one control)."""

    target: str
    text: str


class ErrorSummaryMixin:
    """The list that the summary at the top of a booking step shows when a form comes back
    with errors: every field's error, linked to the field, and the errors about the whole
    form."""

    @property
    def error_links(self) -> list[ErrorLink]:
        links = [ErrorLink("", str(message)) for message in self.non_field_errors()]
        for field in self:
            if field.is_hidden:
                links += [ErrorLink("", str(message)) for message in field.errors]
                continue
            # A group of radios has no one id: its first radio is where to start.
            target = field.id_for_label or f"{field.auto_id}_0"
            label = str(field.label)
            joint = " " if label.endswith(("?", ".")) else ": "
            links += [ErrorLink(target, f"{label}{joint}{message}") for message in field.errors]
        return links
