"""What the SMS provider's webhooks post (read as cleaned data, never raw)."""

from django import forms


class InboundTextForm(forms.Form):
    MessageSid = forms.CharField(max_length=64)
    From = forms.CharField(max_length=20)
    Body = forms.CharField(max_length=1600, required=False, strip=False)


class StatusReportForm(forms.Form):
    MessageSid = forms.CharField(max_length=64)
    MessageStatus = forms.CharField(max_length=20)
    ErrorCode = forms.CharField(max_length=10, required=False)
