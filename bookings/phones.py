"""Phone numbers, parsed by the phonenumbers library (Google's libphonenumber rules) in the
clinic's country unless they carry their own (+44 ...)."""

import phonenumbers
from django import forms
from django.conf import settings


def phone_parse(raw: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def phone_e164(raw: str) -> str | None:
    """ "+13125550148" for "(312) 555-0148", or None for what is not a real number. An
    extension is dropped: a text goes to the line, not to a desk behind it."""
    number = phone_parse(raw)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_can_text(raw: str) -> bool:
    number = phone_parse(raw)
    return number is not None and phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,  # US numbers do not say which
    )


def phone_normalize(raw: str) -> str | None:
    """What the record keeps: E.164 ("+13125550148"), with an extension in RFC 3966 form
    ("+13125550148;ext=12") if one was typed ("ext. 12", "x12"). None for no real number."""
    number = phone_parse(raw)
    if number is None:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{e164};ext={number.extension}" if number.extension else e164


def phone_display(stored: str) -> str:
    """ "(312) 555-0148 ext. 12" for the clinic's own country, "+44 20 7946 0018" otherwise;
    a number kept from before it was parsed is shown as it was typed."""
    number = phone_parse(stored) if stored else None
    if number is None:
        return stored
    home = phonenumbers.country_code_for_region(settings.PHONE_REGION)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def phone_uri(stored: str) -> str:
    """A tel: link that dials the extension too."""
    number = phone_parse(stored) if stored else None
    if number is None:
        return "tel:" + "".join(c for c in stored if c.isdigit() or c == "+")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.RFC3966)


class PhoneField(forms.CharField):
    """A phone number as people type it, kept as E.164 (with any extension)."""

    default_error_messages = {
        "invalid": "Enter a phone number we can call, e.g. (312) 555-0148 (add an extension "
        "as ext. 12).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # Shown as people write it ("(312) 555-0117"), never as the E.164 kept.
        return phone_display(value) if isinstance(value, str) and value else value

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        normalized = phone_normalize(value)
        if normalized is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return normalized
