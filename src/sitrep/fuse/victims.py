"""Who a report's dead or wounded were: civilians or armed men, and on which side.

Two reports of one day whose victims differ are two events: "three civilians killed" and "three
soldiers killed"; "Ukrainian soldier killed" and "DPR militiaman killed" (one side's losses and
the other's). The side is read from the casualty phrase only when it names it (a demonym or a
country's name with a force noun, a named group, or a rebel noun such as "militiaman"); "two
soldiers killed" names no side.
"""

from __future__ import annotations

import re

from sitrep.extract.actors import named_sides
from sitrep.extract.taxonomy import ARMED_WHO
from sitrep.model import Event

# Victims that are civilians by any reading ("people", "men" or "volunteers" may be fighters).
CIVILIAN_WHO = re.compile(
    r"civilian|resident|villager|child|kid|\bboys?\b|\bgirls?\b|wom[ae]n|farmer|student|journalist|reporter|"
    r"teacher|doctor|nurse|pensioner|elderly|infant|bab(?:y|ies)|famil|passenger|worker|employee",
    re.I,
)
# Armed men of a non-state side whatever their group ("militiaman", "rebels", "separatists").
REBEL_WHO = re.compile(r"militiam|militia|rebel|separatist|insurgent|militant", re.I)
# A demonym with a singular armed noun ("Ukrainian soldier", "Russia serviceman").
_SINGULAR = r"soldier|serviceman|servicewoman|officer|fighter|trooper|marine|paratrooper|sniper|border guard"
NON_STATE = "non-state armed group"


def _plural(m: re.Match[str]) -> str:
    word = m.group(1)
    return word[:-3] + "men" if word.lower().endswith("man") else word + "s"


def victim_class(event: Event) -> str:
    """Who the report says was killed or hurt: only civilians, only armed men, or "" (both, or unsaid)."""
    whos = [c.who for c in event.casualties if not c.aggregate and c.who]
    armed = any(ARMED_WHO.search(w) for w in whos)
    civilian = any(CIVILIAN_WHO.search(w) and not ARMED_WHO.search(w) for w in whos)
    if armed != civilian:
        return "armed" if armed else "civilian"
    return ""


def _side(name: str, inter: int | None, country: str | None) -> str:
    if inter in (2, 3, 4) or name.startswith("Pro-"):
        return NON_STATE
    return f"forces of {country}" if country else name


def victim_sides(event: Event, register_victims: str | None = None) -> frozenset[str]:
    """The sides whose armed men the report says were killed or hurt ("forces of Ukraine", a
    non-state armed group); empty when it does not say. A register entry's side is the register's."""
    if register_victims:
        return frozenset({_side(register_victims, 1, register_victims.removeprefix("Military Forces of "))})
    if victim_class(event) != "armed":
        return frozenset()
    out: set[str] = set()
    for c in event.casualties:
        if c.aggregate or c.span is None:
            continue
        text = c.span.text
        for actor in named_sides(text) + named_sides(
            re.sub(rf"\b({_SINGULAR})\b", _plural, text, flags=re.I)
        ):
            out.add(_side(actor.name, actor.inter, actor.country))
        if c.who and REBEL_WHO.search(c.who):
            out.add(NON_STATE)
    return frozenset(out)
