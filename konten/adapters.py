from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are created by Fachdienst 51 or an administrator."""

    def is_open_for_signup(self, request):
        return False


class MfaAdapter(DefaultMFAAdapter):
    """Accounts that must use a second factor cannot switch their app off; an
    administrator can delete it (lost phone), then the setup is due again."""

    def can_delete_authenticator(self, authenticator):
        from .middleware import mfa_pflichtig

        if authenticator.type == Authenticator.Type.TOTP and mfa_pflichtig(
            authenticator.user
        ):
            return False
        return super().can_delete_authenticator(authenticator)
