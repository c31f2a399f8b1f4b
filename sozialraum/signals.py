from allauth.account.signals import password_reset
from django.dispatch import receiver

from .services import email_bestaetigen


@receiver(password_reset)
def _passwort_ueber_link_gesetzt(sender, request, user, **kwargs):
    # The link reached the user by mail: the address is proven.
    email_bestaetigen(user=user)
