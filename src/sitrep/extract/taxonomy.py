"""ACLED's event taxonomy and the rule-based classifier over cue groups.

Cues are regular expressions from ``sitrep/data/event_lexicon.json``, grouped by label (``battle``,
``shelling``, ``protest``...). :func:`find_cues` lists the cues in a sentence; :func:`classify`
turns the labels of one event (plus who acted, who was hit, and which country) into an ACLED
event type and sub-event type with a reason, applying ACLED's precedence conventions:
a battle with shelling stays a battle, an interception is "Disrupted weapons use", a capture
is a change of territory coded by who took it, a protest met with force is coded by the force.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from sitrep.extract.prefilter import CueIndex

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}
SUB_TO_TYPE: dict[str, str] = {sub: et for et, subs in EVENT_TYPES.items() for sub in subs}


def spelled_as_acled(name: str, sub: bool = False) -> str | None:
    """``name`` as ACLED spells the event type (or, with ``sub``, sub-event type), in any case;
    None when it is not one. For filters, where a misspelt type would silently match nothing."""
    wanted = name.strip().casefold()
    return next(
        (known for known in (SUB_TO_TYPE if sub else EVENT_TYPES) if known.casefold() == wanted), None
    )


# labels that can make an event on their own (the others only modify one)
TRIGGER_LABELS = frozenset(
    {
        "protest", "riot", "mob", "sexual", "chemical", "suicide", "interception", "territory_capture",
        "withdrawal", "battle", "battle_weak", "air", "ied", "grenade", "shelling", "shelling_weak",
        "abduction", "kill", "arrest", "looting", "base", "agreement", "change_group", "other_sd", "protest_weak",
    }
)  # fmt: skip
STRIKE_LABELS = frozenset({"air", "ied", "grenade", "shelling", "shelling_weak", "chemical", "suicide"})
ARMED_WHO = re.compile(
    r"soldier|servicem|troop|militant|fighter|insurgent|rebel|police|officer|guard|commander|taliban|suspect|gang|"
    r"trafficker|cadre|bomber|militia|arbaki|commando|nds|"
    r"militiam|gunm|attacker|assailant|personnel|combatant",
    re.I,
)


@dataclass(frozen=True)
class Cue:
    label: str
    start: int  # character offsets in the sentence text
    end: int
    text: str


@dataclass(frozen=True)
class Lexicon:
    cues: dict[str, re.Pattern[str]]
    negation_heads: frozenset[str]
    modal_heads: frozenset[str]
    modal_aux: frozenset[str]
    background: re.Pattern[str]
    index: CueIndex  # which of the cue patterns could match a sentence


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Compiled cue patterns, built once per process."""
    raw = json.loads(
        resources.files("sitrep.data").joinpath("event_lexicon.json").read_text(encoding="utf-8")
    )
    cues = {
        label: re.compile("|".join(f"(?:{p})" for p in pats), re.I) for label, pats in raw["cues"].items()
    }
    return Lexicon(
        cues=cues,
        negation_heads=frozenset(raw["negation_heads"]),
        modal_heads=frozenset(raw["modal_heads"]),
        modal_aux=frozenset(raw["modal_aux"]),
        background=re.compile("|".join(f"(?:{p})" for p in raw["background_cues"]), re.I),
        index=CueIndex(raw["cues"], re.I),
    )


def find_cues(text: str) -> list[Cue]:
    """Every cue in a sentence, in text order."""
    out: list[Cue] = []
    # each label's alternation less the patterns that cannot match here: the same matches
    for label, pat in lexicon().index.alternations(text):
        for m in pat.finditer(text):
            if m.end() > m.start():
                out.append(Cue(label, m.start(), m.end(), m.group(0)))
    out = [
        c
        for c in out
        if not (c.label == "suicide" and _KILLED_BOMBER.search(text[max(0, c.start - 40) : c.start]))
        and not (
            c.label == "kill"
            and _BARE_ATTACK.match(c.text)
            and _ANAPHOR.search(text[max(0, c.start - 40) : c.start])
        )
        and not (c.label == "shelling_weak" and _BARE_STRIKE.match(c.text) and _WALKOUT.search(text))
    ]
    for i, c in enumerate(out):
        if c.label == "territory_capture" and _ATTEMPT.search(text[max(0, c.start - 40) : c.start]):
            out[i] = Cue(
                "battle", c.start, c.end, c.text
            )  # "attempted to capture": fighting, not a change of control
    out.sort(key=lambda c: (c.start, c.label))
    return out


