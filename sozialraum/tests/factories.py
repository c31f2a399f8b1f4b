import factory

from konten.models import Rolle, Rollenzuweisung, User
from sozialraum.models import Sozialraumbuero, Sozialraumkonzept, Traeger, Ziel

PASSWORT = "Richtig-Langes-Passwort-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Kim"
    last_name = factory.Sequence(lambda n: f"Muster{n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or PASSWORT)
        if create:
            obj.save(update_fields=["password"])

    @factory.post_generation
    def email_bestaetigt(obj, create, extracted, **kwargs):
        from allauth.account.models import EmailAddress

        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=True
            )


class RollenzuweisungFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rollenzuweisung

    user = factory.SubFactory(UserFactory)
    rolle = Rolle.FACHDIENST_51


def benutzer_mit_rolle(rolle, *, sozialraum=None, region=None, **kwargs):
    user = UserFactory(**kwargs)
    RollenzuweisungFactory(user=user, rolle=rolle, sozialraum=sozialraum, region=region)
    return user


class TraegerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Traeger

    name = factory.Sequence(lambda n: f"Träger {n}")


class SozialraumbueroFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sozialraumbuero

    traeger = factory.SubFactory(TraegerFactory)
    strasse = "Am Markt 1"
    plz = "21335"
    ort = "Lüneburg"
    ansprechperson = "Erika Kontakt"
    telefon = "04131 123456"
    email = factory.Sequence(lambda n: f"buero{n}@example.org")


class KonzeptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sozialraumkonzept

    version = 1
    status = Sozialraumkonzept.Status.ENTWURF


class ZielFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ziel

    nummer = factory.Sequence(lambda n: n + 1)
    titel = "Ein Ziel"
