"""Attribution relations (source, cue, content, stance) read off the pipeline's spaCy parse.

Rules over the dependency tree, driven by ``data/cues.json``:

* a cue verb (said, denied, confirmed, vowed ...) with a clausal complement (``ccomp``),
  an infinitive (``xcomp``: "vowed to resist"), an object for verbs that take their content
  as object ("denied targeting civilians", "described the strikes as appalling"), a
  paratactic host clause ("The strike killed five, officials said") or a following quote
  ("said: \u201c...\u201d");
* "according to X" (X is the source, the rest of the clause the content);
* the source is the cue's subject, or the subject inherited from the verb it hangs off
  ("commented, stating ...", "said ... and added that ..."), or the noun an ``acl`` cue
  modifies ("a statement saying that ...").

Content that runs into a quotation is widened to the whole quotation (multi-sentence quotes),
and a content span that is mostly quoted is marked ``direct``. No second parse is run.
"""

from __future__ import annotations

from typing import Any

from sitrep.extract.attribution_lexicon import (
    PUNCT_STRIP,
    Attribution,
    CueLexicon,
    content_stance,
    load_cues,
)
from sitrep.extract.attribution_spans import next_quote, prev_quote, same_paragraph, widen_to_quotes
from sitrep.extract.quotes import QuotePiece
from sitrep.nlp import doc_text

__all__ = [
    "PUNCT_STRIP",
    "Attribution",
    "CueLexicon",
    "content_stance",
    "doc_text",
    "find_attributions",
    "load_cues",
]

# --------------------------------------------------------------------------- token helpers