# "the attack", "such attacks", "its next attack": a reference to an event told elsewhere (or to
# one not yet made), not a report of a new one; a bare "attack" noun is the only cue that reads so
_BARE_ATTACK = re.compile(r"attacks?$", re.I)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that|these|those|such|its|their|his|her|our|next|previous|latest|further|new|"
    r"same|another|more|future)\s+(?:\w+\s+){0,1}$",
    re.I,
)
# "refuse collectors continue a strike", "a general strike", "teachers went on strike": a walkout.
# A bare "strike" is a weapon's only where the sentence says nothing of work and pay (a strike
# that names a weapon or a target is matched by the stronger cues anyway)
_BARE_STRIKE = re.compile(r"strikes?$", re.I)
_WALKOUT = re.compile(
    r"\b(?:(?:general|hunger|labou?r|rail|transport|national|teachers'?|workers'?|doctors'?|nurses'?)\s+strikes?"
    r"|on strike|striking (?:workers|staff|teachers|nurses|doctors|miners|dockers)|trade unions?|unions"
    r"|(?:their|workers'?) union|(?:over|for) (?:pay|wages|pensions?)"
    r"|walkouts?|picket\w*|(?:refuse|rubbish|garbage) collect\w*|pension\w*|wages?|pay (?:rise|increase|dispute)"
    r"|strikers)\b",
    re.I,
)
_KILLED_BOMBER = re.compile(
    r"\b(?:killed|arrested|captured|shot|detained|neutrali[sz]ed)\s+(?:\w+\s+){0,3}$", re.I
)
_ATTEMPT = re.compile(
    r"\b(?:attempt\w*|tr(?:y|ied|ying)|fail\w*|aim\w*|seek\w*|sought|bid|push\w*|order\w*|plan\w*)"
    r"(?: to| at)? (?:\w+ ){0,3}$",
    re.I,
)


@dataclass
class Context:
    """What the classifier may know besides the cue labels."""

    text: str = ""  # the event's sentence(s)
    actor1_inter: int | None = None
    actor1_country: str | None = None
    actor2_inter: int | None = None
    country: str | None = None  # where the event happened
    victims_armed: bool | None = None  # True: soldiers/police/militants hit; False: civilians
    killed: int = 0
    hurt: int = 0  # killed + injured


@dataclass(frozen=True)
class Decision:
    event_type: str
    sub_event_type: str
    reason: str
    strength: float  # 0..1, how decisive the cue was
    labels: tuple[str, ...]


def _d(sub: str, reason: str, strength: float, labels: set[str]) -> Decision:
    return Decision(SUB_TO_TYPE[sub], sub, reason, strength, tuple(sorted(labels)))


_AIRCRAFT = re.compile(
    r"\b(?:aircraft|airplanes?|planes?|jets?|helicopters?|su-\d+|mig-\d+|ka-\d+|mi-\d+|il-\d+|tu-\d+|an-\d+|bombers?)\b",
    re.I,
)
_PROJECTILE = re.compile(
    r"\b(?:drones?|uavs?|missiles?|rockets?|shaheds?|projectiles?|bombs?|cruise|explosives?|ieds?|mines?)\b",
    re.I,
)
_ARRESTED_FOR_PROTEST = re.compile(
    r"\b(?:for|accused of|over|after|because of)\s+(?:having\s+)?(?:taken part|took part|participat\w*|participation|"
    r"organi[sz]ing|holding|staging|joining|attending)\s+(?:in\s+)?(?:\w+\s+){0,3}(?:protests?|demonstrations?|rall(?:y|ies)|marches)",
    re.I,
)
_KILLING = re.compile(
    r"\b(?:killed|dead|bod(?:y|ies)|murder\w*|shot|stabbed|beheaded|executed|opened fire|fired at)\b", re.I
)


