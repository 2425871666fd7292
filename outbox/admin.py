from django.contrib import admin

from bookings.admin import ReadOnlyAdmin

from .models import Message


# Messages change only through the outbox (the sweep, and the staff pages' send-again and
# cancel buttons), which keep each row's status moves guarded.
@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "channel", "patient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel"]
