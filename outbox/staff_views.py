"""The staff's view of the outbox: every message, what became of it, and sending one again.
Who may do what is bookings/access.py's; the services refuse."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from bookings import access
from bookings.audit import audit_view
from bookings.staff.access import staff_view

from . import selectors, services


class ShowForm(forms.Form):
    show = forms.ChoiceField(choices=list(selectors.SHOWN.items()), required=False)


@staff_view("view_patients")
def message_list(request: HttpRequest) -> HttpResponse:
    form = ShowForm(request.GET)
    show = (form.cleaned_data["show"] if form.is_valid() else "") or "problems"
    shown = selectors.messages_page(request.user, show=show)
    audit_view(
        request,
        what="outbox",
        detail={"shown": selectors.SHOWN[show], "messages": len(shown)},
    )
    return render(
        request,
        "outbox/staff/messages.html",
        {
            "shown": shown,
            "show": show,
            "choices": selectors.SHOWN,
            "shown_label": selectors.SHOWN[show],
            "figures": selectors.outbox_figures(request.user),
            "may_resend": access.may_handle_reminders(request.user),
        },
        status=200 if form.is_valid() else 400,
    )


@staff_view("view_patients")
def message_detail(request: HttpRequest, message_id) -> HttpResponse:
    message = get_object_or_404(selectors.messages_visible_to(request.user), public_id=message_id)
    audit_view(
        request,
        what="message",
        patient=message.patient,
        booking=message.booking,
        detail={"message": message.kind_label},
    )
    return render(
        request,
        "outbox/staff/message.html",
        {"message": message, "may_resend": access.may_handle_reminders(request.user)},
    )


def _act(request: HttpRequest, message_id, action, done: str) -> HttpResponse:
    message = get_object_or_404(selectors.messages_visible_to(request.user), public_id=message_id)
    try:
        action(message=message, actor=request.user)
    except services.OutboxError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("staff_outbox:message", message_id=message.public_id)


@staff_view("book_by_phone")
@require_POST
def message_resend(request: HttpRequest, message_id) -> HttpResponse:
    done = "It goes out again within a minute."
    return _act(request, message_id, services.message_resend, done)


@staff_view("book_by_phone")
@require_POST
def message_cancel(request: HttpRequest, message_id) -> HttpResponse:
    return _act(request, message_id, services.message_cancel, "Message cancelled.")


@staff_view("view_patients")
def text_list(request: HttpRequest) -> HttpResponse:
    """Texts patients sent to the clinic's number: replies wait here for the desk."""
    waiting = list(selectors.texts_open(request.user))
    audit_view(request, what="texts from patients", detail={"texts shown": len(waiting)})
    return render(
        request,
        "outbox/staff/texts.html",
        {
            "waiting": waiting,
            "opt_outs": selectors.texts_recent_opt_outs(request.user),
            "may_handle": access.may_handle_reminders(request.user),
        },
    )


@staff_view("book_by_phone")
@require_POST
def text_handle(request: HttpRequest, text_id) -> HttpResponse:
    text = get_object_or_404(selectors.texts_open(request.user), public_id=text_id)
    if services.text_handle(text=text, actor=request.user):
        messages.success(request, "Marked handled.")
    return redirect("staff_outbox:texts")
