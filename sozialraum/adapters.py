from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """No open sign-up: accounts are created by Fachdienst 51 or an administrator."""

    def is_open_for_signup(self, request):
        return False