def _span_of(tokens: list[Any]) -> tuple[int, int] | None:
    """Character span from the first to the last token, trimmed of edge punctuation."""
    toks = [t for t in tokens if not t.is_space]
    while toks and (toks[0].is_punct or toks[0].is_space):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].is_space):
        toks = toks[:-1]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _subtree(tok: Any, exclude: tuple[Any, ...] = ()) -> list[Any]:
    """Contiguous tokens of ``tok``'s subtree, minus excluded subtrees at either edge."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i
    for ex in exclude:
        if ex.left_edge.i <= lo <= ex.right_edge.i:
            lo = ex.right_edge.i + 1
        if ex.left_edge.i <= hi <= ex.right_edge.i:
            hi = ex.left_edge.i - 1
    if hi < lo:
        return []
    return [doc[i] for i in range(lo, hi + 1)]


def _subject(verb: Any) -> tuple[Any | None, str]:
    """The cue's source token and how it was found."""
    cue = verb
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if subjects and nxt is not None and nxt.tag_ == "VBN" and nxt.dep_ in ("oprd", "xcomp", "ccomp", "acomp"):
        # "Five troops reported killed": the subject is what was reported, not who reported it
        return None, "passive without agent (reported + participle)"
    if len(subjects) > 1:
        # "12:15 p.m.\n\nDonald Trump says ...": a timestamp or headline parsed as a second
        # subject; the one on the cue's own line, nearest the cue, is the speaker
        text = doc_text(verb.doc)
        same_line = [c for c in subjects if "\n" not in text[c.idx : verb.idx]]
        subjects = sorted(same_line or subjects, key=lambda c: abs(verb.i - c.i))
    if subjects:
        return subjects[0], "subject"
    for child in verb.children:
        if child.dep_ == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj, "passive agent"
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None, "passive without agent"
    head = verb.head
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
        lex = load_cues()
        if head.ent_type_ in ("PERSON", "ORG") or (
            head.lower_ in lex.role_nouns and head.lower_ not in lex.document_nouns
        ):
            return head, "noun the cue modifies"
        # "tweets criticizing X", "a policy urging Y": a thing the participle describes, not a speaker
        return None, "noun the cue modifies is not a speaker"
    hops = 0
    while verb.dep_ in ("advcl", "xcomp", "conj", "pcomp", "prep") and head.i != verb.i and hops < 3:
        for child in head.children:
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and head.lemma_.lower() == "quote"):
                return child, f"subject inherited from '{head.text}'"
        verb, head = head, head.head
        hops += 1
    for child in cue.children:
        # inverted order: '"...," said Mr. Bush' parsed with the speaker as an object
        if (
            child.i > cue.i
            and child.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dative")
            and (child.pos_ == "PROPN" or child.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"))
        ):
            return child, "speaker after the cue"
    if cue.tag_ in ("VBD", "VBZ") and cue.i > 0 and cue.dep_ == "ROOT":
        # "In a meeting with the board of the Post Trump said that ...": the subject parsed
        # as the object of a preposition right before the cue
        prev = cue.doc[cue.i - 1]
        if prev.dep_ == "pobj" and (prev.ent_type_ == "PERSON" or prev.pos_ in ("PRON", "PROPN")):
            return prev, "word before the cue (subject parsed as an object)"
    if cue.tag_ == "VBG" and cue.dep_ in ("advcl", "xcomp", "conj", "ccomp", "parataxis"):
        root = cue.sent.root
        for child in root.children:
            if child.dep_ == "nsubj" and child.i < cue.i:
                return child, f"subject of the main clause '{root.text}'"
    return None, "no subject"


# --------------------------------------------------------------------------- cue rules


def _content_for_verb(verb: Any, lex: CueLexicon, quotes: list[QuotePiece]) -> tuple[list[Any], str, float]:
    """(content tokens, how, factor) for a cue verb; empty tokens when it has none."""
    lemma = verb.lemma_.lower()
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    if any(c.i < verb.i for c in clauses) and any(c.i > verb.i for c in clauses):
        # "He will use it, Kall said: '...'": the clause before is narration, the content follows
        clauses = [c for c in clauses if c.i > verb.i]
    if clauses:
        toks: list[Any] = []
        for c in clauses:
            toks.extend(_subtree(c))
            # "claims Bakhmut is significant": the clause's subject parsed as the cue's object
            for d in verb.children:
                if (
                    d.dep_ in ("dobj", "advmod", "attr", "nsubj")
                    and not (d.dep_ == "dobj" and lemma in lex.addressee)  # "told reporters the ..."
                    and d.pos_ in ("PROPN", "NOUN", "PRON")
                    and verb.i < d.i
                    and d.right_edge.i + 1 == c.left_edge.i
                ):
                    if not any(m.dep_ == "mark" for m in c.children):
                        toks.extend(_subtree(d))
        return sorted(set(toks), key=lambda t: t.i), "clausal complement", 1.0
    if lemma in lex.content_xcomp:
        for c in verb.children:
            if c.dep_ == "xcomp":
                return _subtree(c), "infinitive complement", 0.85
    preps = lex.content_preps.get(lemma)
    if preps:
        # the preposition on the cue, or on its object ("accused the campaign of lying")
        objects = [o for o in verb.children if o.dep_ == "dobj" and o.i > verb.i]
        for c in [*verb.children, *(x for o in objects for x in o.children)]:
            if c.dep_ in ("prep", "prt") and c.lower_ in preps and c.i > verb.i:
                objs = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
                if objs:
                    # "spoke about the economy", "warned against a deal", "was accused of lying"
                    return _subtree(objs[0]), f"object of '{verb.text} {c.text}'", 0.75
    if (
        lemma in lex.content_objects
        and verb.dep_ == "relcl"
        and lex.verbs.get(lemma, ("asserts", 0.0))[0] != "asserts"
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children)
    ):
        # "a position that monitors dispute", "a claim Kyiv rejected": the noun is the object
        head = verb.head
        toks = [t for t in _subtree(head) if not (verb.left_edge.i <= t.i <= verb.right_edge.i)]
        if toks and head.pos_ in ("NOUN", "PROPN"):
            return toks, "object of the cue (the noun its clause modifies)", 0.7
    if lemma in lex.content_objects:
        for c in verb.children:
            if c.dep_ in ("dobj", "xcomp", "pcomp") and c.i > verb.i:
                # the object and what the cue says about it: "described the strikes as appalling"
                hi = c.right_edge.i
                for x in verb.children:
                    if x.i > c.i and x.dep_ not in ("conj", "cc", "punct", "parataxis", "npadvmod"):
                        hi = max(hi, x.right_edge.i)
                return [verb.doc[i] for i in range(c.left_edge.i, hi + 1)], "object of the cue", 0.8
    if lemma == "call":
        for c in verb.children:
            if c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on"):
                hi = max(
                    [x.right_edge.i for x in verb.children if x.i > c.i and x.dep_ != "punct"]
                    + [c.right_edge.i]
                )
                toks = [verb.doc[i] for i in range(c.i + 1, hi + 1)]
                if toks:
                    return toks, f"call {c.lower_}", 0.75
            if c.dep_ == "oprd" or (c.dep_ == "xcomp" and c.i > verb.i):
                objs = [d for d in verb.children if d.dep_ == "dobj" and d.i < c.i]
                lo = objs[0].left_edge.i if objs else c.left_edge.i
                return [verb.doc[i] for i in range(lo, c.right_edge.i + 1)], "call X Y", 0.7
    if (verb.dep_ == "parataxis" or _as_clause(verb)) and verb.head.i != verb.i:
        # "..., as Ms. Simonyan put it": the whole sentence around the "as" clause
        host = _subtree(verb.sent.root if _as_clause(verb) else verb.head, exclude=(verb,))
        return [t for t in host if not (verb.left_edge.i <= t.i <= verb.right_edge.i)], "host clause", 0.8
    q = next_quote(verb.idx + len(verb.text), doc_text(verb.doc), quotes)
    if q is None:
        # 'Warren told Stumpf: "..."': the quotation follows the addressee or a time phrase
        for c in verb.children:
            if c.dep_ in ("dobj", "dative", "npadvmod") and c.left_edge.i == verb.i + 1:
                end = c.doc[c.right_edge.i]
                q = next_quote(end.idx + len(end.text), doc_text(verb.doc), quotes)
                break
    how = "quotation after the cue"
    if q is None:
        # '"....?" Clinton said.': the quotation closed just before this clause began
        # (the quote's own marks may hang off the cue, so look from the subject or the cue)
        subjects = [c.left_edge.idx for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i]
        starts = [verb.idx, *subjects]
        q = next((p for p in (prev_quote(x, doc_text(verb.doc), quotes) for x in starts) if p), None)
        how = "quotation before the cue"
    if q is not None:
        doc = verb.doc
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None and len(span):
            return list(span), how, 0.85
    return [], "no content", 0.0


