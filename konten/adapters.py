from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.utils.encoding import force_str

from config.begriffe import begriffe


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are created by Fachdienst 51 or an administrator."""

    def is_open_for_signup(self, request):
        return False

    def format_email_subject(self, subject):
        # allauth's mails (password reset) carry the installation's product
        # name, "[Sozialraum-Budget] " or "[Stadtteil-Budget] " (issue 17),
        # (instead of a fixed ACCOUNT_EMAIL_SUBJECT_PREFIX)
        return f"[{begriffe().produkt}] {force_str(subject)}"


class MfaAdapter(DefaultMFAAdapter):
    """Accounts that must use a second factor cannot switch their app off; an
    administrator can delete it (lost phone), then the setup is due again."""

    def get_totp_issuer(self):
        # the name the authenticator app shows: the installation's product
        return begriffe().produkt

    def can_delete_authenticator(self, authenticator):
        from .middleware import mfa_pflichtig

        if authenticator.type == Authenticator.Type.TOTP and mfa_pflichtig(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
