"""Phone numbers, parsed by the phonenumbers library (Google's libphonenumber rules) in the
clinic's country unless they carry their own (+44 ...)."""

import phonenumbers
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
