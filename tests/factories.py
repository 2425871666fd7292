import factory
from django.contrib.auth import get_user_model

from treatments.models import FAQ, Clinic, Treatment


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ("id",)

    id = Clinic.SINGLETON_ID
    name = "Test Skin Clinic"
    street_address = "1 Test Street"
    locality = "Testville"
    region = "IL"
    postal_code = "60000"
    phone = "(312) 555-0100"
    email = "clinic@example.com"


class TreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Treatment

    name = factory.Sequence(lambda n: f"Treatment {n}")
    slug = factory.Sequence(lambda n: f"treatment-{n}")
    summary = "A short summary."
    how_it_works = "It works."
    after_your_session = "Wear sunscreen."
    is_published = True


class FAQFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FAQ

    treatment = factory.SubFactory(TreatmentFactory)
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer."


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True
    password = factory.django.Password("a-long-test-password")
