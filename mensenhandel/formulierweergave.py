"""How forms render: Django's form templates, pointed at the project's NL Design System partials."""

from django.forms.renderers import TemplatesSetting


class Formulierweergave(TemplatesSetting):
    """``{{ form }}`` and ``{{ form.veld.as_field_group }}`` render the kernel's partials.

    Through the project's template engine (``TEMPLATES``), so that the partials use the
    ``formulier`` tags and live with the other templates in ``templates/onderdelen/``.
    """

    form_template_name = "onderdelen/formulier.html"
    field_template_name = "onderdelen/veld.html"