def _arrest_first(text: str) -> bool:
    """The arrest is told before any protest: people arrested for a protest, not a protest with arrests."""
    lx = lexicon()
    a = lx.cues["arrest"].search(text)
    p = lx.cues["protest"].search(text)
    return bool(a and (p is None or a.start() < p.start()))


_CROWD = re.compile(
    r"\b(?:residents|villagers|locals|nationals|youths?|crowds?|mob|supporters|workers|students|farmers|palestinians|"
    r"citizens|accomplices|relatives|groups|neighbou?rs|"
    r"inmates|prisoners|fans|traders|merchants|a group of (?:people|men|youths|residents|villagers))\b",
    re.I,
)
_FIREARMS = re.compile(
    r"\b(?:shot|shoot\w*|gun\w*|fired|firing|rifles?|pistols?|weapons?|armed|militants?|insurgents?|rebels?|gunmen|"
    r"bombs?|grenades?|artillery|mortars?|shelling|rockets?|missiles?)\b",
    re.I,
)
_ARMED_OBJECT = re.compile(
    r"\b(?:abduct\w*|kidnap\w*)\s+(?:a |an |the |two |three |\d+ )?(?:\w+ ){0,2}(?:police|policem[ae]n|officers?|soldiers?|"
    r"servicem[ae]n|troops|militants?|fighters?|members of)",
    re.I,
)
_DRUGS = re.compile(
    r"\b(?:drugs?|marijuana|marihuana|cocaine|poppy|opium|heroin|meth\w*|narcotics?|cannabis)\b", re.I
)
_ARMED_VICTIM = re.compile(
    r"\b(?:attack\w*|assassinat\w*|kill\w*|shot|shoot\w*|opened fire on|ambush\w*|injur\w*|wound\w*|targeted|executed)\b"
    r"[^.]{0,50}?\b(?:police|policem[ae]n|officers?|agents?|soldiers?|troops|servicem[ae]n|militants?|fighters?|"
    r"gendarm\w*|military|army|convoy|patrol|checkpoint|check point|"
    r"base|commanders?|rebels|guards?|militia\w*|insurgents?|combatants?)\b"
    r"|\b(?:police|policem[ae]n|officers?|soldiers?|militants?|fighters?|gendarmes?|guards?|commanders?|agents?)"
    r"\b[^.]{0,30}\b(?:was|were)\s+(?:\w+\s+)?(?:killed|shot|injured|wounded|attacked|assassinated|found dead)"
    r"|\b(?:drug (?:dealer|trafficker)s?|gang members?|had charges|charges against|criminal record|drug trafficking)\b",
    re.I,
)
_TWO_SIDED = re.compile(
    r"\b(?:clash\w*|fight\w*|fought|battles?|repel\w*|repuls\w*|firefights?|exchang\w*|shoot-?outs?|returned fire|"
    r"shot back|fired back|both directions)\b",
    re.I,
)
_GROUND = re.compile(r"\bground (?:and air )?(?:forces|troops|units)\b|\bground and air\b", re.I)
_REGAIN = re.compile(r"\b(?:regain|regained|recaptur|retook|retaken|liberat|restored)", re.I)


def _state_of_country(ctx: Context) -> bool | None:
    if ctx.actor1_inter is None:
        return None
    if ctx.actor1_inter == 1 and (ctx.country is None or ctx.actor1_country in (None, ctx.country)):
        return True
    return False


