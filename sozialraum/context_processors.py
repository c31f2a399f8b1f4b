from config.begriffe import begriffe


def navigation(request):
    """Menu entries the signed-in user may open (checked with the same rules)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav": {
            "uebersicht": user.has_perm("sozialraum.view_start"),
            "budgets": user.has_perm("budgets.view_uebersicht"),
            "plan": user.has_perm("budgets.view_plan"),
            # Hilfen of Regionalbudget 2 are a group level's budget: an
            # authority without Regionen has none (budgets.hilfen.views)
            "hilfen": begriffe().mit_gruppen and user.has_perm("hilfen.view_summen"),
            "vertraege": user.has_perm("vertraege.view_liste"),
            "kennzahlen": user.has_perm("kennzahlen.view_liste"),
            "antraege": user.has_perm("antraege.view_liste"),
            "arbeitsliste": user.has_perm("antraege.view_arbeitsliste"),
            "berichte": user.has_perm("antraege.view_berichte"),
            "austausch": user.has_perm("antraege.austausch"),
            "benutzer": user.has_perm("konten.manage_users"),
            "admin": user.has_perm("konten.use_admin"),
        }
    }


def installation(request):
    """The authority's words (sozialraum.begriffe) for every page."""
    return {"begriffe": begriffe()}
