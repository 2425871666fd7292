"""A status, or a timestamp that is a state, is written by one module per model (ARCHITECTURE.md,
"one transition function per status model"): the module with the table of allowed moves.

This test reads every app module (not tests, not migrations) and fails on a write of a guarded
field anywhere else: `.update(field=...)` (also `**{"field": ...}`), `update_or_create(defaults=
{"field": ...})`, `obj.field = ...`, `setattr(obj, "field", ...)`, `save(update_fields=[...])`
and `bulk_update(..., [...])` naming it, raw SQL that SETs it, and a call of the shared guarded
UPDATE (`rows_move`) outside a state module. Creating a row in its first state is not a move.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ANY = "*"  # an .update(**fields) whose fields the source does not show: a home's alone


def _apps() -> list[str]:
    """Every app of the project (a new app is read as soon as it is installed)."""
    from django.apps import apps

    return sorted(
        Path(config.path).name
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT
    )


# The field, and the modules that own writing it (and for which model).
STATUS_HOMES = {
    "bookings/services/booking.py",  # Booking.status: booking_status_write
    "outbox/states.py",  # Message.status: message_move, messages_move
    "aftercare/states.py",  # Reminder.status and Course.status
}
GUARDED: dict[str, set[str]] = {
    "status": STATUS_HOMES,
    "signed_at": {"consent/services.py"},  # FormRequest.signed_at (and a submission's own)
    "withdrawn_at": {"consent/services.py"},  # FormRequest.withdrawn_at
    "signed_off_at": {"charting/services.py"},  # Chart.signed_off_at
    "renditions_ready_at": {"photos/services.py"},  # Photo.renditions_ready_at
}
# The shared guarded UPDATE may be called only where a table of moves lives, and so may an
# UPDATE of fields the source does not name.
MOVERS = {"rows_move": STATUS_HOMES | {"practice/states.py"}}
# (treatments/images.py rewrites a model's picture fields, named at run time: never a state.)
GUARDED[ANY] = STATUS_HOMES | {"practice/states.py", "treatments/images.py"}


# Calls that name the fields they write in a list.
LISTS_OF_FIELDS = {
    ("save", "update_fields"),
    ("bulk_create", "update_fields"),
    ("bulk_update", "fields"),
}


def _constant_keys(node: ast.AST) -> set[str]:
    """The keys of a dict literal; ANY for anything whose keys the source does not show."""
    if isinstance(node, ast.Dict):
        return {k.value if isinstance(k, ast.Constant) else ANY for k in node.keys}
    return {ANY}


def _constant_strings(node: ast.AST) -> set[str]:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return {e.value for e in node.elts if isinstance(e, ast.Constant)}
    return set()


def _sql_sets(text: str) -> set[str]:
    """Fields a raw SQL string SETs."""
    found = set()
    for clause in re.findall(r"\bSET\b(.*?)(?:\bWHERE\b|\bFROM\b|$)", text, re.S | re.I):
        found |= set(re.findall(r"[\"`]?(\w+)[\"`]?\s*=", clause))
    return found


def fields_written(source: str, filename: str = "<module>") -> list[tuple[str, int, str]]:
    """(field, line, how) for every write of a guarded field in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            method = node.func.attr
            for keyword in node.keywords:
                written: set[str] = set()
                if method == "update":
                    written = {keyword.arg} if keyword.arg else _constant_keys(keyword.value)
                elif method == "update_or_create" and keyword.arg == "defaults":
                    written = _constant_keys(keyword.value)
                elif (method, keyword.arg) in LISTS_OF_FIELDS:
                    written = _constant_strings(keyword.value)
                found += [(f, node.lineno, f".{method}()") for f in written]
            if method == "bulk_update" and len(node.args) > 1:
                found += [
                    (f, node.lineno, ".bulk_update()") for f in _constant_strings(node.args[1])
                ]
        if (  # states.rows_move(...)
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in MOVERS
        ):
            found.append((node.func.attr, node.lineno, "call"))
        if isinstance(node, ast.ImportFrom):
            # rows_move under another name is still rows_move
            found += [(a.name, node.lineno, "import") for a in node.names if a.asname]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "setattr" and len(node.args) > 1:
                name = node.args[1]
                if isinstance(name, ast.Constant):
                    found.append((name.value, node.lineno, "setattr()"))
            if node.func.id in MOVERS:
                found.append((node.func.id, node.lineno, "call"))
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and isinstance(part.ctx, ast.Store):
                        found.append((part.attr, node.lineno, "assignment"))
                    if (  # obj.__dict__["status"] = ...
                        isinstance(part, ast.Subscript)
                        and isinstance(part.value, ast.Attribute)
                        and part.value.attr == "__dict__"
                        and isinstance(part.slice, ast.Constant)
                    ):
                        found.append((part.slice.value, node.lineno, "assignment"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [(f, node.lineno, "SQL") for f in _sql_sets(node.value)]
    homes = GUARDED | MOVERS
    return sorted({(f, line, how) for f, line, how in found if f in homes})


def writes_outside_their_home(root: Path = ROOT, apps: list[str] | None = None) -> list[str]:
    wrong = []
    for app in apps if apps is not None else _apps():
        for path in sorted((root / app).rglob("*.py")):
            relative = path.relative_to(root).as_posix()
            if "/migrations/" in relative:
                continue
            for field, line, how in fields_written(path.read_text(), relative):
                if relative not in (GUARDED | MOVERS)[field]:
                    wrong.append(f"{relative}:{line} writes {field} ({how})")
    return wrong


def test_every_state_is_written_only_by_its_own_module():
    assert writes_outside_their_home() == []


@pytest.mark.parametrize(
    "line",
    [
        "Booking.objects.filter(pk=1).update(status='cancelled')",
        "Message.objects.filter(pk=1).update(**{'status': 'sent'})",
        "booking.status = 'no_show'",
        "setattr(course, 'status', 'active')",
        "course.save(update_fields=['status'])",
        "Reminder.objects.bulk_update(rows, ['status', 'due_at'])",
        "Chart.objects.update_or_create(pk=1, defaults={'signed_off_at': now})",
        "FormRequest.objects.filter(pk=1).update(withdrawn_at=now)",
        "photo.renditions_ready_at = now",
        "cursor.execute('UPDATE outbox_message SET last_error = %s, status = %s WHERE id = %s')",
        "rows_move(TABLE, Reminder.objects.all(), to='cancelled')",
        "states.rows_move(TABLE, Reminder.objects.all(), to='cancelled')",
        "from practice.states import rows_move as move",
        "Booking.objects.filter(pk=1).update(**changes)",
        "Reminder.objects.bulk_update(rows, fields=['status'])",
        "Message.objects.bulk_create(rows, update_conflicts=True, update_fields=['status'])",
        "cursor.execute('UPDATE outbox_message SET \"status\" = %s WHERE id = %s')",
        "booking.__dict__['status'] = 'cancelled'",
    ],
)
def test_the_rule_sees_each_way_of_writing_a_state(tmp_path, line):
    # Guards the guard: each line, in a module that is no state's home, is reported.
    (tmp_path / "bookings").mkdir()
    (tmp_path / "bookings" / "views.py").write_text(line + "\n")
    assert len(writes_outside_their_home(tmp_path, ["bookings"])) == 1


def test_the_rule_lets_the_home_write_and_others_read(tmp_path):
    (tmp_path / "aftercare").mkdir()
    (tmp_path / "aftercare" / "states.py").write_text(
        "Reminder.objects.filter(pk=1).update(status='queued')\n"
    )
    (tmp_path / "aftercare" / "views.py").write_text(
        "Reminder.objects.filter(status='pending').update(due_at=now)\n"
        "render(request, 'page.html', status=400)\n"
        "Message.objects.create(status='pending')\n"
        "x = reminder.status\n"
    )
    assert writes_outside_their_home(tmp_path, ["aftercare"]) == []