def _as_clause(verb: Any) -> bool:
    """ "The bridge, as the governor said, was hit": a speech verb's clause introduced by "as"."""
    lemma = verb.lemma_.lower()
    if lemma != "put" and load_cues().verbs.get(lemma, ("", 0.0))[1] < 0.5:
        return False  # "as evacuations (were) planned" is no attribution
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)


def _cue_tokens(verb: Any) -> list[Any]:
    toks = [verb] + [c for c in verb.children if c.dep_ in ("prt", "neg", "aux") and c.i < verb.i + 3]
    if verb.lemma_.lower() == "call":
        toks += [c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"]
    return sorted(toks, key=lambda t: t.i)


def _verb_attribution(
    verb: Any, lex: CueLexicon, quotes: list[QuotePiece], sent: tuple[int, int]
) -> Attribution | None:
    lemma = verb.lemma_.lower()
    generic = lemma not in lex.verbs
    stance, weight = lex.verbs.get(lemma, ("asserts", 0.4))
    if lemma == "put" and not any(c.dep_ == "dobj" and c.lower_ == "it" for c in verb.children):
        return None  # only "as she put it"
    content_toks, how, factor = _content_for_verb(verb, lex, quotes)
    if not content_toks or (generic and how != "clausal complement"):
        return None
    if (
        lemma in lex.weak
        and how in ("object of the cue", "infinitive complement", "host clause")
        and not (
            how == "host clause" and _as_clause(verb)  # "as he noted", "as she put it"
        )
    ):
        if not (lemma in lex.content_objects and how == "object of the cue") and not (
            lemma in lex.content_xcomp and how == "infinitive complement"
        ):
            return None
    subj, subj_how = _subject(verb)
    if subj is not None and subj.i in {t.i for t in content_toks}:
        subj = None  # the "subject" sits inside the content: a mis-parse
    content = _span_of(content_toks)
    if content is None:
        return None
    content = same_paragraph(content, verb.idx, doc_text(verb.doc))
    content, quoted = widen_to_quotes(content, quotes)
    source = None
    source_root = None
    if subj is not None:
        if subj_how == "noun the cue modifies":
            source = _span_of(_subtree(subj, exclude=(verb,)))
        else:
            source = _span_of(_subtree(subj))
        source_root = subj.i
        if subj.lower_ in ("who", "that", "which") and subj.head.dep_ == "relcl":
            source_root = subj.head.head.i
            subj_how += f", relative pronoun -> '{subj.head.head.text}'"
            if subj.lower_ == "that":
                # "a letter that says ...": name the antecedent, not the bare "that"
                ante = subj.head.head
                source = _span_of(_subtree(ante, exclude=(subj.head,)))
        if source is not None and "\n" in doc_text(verb.doc)[source[0] : source[1]]:
            # a headline run into the first sentence: keep the source's own line
            cut = doc_text(verb.doc).rfind("\n", source[0], source[1]) + 1
            source = (cut, source[1]) if cut < source[1] else None
        if source is not None and content[0] <= source[0] < content[1] and how != "host clause":
            source = None  # source inside its own content: a mis-parse
    negated = any(c.dep_ == "neg" for c in verb.children)
    reasons = [f"cue '{verb.text}' ({lemma}: {stance})", f"content: {how}", f"source: {subj_how}"]
    if negated:
        stance = lex.negated.get(stance, stance)
        reasons.append(f"negated cue -> {stance}")
        weight *= 0.8
    cue_toks = _cue_tokens(verb)
    cue = (cue_toks[0].idx, cue_toks[-1].idx + len(cue_toks[-1].text))
    confidence = weight * factor * (1.0 if source is not None else 0.6)
    direct = quoted >= 0.7
    if direct:
        qconf = min(q.confidence for q in quotes if q.outer_start < content[1] and q.outer_end > content[0])
        confidence *= min(1.0, qconf + 0.1)
        reasons.append("direct quotation")
    return Attribution(
        cue=cue,
        cue_lemma=lemma,
        stance=stance,
        content=content,
        source=source,
        source_root=source_root,
        sentence=sent,
        direct=direct,
        confidence=round(max(0.05, min(0.99, confidence)), 3),
        reasons=reasons,
    )


def _according_to(tok: Any, lex: CueLexicon, quotes: list[QuotePiece], sent: Any) -> Attribution | None:
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is None or nxt.lower_ != "to":
        return None
    pobjs = [c for c in nxt.children if c.dep_ == "pobj"] or [c for c in tok.children if c.dep_ == "pobj"]
    if not pobjs:
        return None
    src_tok = pobjs[0]
    source = _span_of(_subtree(src_tok))
    phrase_lo = tok.i
    phrase_hi = src_tok.right_edge.i
    rest = [t for t in sent if not (phrase_lo <= t.i <= phrase_hi)]
    # the content is the side of the sentence the phrase is not on (usually all of it)
    content = _span_of(rest)
    if content is None or source is None:
        return None
    content, quoted = widen_to_quotes(content, quotes)
    stance, weight = lex.phrases["according to"]
    return Attribution(
        cue=(tok.idx, nxt.idx + len(nxt.text)),
        cue_lemma="according to",
        stance=stance,
        content=content,
        source=source,
        source_root=src_tok.i,
        sentence=(sent.start_char, sent.end_char),
        direct=quoted >= 0.7,
        confidence=round(weight * 0.9, 3),
        reasons=["cue 'according to'", "content: rest of the sentence", "source: object of 'according to'"],
    )


def _has_subject_and_clause(verb: Any) -> bool:
    subj = any(c.dep_ == "nsubj" for c in verb.children)
    clause = any(
        c.dep_ == "ccomp"
        and any(m.dep_ == "mark" and m.lower_ in ("that", "whether", "if") for m in c.children)
        for c in verb.children
    )
    return subj and clause


def _noun_attribution(
    noun: Any, lex: CueLexicon, quotes: list[QuotePiece], sent: tuple[int, int]
) -> Attribution | None:
    """ "the ministry's claim that ...", "a statement by the army that ..."."""
    clause = [
        c
        for c in noun.children
        if c.dep_ in ("acl", "ccomp", "appos", "relcl")
        and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
    ]
    how = "that-clause of the noun"
    if not clause and noun.lower_ in lex.noun_infinitive:
        # "a pledge to withdraw", "an agreement to cut emissions"
        clause = [c for c in noun.children if c.dep_ == "acl" and c.tag_ == "VB" and c.i > noun.i]
        how = "infinitive of the noun"
    if not clause and noun.lower_ in lex.noun_preps:
        # "allegations of fraud", "questions about his foundation"
        for c in noun.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "about") and c.i == noun.i + 1:
                clause = [x for x in c.children if x.dep_ in ("pobj", "pcomp")]
                how = f"'{c.text}' object of the noun"
    if not clause:
        return None
    source_tok = None
    for c in noun.children:
        if c.dep_ == "poss":
            source_tok = c
        elif c.dep_ == "prep" and c.lower_ in ("by", "from"):
            source_tok = next((p for p in c.children if p.dep_ == "pobj"), None)
    if source_tok is None:
        # "Trump charges that ...", "a New York Times report that ...": a named compound
        names = [
            c
            for c in noun.children
            if c.dep_ == "compound" and c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
        ]
        source_tok = names[0] if names else None
    cue_start, cue_lemma, stance = noun.idx, noun.lower_, lex.nouns[noun.lower_]
    host = _host_cue_verb(noun, lex) if source_tok is None else None
    if host is not None:
        # "X said in a statement that ...": the verb's subject speaks, the verb gives the stance
        source_tok, _ = _subject(host)
        cue_lemma = host.lemma_.lower()
        cue_start, stance = host.idx, lex.verbs[cue_lemma][0]
    content = _span_of(_subtree(clause[0]))
    if content is None:
        return None
    content, quoted = widen_to_quotes(content, quotes)
    source = None
    if source_tok is not None:  # "the ministry's pledge": the possessor without its "'s"
        source = _span_of(
            [t for t in _subtree(source_tok) if not (t.dep_ == "case" and t.head.i == source_tok.i)]
        )
    if source is not None and source[1] > noun.idx:
        source = (source[0], min(source[1], noun.idx))
    return Attribution(
        cue=(cue_start, noun.idx + len(noun.text)),
        cue_lemma=cue_lemma,
        stance=stance,
        content=content,
        source=source,
        source_root=source_tok.i if source_tok is not None else None,
        sentence=sent,
        direct=quoted >= 0.7,
        confidence=(0.55 if source is not None else 0.35) * (1.0 if how.startswith("that") else 0.8),
        reasons=[
            f"cue noun '{noun.text}' ({stance})",
            f"content: {how}",
            "source: possessor or by-phrase",
        ],
    )


