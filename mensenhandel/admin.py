"""The Django admin, for the functional administrator only: users, roles and places.

Case data is never managed here. The site admits only an active functioneel beheerder
who has passed the second factor; everyone else gets 403 (logged) or the login page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from simple_history.admin import SimpleHistoryAdmin

if TYPE_CHECKING:
    from django.contrib.admin.sites import _ViewType

from django.urls import reverse
from django.utils.html import format_html

from mensenhandel.acties import Geweigerd
from mensenhandel.models import Gebruiker, Gemeente, Organisatie, Regio, Rol, ToegangsLog, Toegangswijziging
from mensenhandel.services import toegang_loggen, tweede_factor_resetten
from mensenhandel.toegang import heeft_rol
from mensenhandel.toegangsbeheer import Toegang, eigen_toegang_controleren, toegang_wijzigen
from mensenhandel.toegangsbesluiten import casuistiek_regio_wijzigen


class BeheerSite(admin.AdminSite):
    site_header = "Aanpak mensenhandel — functioneel beheer"
    site_title = "Functioneel beheer"
    index_title = "Gebruikers, rollen, organisaties, gemeenten en regio's"
    site_url = "/beheerder/"
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        gebruiker = request.user
        return bool(
            heeft_rol(gebruiker, Rol.FUNCTIONEEL_BEHEERDER)
            and isinstance(gebruiker, Gebruiker)
            and gebruiker.is_staff
            and gebruiker.is_verified()
        )

    def admin_view(self, view: _ViewType, cacheable: bool = False) -> _ViewType:
        beschermd = super().admin_view(view, cacheable)

        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.user.is_authenticated and not self.has_permission(request):
                toegang_loggen(
                    request=request,
                    actie=ToegangsLog.Actie.BEHEER,
                    uitkomst=ToegangsLog.Uitkomst.GEWEIGERD,
                    toelichting="geen functioneel beheerder",
                )
                raise PermissionDenied
            return beschermd(request, *args, **kwargs)

        wrapper.admin_site = self  # type: ignore[attr-defined]
        return cast("_ViewType", wrapper)

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        # One login for the whole application, with the second factor.
        return redirect_to_login(request.GET.get("next") or "/beheer/")


beheer_site = BeheerSite(name="admin")


class RolVelden(forms.ModelForm):
    """Role and scope as fields of the user form; saved through toegang_wijzigen.

    ``beheerder``: the functioneel beheerder filling it in (set per request by the admin)."""

    beheerder: Gebruiker | None = None

    rol = forms.ChoiceField(
        label="Rol", choices=[("", "Geen rol (geen toegang)"), *Rol.choices], required=False
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label="Gemeenten (aandachtsfunctionaris)",
        queryset=Gemeente.objects.filter(actief=True),
        required=False,
        widget=FilteredSelectMultiple("gemeenten", is_stacked=False),
    )
    regios = forms.ModelMultipleChoiceField(
        label="Regio's (zorgcoördinator, ketenregisseur)",
        queryset=Regio.objects.all(),
        required=False,
        widget=FilteredSelectMultiple("regio's", is_stacked=False),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        gebruiker = self.instance
        if gebruiker.pk:
            self.fields["rol"].initial = gebruiker.rol.value if gebruiker.rol else ""
            self.fields["gemeenten"].initial = Gemeente.objects.filter(
                gemeentegebruikerpermissie__user=gebruiker
            )
            self.fields["regios"].initial = Regio.objects.filter(regiogebruikerpermissie__user=gebruiker)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        rol = data.get("rol")
        if rol == Rol.AANDACHTSFUNCTIONARIS and not data.get("gemeenten"):
            self.add_error("gemeenten", "Kies de gemeente(n) die deze aandachtsfunctionaris bedient.")
        if rol in (Rol.ZORGCOORDINATOR, Rol.KETENREGISSEUR) and not data.get("regios"):
            self.add_error("regios", "Kies de regio('s) waarvoor deze gebruiker werkt.")
        if self.beheerder is not None:
            na = Toegang.van(Rol(rol) if rol else None, data.get("gemeenten") or (), data.get("regios") or ())
            # As the account will be: a new one, or one renamed in the same form, is checked too.
            kandidaat = Gebruiker(
                pk=self.instance.pk,
                email=data.get("email") or self.instance.email,
                naam=data.get("naam") or self.instance.naam,
            )
            try:
                eigen_toegang_controleren(door=self.beheerder, gebruiker=kandidaat, na=na)
            except Geweigerd as fout:
                self.add_error(None, str(fout))
        return data


class GebruikerWijzigForm(RolVelden, UserChangeForm):
    class Meta:
        model = Gebruiker
        fields = ["email", "naam", "organisatie", "is_active", "password"]


class GebruikerAanmaakForm(RolVelden, BaseUserCreationForm):
    class Meta:
        model = Gebruiker
        fields = ["email", "naam", "organisatie"]


@admin.register(Gebruiker, site=beheer_site)
class GebruikerAdmin(SimpleHistoryAdmin, UserAdmin):
    form = GebruikerWijzigForm
    add_form = GebruikerAanmaakForm
    # Points to the application's own invitation page (and replaces a text without Dutch translation).
    add_form_template = "admin/mensenhandel/gebruiker/add_form.html"
    list_display = ["naam", "email", "rol_label", "organisatie", "is_active", "last_login"]
    list_filter = ["is_active", "groups", "organisatie"]
    search_fields = ["naam", "email"]
    ordering = ["naam"]
    list_select_related = ["organisatie"]
    filter_horizontal = ()
    readonly_fields = ["last_login", "aangemaakt_op"]
    fieldsets = [
        (None, {"fields": ["email", "naam", "organisatie", "is_active"]}),
        ("Rol en bereik", {"fields": ["rol", "gemeenten", "regios"]}),
        ("Wachtwoord", {"fields": ["password"]}),
        ("Gegevens", {"fields": ["last_login", "aangemaakt_op"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "naam", "organisatie", "password1", "password2"]}),
        ("Rol en bereik", {"fields": ["rol", "gemeenten", "regios"]}),
    ]
    actions = ["tweede_factor_resetten_actie"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Gebruiker]:
        return super().get_queryset(request).prefetch_related("groups")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.beheerder = request.user  # type: ignore[attr-defined]  # a class made for this request
        return form

    @admin.display(description="rol")
    def rol_label(self, obj: Gebruiker) -> str:
        return obj.rol.label if obj.rol else "—"

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        rol = form.cleaned_data.get("rol") or None
        # The form checked that a beheerder does not open case data to themselves; the service
        # checks it again inside its transaction.
        wijziging = toegang_wijzigen(
            door=request.user,  # type: ignore[arg-type]
            gebruiker=form.instance,
            rol=Rol(rol) if rol else None,
            gemeenten=form.cleaned_data.get("gemeenten") or [],
            regios=form.cleaned_data.get("regios") or [],
            request=request,
        )
        if wijziging is not None and wijziging.status == Toegangswijziging.Status.WACHT:
            self.message_user(
                request,
                format_html(
                    "De nieuwe rol of het nieuwe bereik van {} geeft toegang tot persoonsgegevens en gaat "
                    'pas in als een tweede functioneel beheerder de wijziging goedkeurt (<a href="{}">'
                    "toegangswijzigingen</a>). Wat toegang wegneemt, is al ingegaan.",
                    form.instance.naam,
                    reverse("beheerder:toegangswijzigingen"),
                ),
                messages.WARNING,
            )

    @admin.action(description="Tweede factor resetten (nieuwe koppeling bij volgende login)")
    def tweede_factor_resetten_actie(self, request: HttpRequest, queryset: Any) -> None:
        for gebruiker in queryset:
            tweede_factor_resetten(gebruiker=gebruiker, door=request.user, request=request)  # type: ignore[arg-type]
        self.message_user(
            request,
            f"De tweede factor van {queryset.count()} gebruiker(s) is gereset. Zij koppelen "
            "bij hun volgende login opnieuw een authenticator-app.",
            messages.SUCCESS,
        )


@admin.register(Gemeente, site=beheer_site)
class GemeenteAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "cbs_code", "veiligheidsregio", "actief"]
    list_filter = ["actief", "veiligheidsregio"]
    search_fields = ["naam", "cbs_code"]


@admin.register(Regio, site=beheer_site)
class RegioAdmin(SimpleHistoryAdmin):
    list_display = [
        "naam",
        "bovenliggende_regio",
        "ketenregisseur_mag_casuistiek",
        "kleine_aantallen_drempel",
    ]
    list_select_related = ["bovenliggende_regio"]
    search_fields = ["naam"]
    filter_horizontal = ["gemeenten"]

    def save_model(self, request: HttpRequest, obj: Regio, form: Any, change: bool) -> None:
        """The casework setting goes through casuistiek_regio_wijzigen: switching it on waits
        for a second beheerder, as a grant does."""
        gewenst = obj.ketenregisseur_mag_casuistiek
        obj.ketenregisseur_mag_casuistiek = (
            Regio.objects.filter(pk=obj.pk).values_list("ketenregisseur_mag_casuistiek", flat=True).first()
            if change
            else False
        ) or False
        super().save_model(request, obj, form, change)
        try:
            wijziging = casuistiek_regio_wijzigen(
                door=request.user,  # type: ignore[arg-type]
                regio=obj,
                aan=gewenst,
                request=request,
            )
        except Geweigerd as fout:
            self.message_user(request, str(fout), messages.ERROR)
            return
        obj.refresh_from_db(fields=["ketenregisseur_mag_casuistiek"])
        if wijziging is not None and wijziging.status == Toegangswijziging.Status.WACHT:
            self.message_user(
                request,
                format_html(
                    "Dat de ketenregisseurs van {} casuïstiek mogen inzien, gaat pas in als een tweede "
                    'functioneel beheerder het goedkeurt (<a href="{}">toegangswijzigingen</a>).',
                    obj.naam,
                    reverse("beheerder:toegangswijzigingen"),
                ),
                messages.WARNING,
            )


@admin.register(Organisatie, site=beheer_site)
class OrganisatieAdmin(SimpleHistoryAdmin):
    list_display = ["naam", "soort", "gemeente"]
    list_filter = ["soort"]
    list_select_related = ["gemeente"]
    search_fields = ["naam"]
    autocomplete_fields = ["gemeente"]
