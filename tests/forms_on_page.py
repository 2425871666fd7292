"""What a page's forms would send, read from its HTML as a browser would: each field's value
(hidden and visible inputs, the checked radio, the selected option) and the submit buttons in
the order a browser finds them (the first is the one Enter presses)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Button:
    name: str
    value: str
    text: str = ""
    attrs: dict = field(default_factory=dict)


@dataclass
class FormOnPage:
    values: dict[str, str] = field(default_factory=dict)
    buttons: list[Button] = field(default_factory=list)

    def button(self, text: str) -> Button:
        return next(b for b in self.buttons if b.text == text)

    def sent_by(self, button: Button, **changes) -> dict:
        """The fields a browser sends when `button` is pressed, with `changes` typed first."""
        sent = {**self.values, **changes}
        if button.name:
            sent[button.name] = button.value
        return {name: value for name, value in sent.items() if value is not None}


class _Forms(HTMLParser):
    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.form = form_id, False, FormOnPage()
        self._select: str | None = None
        self._option: tuple[str, bool] | None = None
        self._button: Button | None = None
        self._first_option: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and attrs.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name", "")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"radio", "checkbox"}:
                if "checked" in attrs:
                    self.form.values[name] = attrs.get("value", "on")
            elif kind not in {"submit", "button"}:
                self.form.values[name] = attrs.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            self._first_option.setdefault(self._select, value)
            if "selected" in attrs:
                self.form.values[self._select] = value
        elif tag == "textarea":
            self.form.values[name] = ""
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button = Button(name=name, value=attrs.get("value", ""), attrs=attrs)

    def handle_data(self, data):
        if self._button is not None:
            self._button.text += data

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select" and self._select:
            self.form.values.setdefault(self._select, self._first_option.get(self._select, ""))
            self._select = None
        elif tag == "button" and self._button is not None:
            self._button.text = " ".join(self._button.text.split())
            self.form.buttons.append(self._button)
            self._button = None


def form_on_page(content, form_id: str) -> FormOnPage:
    html = content.content.decode() if hasattr(content, "content") else content
    parser = _Forms(form_id)
    parser.feed(html)
    return parser.form
