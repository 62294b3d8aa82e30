"""The workflow engine: one ``transitions`` machine per workflow version, built once.

The engine decides *whether* a trigger may fire and *where* it leads; the case service does the
I/O inside its transaction. Models are attached to a machine only for the duration of one call,
under a lock, so nothing piles up in ``machine.models`` and threads do not interleave.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from transitions import EventData, Machine, MachineError

from mediasi.i18n import Translatable, _
from mediasi.workflow.errors import GuardFailed, RoleNotAllowed, UnknownTrigger
from mediasi.workflow.fields import clean_payload
from mediasi.workflow.guards import GUARDS, CaseFacts, GuardRegistry
from mediasi.workflow.loader import WorkflowRegistry
from mediasi.workflow.spec import TransitionSpec, WorkflowSpec

WorkflowKey = tuple[str, int]

# ``transitions`` logs every state entry and exit at INFO; the event log is the record here.
logging.getLogger("transitions").setLevel(logging.WARNING)


@dataclass(frozen=True)
class TriggerOption:
    """A step this role could take from the current state; ``blocked`` lists unmet conditions."""

    transition: TransitionSpec
    blocked: tuple[Translatable, ...]

    @property
    def available(self) -> bool:
        return not self.blocked


@dataclass(frozen=True)
class Fired:
    """The outcome of a transition that passed every check."""

    transition: TransitionSpec
    source: str
    dest: str
    payload: dict[str, Any]


class _Token:
    """The stand-in model a machine moves: just a state, the facts and the actor's role.

    ``transitions`` adds ``trigger`` and ``may_trigger`` to it while it is attached."""

    trigger: Callable[..., bool]
    may_trigger: Callable[..., bool]

    def __init__(self, facts: CaseFacts, role: str) -> None:
        self.facts = facts
        self.role = role
        self.state = ""


def _token(event: EventData) -> _Token:
    return cast(_Token, event.model)


class WorkflowEngine:
    def __init__(self, registry: WorkflowRegistry, guards: GuardRegistry = GUARDS) -> None:
        self.registry = registry
        self.guards = guards
        self._lock = threading.Lock()
        self._machines: dict[WorkflowKey, Machine] = {
            spec.key: self._build(spec) for spec in registry.all()
        }

    def add(self, spec: WorkflowSpec, source: str | None = None) -> None:
        """A version published while the application runs: its machine first, then the
        registry, so whoever finds it in the registry finds its machine too."""
        with self._lock:
            if spec.key in self._machines:
                return
            self._machines = {**self._machines, spec.key: self._build(spec)}
            self.registry.add(spec, source)

    def _condition(self, name: str) -> Callable[[EventData], bool]:
        check = self.guards[name].check
        return lambda event: bool(check(_token(event).facts))

    def _build(self, spec: WorkflowSpec) -> Machine:
        transitions = []
        for t in spec.transitions:
            roles = frozenset(t.roles)
            conditions: list[Callable[[EventData], bool]] = [
                lambda event, roles=roles: _token(event).role in roles  # type: ignore[misc]
            ]
            conditions += [self._condition(g) for g in t.guards]
            transitions.append(
                {"trigger": t.trigger, "source": t.source, "dest": t.dest, "conditions": conditions}
            )
        return Machine(
            model=None,
            states=list(spec.states),
            transitions=transitions,
            initial=spec.initial,
            auto_transitions=False,
            send_event=True,
            ignore_invalid_triggers=False,
            model_attribute="state",
        )

    def spec(self, key: WorkflowKey) -> WorkflowSpec:
        return self.registry.get(*key)

    def _machine(self, key: WorkflowKey) -> Machine:
        """The machine of ``key``, asking the registry first: a version this process has not
        seen yet is fetched (and its machine built) by the registry's miss hook."""
        self.registry.get(*key)
        return self._machines[key]

    def _with_token(
        self,
        key: WorkflowKey,
        state: str,
        facts: CaseFacts,
        role: str,
        act: Callable[[_Token], Any],
    ) -> Any:
        machine = self._machine(key)
        token = _Token(facts, role)
        with self._lock:
            machine.add_model(token, initial=state)
            try:
                return act(token)
            finally:
                machine.remove_model(token)

    def allowed_triggers(
        self, key: WorkflowKey, state: str, role: str, facts: CaseFacts
    ) -> list[str]:
        """Triggers the machine would fire now for this role and these facts."""
        machine = self._machine(key)
        found: list[str] = self._with_token(
            key,
            state,
            facts,
            role,
            lambda token: [str(t) for t in machine.get_triggers(state) if token.may_trigger(t)],
        )
        return found

    def options(
        self, key: WorkflowKey, state: str, role: str, facts: CaseFacts
    ) -> list[TriggerOption]:
        """Every step the role may take from ``state``, with the reasons any is blocked."""
        spec = self.spec(key)
        return [
            TriggerOption(t, tuple(reason for _g, reason in self._failures(t, facts)))
            for t in spec.transitions_from(state)
            if role in t.roles
        ]

    def _failures(
        self, transition: TransitionSpec, facts: CaseFacts
    ) -> list[tuple[str, Translatable]]:
        """Each named guard of ``transition`` that does not hold, with its reason."""
        return [
            (g, self.guards[g].reason(facts))
            for g in transition.guards
            if not self.guards[g].check(facts)
        ]

    def fire(
        self,
        key: WorkflowKey,
        state: str,
        trigger: str,
        role: str,
        facts: CaseFacts,
        payload: dict[str, Any],
    ) -> Fired:
        """Role, then fields, then guards (raising the first kind of refusal with every
        reason); then move through the machine, whose answer is the one that counts."""
        transition = self.spec(key).transition(trigger, state)
        if transition is None:
            raise UnknownTrigger(trigger, state)
        if role not in transition.roles:
            raise RoleNotAllowed(trigger, role)
        cleaned = clean_payload(transition, payload)
        failures = self._failures(transition, facts)
        if failures:
            raise GuardFailed(failures)

        def run(token: _Token) -> str:
            try:
                moved = token.trigger(trigger)
            except MachineError as exc:
                raise UnknownTrigger(trigger, state) from exc
            if not moved:
                raise GuardFailed(
                    [
                        (
                            "machine",
                            _("Syarat langkah tidak terpenuhi."),
                        )
                    ]
                )
            return str(token.state)

        dest = self._with_token(key, state, facts, role, run)
        return Fired(transition, state, dest, cleaned)
