"""Staff pages under /staff/. Every view here but login and logout goes through
staff.access.staff_view (a test walks this list to make sure)."""

from django.urls import path

from .staff import auth, desk, drag, people, reports, rota, schedule, style

app_name = "staff"

# Not through staff_view: the login, and the second step, which a login without a role may
# be asked for and which needs the login alone.
PUBLIC = {"login", "logout", "second_step", "second_factor_set_up"}

urlpatterns = [
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("second-step/", auth.second_step, name="second_step"),
    path("second-step/set-up/", auth.second_factor_set_up, name="second_factor_set_up"),
    path("team/", auth.team, name="team"),
    path(
        "team/<int:user_id>/second-factor/reset/",
        auth.second_factor_reset,
        name="second_factor_reset",
    ),
    path("", auth.home, name="home"),
    path("keepalive/", auth.keepalive, name="keepalive"),
    path("schedule/", schedule.day, name="day"),
    path("schedule/month/", schedule.month, name="month"),
    path("schedule/provider/<uuid:provider_id>/", schedule.week, name="week"),
    path("schedule/provider/<uuid:provider_id>/sheet/", schedule.day_sheet, name="day_sheet"),
    path("schedule/provider/<uuid:provider_id>/hours/", rota.working_hours, name="working_hours"),
    path("schedule/time-off/new/", rota.time_off_new, name="time_off_new"),
    path("schedule/time-off/<int:time_off_id>/", rota.time_off_edit, name="time_off_edit"),
    path(
        "schedule/time-off/<int:time_off_id>/delete/",
        rota.time_off_delete,
        name="time_off_delete",
    ),
    path("bookings/new/", desk.booking_new, name="booking_new"),
    path("bookings/<uuid:booking_id>/", desk.booking_detail, name="booking"),
    path("bookings/<uuid:booking_id>/status/", desk.booking_status, name="booking_status"),
    path("bookings/<uuid:booking_id>/note/", desk.booking_note, name="booking_note"),
    path("bookings/<uuid:booking_id>/move/", desk.booking_move, name="booking_move"),
    path("bookings/<uuid:booking_id>/move/grid/", drag.booking_grid_move, name="booking_grid_move"),
    path("bookings/<uuid:booking_id>/revert/", desk.booking_revert, name="booking_revert"),
    path("patients/", people.patients, name="patients"),
    path("patients/<uuid:patient_id>/", people.patient_detail, name="patient"),
    path("patients/<uuid:patient_id>/edit/", people.patient_edit, name="patient_edit"),
    path("patients/<uuid:patient_id>/merge/", people.patient_merge, name="patient_merge"),
    path("patients/<uuid:patient_id>/note/", people.patient_note, name="patient_note"),
    path(
        "patients/<uuid:patient_id>/export.json",
        people.patient_export,
        name="patient_export",
    ),
    path(
        "patients/<uuid:patient_id>/erase/",
        people.patient_erase,
        name="patient_erase",
    ),
    path(
        "patients/updates/<int:update_id>/",
        people.patient_update_resolve,
        name="patient_update",
    ),
    path(
        "patients/<uuid:patient_id>/messages/",
        people.patient_preferences,
        name="patient_preferences",
    ),
    path("dashboard/", reports.dashboard, name="dashboard"),
    path("export/day.csv", reports.export_day, name="export_day"),
    path("export/bookings.csv", reports.export_range, name="export_range"),
    path("audit/", reports.audit_log, name="audit"),
    path("style/", style.style_page, name="style"),
]