def classify(labels: set[str], ctx: Context) -> Decision | None:
    """ACLED event type and sub-type for one event's cue labels, or None when no label is a trigger."""
    L = labels
    if not L & TRIGGER_LABELS:
        return None
    if "sexual" in L:
        return _d("Sexual violence", "rape or sexual violence reported", 0.9, L)
    if (
        "protest" in L
        and "arrest" in L
        and _ARRESTED_FOR_PROTEST.search(ctx.text)
        and _arrest_first(ctx.text)
    ):
        return _d("Arrests", "people arrested for taking part in a protest (not during one)", 0.6, L)
    if "protest" in L or ("riot" in L and re.search(r"\brioters?\b|\briot(?:s|ed)\b", ctx.text, re.I)):
        return _crowd(L, ctx)
    if (L & {"mob", "riot"}) and "protest_weak" in L:
        return _crowd(L, ctx)
    if ("mob" in L or "riot" in L) and not (_FIREARMS.search(ctx.text) and not _CROWD.search(ctx.text)):
        return _d(
            "Mob violence",
            "violence by a crowd or mob (lynching, stones, arson) outside a demonstration",
            0.7,
            L,
        )
    if "chemical" in L:
        return _d("Chemical weapon", "chemical agent named", 0.9, L)
    if "suicide" in L:
        return _d("Suicide bomb", "suicide attack or bomber", 0.9, L)
    strong_violence = L & {"battle", "air", "ied", "shelling", "territory_capture", "kill", "grenade"}
    if "interception" in L and not (_AIRCRAFT.search(ctx.text) or _PROJECTILE.search(ctx.text)):
        L = L - {"interception"}  # "intercepted a car": not a weapon
    if "interception" in L and not (L & {"battle", "territory_capture"}):
        if _AIRCRAFT.search(ctx.text) and not _PROJECTILE.search(ctx.text):
            return _d(
                "Shelling/artillery/missile attack",
                "manned aircraft shot down: air-defence fire is coded as a missile attack, not an interception",
                0.6,
                L,
            )
        return _d(
            "Disrupted weapons use", "projectile or explosive intercepted, shot down or defused", 0.85, L
        )
    if "territory_capture" in L:
        if "withdrawal" in L and not (L & {"battle", "battle_weak"}):
            return _d(
                "Non-violent transfer of territory",
                "control changed after a withdrawal, without fighting",
                0.75,
                L,
            )
        state = _state_of_country(ctx)
        if state is True or (state is None and _REGAIN.search(ctx.text)):
            return _d("Government regains territory", "the state's forces took back control", 0.75, L)
        return _d("Non-state actor overtakes territory", "a force other than the state took control", 0.7, L)
    if "withdrawal" in L and not strong_violence:
        return _d("Non-violent transfer of territory", "forces withdrew; no fighting reported", 0.6, L)
    if "battle" in L:
        if ctx.victims_armed is False and "kill" in L and not _TWO_SIDED.search(ctx.text):
            return _d("Attack", "one-sided violence against civilians (no exchange of fire)", 0.6, L)
        if _CROWD.search(ctx.text) and not _FIREARMS.search(ctx.text) and ctx.actor1_inter not in (2, 3, 8):
            return _d(
                "Mob violence",
                "a crowd (residents, villagers, supporters) clashed, no weapons named",
                0.55,
                L,
            )
        return _d("Armed clash", "fighting between armed groups (clash, assault, repelled attack)", 0.85, L)
    if "air" in L:
        if L & {"battle_weak", "kill"} and _GROUND.search(ctx.text):
            return _d("Armed clash", "ground and air assault on positions: a battle", 0.6, L)
        return _d("Air/drone strike", "air or drone strike", 0.85, L)
    if "ied" in L:
        return _d("Remote explosive/landmine/IED", "mine, IED or planted explosive", 0.85, L)
    if "grenade" in L:
        return _d("Grenade", "hand grenade thrown", 0.8, L)
    if "shelling" in L:
        return _d("Shelling/artillery/missile attack", "shelling, artillery, rocket or missile fire", 0.85, L)
    if "abduction" in L:
        armed_victim = bool(
            ctx.victims_armed
            or _ARMED_OBJECT.search(ctx.text)
            or (ctx.victims_armed is None and _ARMED_VICTIM.search(ctx.text))
        )
        if ("kill" in L and ctx.killed > 0) or re.search(
            r"\b(?:found dead|bod(?:y|ies)|executed|killed|beheaded|murdered)\b", ctx.text, re.I
        ):
            if armed_victim:
                return _d("Armed clash", "armed personnel abducted and killed", 0.55, L)
            return _d("Attack", "abducted and killed: coded as an attack on civilians", 0.6, L)
        if _ARMED_OBJECT.search(ctx.text):
            return _d("Armed clash", "armed personnel (police, soldiers) abducted", 0.5, L)
        return _d("Abduction/forced disappearance", "people abducted, kidnapped or taken away", 0.8, L)
    if "looting" in L and _DRUGS.search(ctx.text):
        return _d("Looting/property destruction", "drugs or a drug facility seized or destroyed", 0.6, L)
    if "arrest" in L and "protest_weak" in L and "kill" not in L:
        return _crowd(L, ctx)
    if "arrest" in L and "kill" not in L:
        if ctx.actor1_inter in (2, 3, 4):
            return _d("Abduction/forced disappearance", "detention by a non-state armed group", 0.6, L)
        return _d("Arrests", "arrests or detentions by the authorities", 0.7, L)
    if "looting" in L and ctx.killed == 0 and ctx.hurt == 0 and not _KILLING.search(ctx.text):
        return _d(
            "Looting/property destruction", "property looted, seized or destroyed; no one hurt", 0.65, L
        )
    if "kill" in L or ("battle_weak" in L and ctx.victims_armed is not False):
        armed = ctx.victims_armed is True or (
            ctx.victims_armed is None and bool(_ARMED_VICTIM.search(ctx.text))
        )
        if "kill" not in L:
            return _d("Armed clash", "armed engagement (attack on positions, offensive, small arms)", 0.6, L)
        if armed and "shelling_weak" not in L:
            return _d(
                "Armed clash",
                "violence against armed personnel (soldiers, police, militants, gang members)",
                0.6,
                L,
            )
        if "shelling_weak" in L and "battle_weak" in L:
            return _d("Armed clash", "attack on armed forces with equipment destroyed", 0.55, L)
        if "shelling_weak" in L:
            return _d(
                "Shelling/artillery/missile attack",
                "strike, explosion or destruction by fire, with casualties",
                0.55,
                L,
            )
        if ctx.victims_armed:
            return _d("Armed clash", "violence against armed personnel (soldiers, police, militants)", 0.6, L)
        return _d("Attack", "violence against civilians (killed, shot, beaten, abducted)", 0.65, L)
    if "shelling_weak" in L:
        return _d(
            "Shelling/artillery/missile attack", "strike or explosions reported (weapon unnamed)", 0.5, L
        )
    if "battle_weak" in L:
        return _d("Armed clash", "armed engagement", 0.5, L)
    if "protest_weak" in L:
        return _crowd(L, ctx)
    if "looting" in L:
        return _d("Looting/property destruction", "looting, seizure or destruction of property", 0.7, L)
    if "arrest" in L:
        return _d("Arrests", "arrests or detentions", 0.6, L)
    if "base" in L:
        return _d("Headquarters or base established", "a base or headquarters set up", 0.7, L)
    if "agreement" in L:
        return _d("Agreement", "agreement, truce or prisoner exchange", 0.65, L)
    if "interception" in L:
        return _d("Disrupted weapons use", "weapons intercepted or seized", 0.6, L)
    if "change_group" in L:
        return _d(
            "Change to group/activity", "movement, deployment or new activity of an armed group", 0.5, L
        )
    if "other_sd" in L:
        return _d("Other", "other significant development (evacuation, power loss, release)", 0.5, L)
    if "riot" in L:
        return _d("Violent demonstration", "violent crowd action", 0.5, L)
    return None


