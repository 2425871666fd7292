"""An addendum is part of the clinical record once written: PostgreSQL refuses to change or
delete one, whoever asks. A correction is another addendum."""

import pytest
from django.db import DatabaseError, connection, transaction

from charting import services
from charting.models import Addendum

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's"),
]


@pytest.fixture
def addendum(provider_dana, signed_chart):
    return services.addendum_add(
        booking=signed_chart.booking, actor=provider_dana, text="Mild swelling settled."
    )


def test_the_database_refuses_to_change_an_addendum(addendum):
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        Addendum.objects.filter(pk=addendum.pk).update(text="Nothing happened.")
    assert Addendum.objects.get(pk=addendum.pk).text == "Mild swelling settled."


def test_the_database_refuses_to_delete_an_addendum(addendum):
    with pytest.raises(DatabaseError, match="never changes"), transaction.atomic():
        Addendum.objects.filter(pk=addendum.pk).delete()
    assert Addendum.objects.filter(pk=addendum.pk).exists()


def test_a_correction_is_another_addendum(provider_dana, addendum):
    services.addendum_add(
        booking=addendum.chart.booking, actor=provider_dana, text="Correction: on day two."
    )
    assert addendum.chart.addenda.count() == 2
