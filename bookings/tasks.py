from smtplib import SMTPException

from celery import shared_task

from .emails import booking_email_send


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=8,
    acks_late=True,
)
def booking_email_task(booking_id: int, kind: str) -> None:
    booking_email_send(booking_id=booking_id, kind=kind)