def _crowd(L: set[str], ctx: Context) -> Decision:
    """Protests and riots: violence by the crowd, force against it, intervention, or none."""
    if "abduction" in L:
        return _d("Abduction/forced disappearance", "people abducted (during a demonstration)", 0.7, L)
    if "riot" in L or "mob" in L or ("looting" in L and "protest" in L):
        return _d(
            "Violent demonstration",
            "demonstrators used violence (stones, arson, vandalism, clashes)",
            0.75,
            L,
        )
    if "protest_excessive" in L:
        return _d("Excessive force against protesters", "protest met with lethal force or live fire", 0.8, L)
    if "protest_intervention" in L:
        return _d(
            "Protest with intervention", "protest dispersed, or participants arrested or tear-gassed", 0.75, L
        )
    strength = 0.8 if "protest" in L else 0.5
    return _d("Peaceful protest", "demonstration with no violence or intervention reported", strength, L)


def same_family(a: str, b: str) -> bool:
    """Sub-event types that one article may report in several sentences of one event."""
    strikes = {"Shelling/artillery/missile attack", "Air/drone strike"}
    crowd = set(EVENT_TYPES["Protests"]) | set(EVENT_TYPES["Riots"])
    return a == b or (a in strikes and b in strikes) or (a in crowd and b in crowd)