def _host_cue_verb(noun: Any, lex: CueLexicon) -> Any:
    """The cue verb of "said in a statement", "wrote in a post" for the noun, if any."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "during"):
        return None
    verb = prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in lex.verbs or verb.i > noun.i:
        return None
    subj, _ = _subject(verb)
    return verb if subj is not None else None


def find_attributions(doc: Any, quotes: list[QuotePiece]) -> list[Attribution]:
    """Every attribution relation in a parsed document, in text order."""
    lex = load_cues()
    found: list[Attribution] = []
    for sent in doc.sents:
        span = (sent.start_char, sent.end_char)
        for tok in sent:
            lemma = tok.lemma_.lower()
            if tok.lower_ == "according" and tok.i + 1 < len(doc):
                a = _according_to(tok, lex, quotes, sent)
            elif tok.pos_ in ("VERB", "AUX") and lemma in lex.verbs and tok.dep_ not in ("amod", "aux"):
                a = _verb_attribution(tok, lex, quotes, span)
            elif tok.pos_ == "VERB" and lemma not in lex.generic_exclude and _has_subject_and_clause(tok):
                a = _verb_attribution(tok, lex, quotes, span)
                if a is not None:
                    a.reasons[0] = (
                        f"cue '{tok.text}': any verb with a subject and a that-clause (generic rule)"
                    )
            elif tok.pos_ == "NOUN" and tok.lower_ in lex.nouns:
                a = _noun_attribution(tok, lex, quotes, span)
            else:
                continue
            if a is not None:
                found.append(a)
    return _dedupe(found)


def _dedupe(attrs: list[Attribution]) -> list[Attribution]:
    """Drop an attribution whose cue sits inside another one's content with the same source span."""
    out: list[Attribution] = []
    seen: set[tuple[tuple[int, int], tuple[int, int] | None]] = set()
    for a in attrs:
        key = (a.content, a.source)
        if key in seen:
            continue
        seen.add(key)
        out.append(a)
    return out
