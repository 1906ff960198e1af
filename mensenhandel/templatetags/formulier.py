"""Render form fields the NL Design System way, with errors tied to their field.

The field's frame (label, hint, errors) is ``templates/onderdelen/veld.html``, the form
renderer's field template: ``{{ form.naam.as_field_group }}``. It renders the input with
``{% invoer %}``.
"""

from django import forms, template

register = template.Library()

KLASSEN = {
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
}


@register.simple_tag
def invoer(veld: forms.BoundField) -> str:
    """The field's widget with NL DS classes, aria-invalid and aria-describedby."""
    widget = veld.field.widget
    klasse = next(
        (k for soort, k in KLASSEN.items() if isinstance(widget, soort)),
        "utrecht-textbox utrecht-textbox--html-input",
    )
    if veld.errors:
        klasse += " utrecht-textbox--invalid"
    attrs: dict[str, str | bool] = {"class": klasse}
    if getattr(veld.field, "verplicht", False):
        attrs["aria-required"] = "true"
    beschreven = []
    if veld.help_text:
        beschreven.append(f"{veld.auto_id}_hulp")
    if veld.errors:
        attrs["aria-invalid"] = "true"
        beschreven.append(f"{veld.auto_id}_fout")
    if beschreven:
        attrs["aria-describedby"] = " ".join(beschreven)
    return veld.as_widget(attrs=attrs)
