from django.forms.renderers import TemplatesSetting


class KernFormRenderer(TemplatesSetting):
    """Every form (ours and allauth's) renders its fields in KERN markup."""

    form_template_name = "forms/kern_form.html"
    field_template_name = "forms/kern_field.html"
