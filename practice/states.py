"""A status model's table of allowed moves, and the guarded UPDATE every move is made with.

Each status model has one module that writes its status (tests/rules/test_one_home_per_state.py
names them); that module keeps a StateTable and moves rows with `rows_move`, so:

- a move the table does not allow raises before anything is written;
- a move is `UPDATE ... WHERE status IN (<states it may come from>)`: two sweeps, or a sweep
  and a person, can never both move one row, and the caller learns how many rows it moved;
- a bulk move (a sweep, a booking's cancellation) is the same one statement for many rows.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import QuerySet


class MoveNotAllowed(ValueError):
    """A move that the model's table does not allow: a bug in the caller, never user input."""


@dataclass(frozen=True)
class StateTable:
    name: str
    moves: Mapping[str, frozenset[str]]
    field: str = "status"

    def allows(self, from_state: str, to_state: str) -> bool:
        return to_state in self.moves.get(from_state, ())

    def check(self, from_states: Iterable[str], to_state: str) -> list[str]:
        """The states of `from_states` in a list, once each, after checking that every one may
        move to `to_state` (staying in one's state is allowed: a write of other fields)."""
        sources = list(dict.fromkeys(from_states))
        for state in sources:
            if state != to_state and not self.allows(state, to_state):
                raise MoveNotAllowed(f"A {self.name} cannot go from {state} to {to_state}")
        return sources

    def sources(self, to_state: str) -> list[str]:
        """Every state a row may come from to reach `to_state`."""
        return [state for state, targets in self.moves.items() if to_state in targets]


def rows_move(
    table: StateTable,
    rows: QuerySet,
    *,
    to: str,
    from_states: Iterable[str] | None = None,
    **fields,
) -> int:
    """Move the rows of `rows` that are in one of `from_states` (default: every state the
    table lets reach `to`) to `to`, writing `fields` with it; how many moved."""
    sources = table.check(table.sources(to) if from_states is None else from_states, to)
    if not sources:
        return 0
    # One source is an equality, which a partial index on that status is sure to serve.
    where = {table.field: sources[0]} if len(sources) == 1 else {f"{table.field}__in": sources}
    return rows.filter(**where).update(**{table.field: to}, **fields)
