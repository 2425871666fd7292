"""The chart form: the session's fields, then each area of the clinic's list with the chosen
device's settings. Built for one device (switching device reloads the page with its
settings) and for what the series' last signed-off chart said, shown as "last time" beside
each field. Values are checked by services.setting_value_clean, the one home of that rule."""

from django import forms

from .models import Area, Chart, Device, DeviceSetting
from .selectors import ChartPage
from .services import CLINICAL_FIELDS, ChartDetails, ChartError, setting_value_clean

RESPONSE_CHOICES = [("", "Not recorded"), *[(str(v), label) for v, label in Chart.RESPONSE_CHOICES]]


def _last(text: str) -> str:
    return f"Last time: {text}" if text else ""


class ChartForm(forms.Form):
    device = forms.ModelChoiceField(
        queryset=Device.objects.filter(is_active=True), widget=forms.HiddenInput
    )
    skin_type = forms.ChoiceField(
        label="Fitzpatrick skin type",
        choices=[("", "Choose"), *Chart.SkinType.choices],
        required=False,
    )
    anaesthetic = forms.CharField(label="Anaesthetic used", max_length=200, required=False)
    anaesthetic_minutes = forms.IntegerField(
        label="Anaesthetic on for (minutes)", min_value=0, max_value=240, required=False
    )
    erythema = forms.TypedChoiceField(
        label="Erythema (0-3)",
        choices=RESPONSE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    oedema = forms.TypedChoiceField(
        label="Oedema (0-3)",
        choices=RESPONSE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    adverse_events = forms.CharField(
        label="Adverse events",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    next_time_notes = forms.CharField(
        label="Notes for next time",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args,
        device: Device,
        areas: list[Area],
        last: Chart | None,
        last_texts: dict[int, dict[str, str]],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.device = device
        self.settings = list(device.settings.all())
        self.areas = areas
        # "Last time" only where the last chart was made with the same device.
        same_device = last is not None and last.device_id == device.pk
        if last is not None:
            self.fields["skin_type"].help_text = _last(last.get_skin_type_display())
            self.fields["anaesthetic"].help_text = _last(last.anaesthetic)
            if last.anaesthetic_minutes is not None:
                self.fields["anaesthetic_minutes"].help_text = _last(
                    f"{last.anaesthetic_minutes} min"
                )
            for name in ("erythema", "oedema"):
                value = getattr(last, name)
                self.fields[name].help_text = _last("" if value is None else str(value))
        for area in areas:
            # What last time's chart said, in its own words and units.
            was = last_texts.get(area.pk) if same_device else None
            self.fields[self.area_name(area)] = forms.BooleanField(
                label=f"{area.name} treated",
                required=False,
                help_text=("Last time: treated" if was is not None else "Last time: not treated")
                if same_device
                else "",
            )
            for setting in self.settings:
                self.fields[self.setting_name(area, setting)] = forms.CharField(
                    label=setting.label + (f" ({setting.unit})" if setting.unit else ""),
                    required=False,
                    max_length=80,
                    help_text=_last((was or {}).get(setting.key, "")),
                    widget=forms.TextInput(
                        attrs={"inputmode": "decimal"}
                        if setting.kind == DeviceSetting.Kind.NUMBER
                        else {}
                    ),
                )

    @staticmethod
    def area_name(area: Area) -> str:
        return f"area_{area.pk}"

    @staticmethod
    def setting_name(area: Area, setting: DeviceSetting) -> str:
        return f"setting_{area.pk}_{setting.key}"

    @classmethod
    def for_page(cls, data=None, *, page: ChartPage) -> "ChartForm | None":
        """The chart page's form, opened with what the page says it opens with; None where
        the page has no form."""
        if page.device is None:
            return None
        initial = {
            "device": page.device.pk,
            **cls.initial_from(page.opens_from, page.opens_values, whole=page.opens_whole),
        }
        return cls(
            data,
            initial=initial,
            device=page.device,
            areas=page.areas,
            last=page.last,
            last_texts=page.last_texts,
        )

    @classmethod
    def initial_from(
        cls, chart: Chart | None, values: dict[int, dict[str, str]], *, whole: bool
    ) -> dict:
        """A chart's fields as the form's initial data: all of a draft's own, or what carries
        forward from last time (skin type, the anaesthetic and how long it was on, areas and
        settings; the device is chosen apart). How the skin answered is seen anew each time."""
        if chart is None:
            return {}
        initial = {
            "skin_type": chart.skin_type,
            "anaesthetic": chart.anaesthetic,
            "anaesthetic_minutes": chart.anaesthetic_minutes,
        }
        if whole:
            initial.update({name: getattr(chart, name) for name in CLINICAL_FIELDS})
        for area_id, settings in values.items():
            initial[f"area_{area_id}"] = True
            for key, value in settings.items():
                initial[f"setting_{area_id}_{key}"] = value
        return initial

    def area_blocks(self) -> list[tuple]:
        """(area, its tick box, its settings' fields) for the template."""
        return [
            (
                area,
                self[self.area_name(area)],
                [self[self.setting_name(area, s)] for s in self.settings],
            )
            for area in self.areas
        ]

    def clean(self):
        data = super().clean()
        ticked = False
        for area in self.areas:
            treated = data.get(self.area_name(area))
            ticked = ticked or bool(treated)
            for setting in self.settings:
                name = self.setting_name(area, setting)
                raw = data.get(name, "")
                if not raw:
                    continue
                if not treated:
                    self.add_error(name, f"Tick {area.name} as treated, or clear this value.")
                    continue
                try:
                    data[name] = setting_value_clean(setting=setting, raw=raw)
                except ChartError as error:
                    self.add_error(name, str(error))
        if not ticked:
            raise forms.ValidationError("Tick at least one treated area.")
        return data

    def details(self) -> ChartDetails:
        data = self.cleaned_data
        areas = [a for a in self.areas if data.get(self.area_name(a))]
        return ChartDetails(
            device=data["device"],
            areas=areas,
            settings={
                area.pk: {
                    s.key: data[self.setting_name(area, s)]
                    for s in self.settings
                    if data.get(self.setting_name(area, s))
                }
                for area in areas
            },
            skin_type=data["skin_type"],
            anaesthetic=data["anaesthetic"],
            anaesthetic_minutes=data["anaesthetic_minutes"],
            erythema=data["erythema"],
            oedema=data["oedema"],
            adverse_events=data["adverse_events"],
            next_time_notes=data["next_time_notes"],
        )


class AddendumForm(forms.Form):
    text = forms.CharField(
        label="Addendum",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Added under the signed-off chart with your name and the time; the chart "
        "itself stays as it was signed.",
    )
