/* The event drawer: what, when, where, who, casualties with sources, weapons, claims side by side,
   story families, "how do we know", and the evidence highlighted inside each article's text. */
"use strict";

(function (S) {
  const h = (...a) => S.h(...a);
  const MAX_DOCS = 6;

  function section(title, ...body) {
    return h("section", { class: "d-section" }, h("h3", {}, title), ...body);
  }

  function reason(text) {
    return text ? h("p", { class: "reason" }, h("span", { class: "why" }, "How do we know: "), text) : null;
  }

  function dl(rows) {
    return h("dl", { class: "facts" }, rows.filter((r) => r[1] !== null && r[1] !== undefined && r[1] !== "")
      .map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
  }

  function actorText(a) {
    if (!a) return null;
    return a.as_written && a.as_written !== a.name ? `${a.name} (“${a.as_written}”)` : a.name;
  }

  function facts(ev) {
    const f = ev.fields;
    const where = f.where || {};
    const when = f.when || {};
    const whereText = [where.canonical || where.name, where.admin2, where.admin1, where.country].filter(Boolean).join(", ");
    return [
      section("What", dl([["Type", f.what.event_type], ["Sub-type", f.what.sub_event_type]]), reason(f.what.reason)),
      section("When", dl([
        ["Date", when.event_date_end && when.event_date_end !== when.event_date
          ? `${when.event_date} to ${when.event_date_end}` : when.event_date],
        ["Precision", when.time_precision ? ["", "day", "week", "month"][when.time_precision] || "coarse" : null],
        ["As written", when.phrase],
      ]), reason(when.reason)),
      section("Where", dl([
        ["Place", whereText],
        ["Precision", S.precisionText[where.precision] || where.precision],
        ["Relation", where.relation],
        ["Coordinates", where.latitude !== null && where.latitude !== undefined
          ? `${where.latitude}, ${where.longitude}` : null],
      ]), reason(where.reason)),
      section("Who", dl([["Actor 1", actorText(f.who.actor1)], ["Actor 2", actorText(f.who.actor2)]]),
        reason(f.who.reason)),
    ];
  }

  function casualties(ev) {
    const c = ev.casualties;
    const rows = (c.figures || []).map((f) => h("tr", {},
      h("td", {}, f.kind), h("td", {}, f.count_max && f.count_max !== f.count_min ? `${f.count_min}–${f.count_max}` : S.fmtCount(f.count_min)),
      h("td", {}, f.source || "not stated"), h("td", {}, f.outlet || f.doc_id)));
    const reported = (c.reported || []).map((r) => h("li", {},
      `${r.qualifier ? r.qualifier + " " : ""}${S.fmtCount(r.count_min)} ${r.who || ""} ${r.kind}`,
      r.source ? ` (per ${r.source})` : ""));
    return section("Casualties",
      dl([["Killed (best figure)", S.fmtCount(c.fatalities)],
        ["Range", c.fatalities_max ? `${S.fmtCount(c.fatalities_min)}–${c.fatalities_max}` : null],
        ["Injured", c.injuries]]),
      rows.length ? h("table", { class: "figures" },
        h("caption", {}, "Every figure reported, with its source"),
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Kind"), h("th", { scope: "col" }, "Count"),
          h("th", { scope: "col" }, "Said by"), h("th", { scope: "col" }, "Reported in"))),
        h("tbody", {}, rows)) : null,
      reported.length ? h("ul", { class: "reported" }, reported) : null,
      reason(ev.reasons && ev.reasons.fatalities));
  }

  function claims(ev) {
    if (!ev.claims.length) return section("Claims", h("p", {}, "No attributed claims about this event."));
    const cols = ev.claims.map((g) => h("article", { class: "speaker", "aria-label": "Claims by " + g.speaker },
      h("h4", {}, g.speaker),
      g.bodies.length ? h("p", { class: "bodies" }, g.bodies.join("; ")) : null,
      h("ul", {}, g.claims.map((c) => h("li", { class: "claim" },
        h("span", { class: "stance stance-" + String(c.stance).replace(/[^a-z]/g, "") }, c.stance),
        " ", h("q", {}, c.content),
        h("span", { class: "cue" }, ` (${c.speaker.as_written} ${c.cue}` +
          (c.doc_ids && c.doc_ids.length > 1 ? `; in ${c.doc_ids.length} reports)` : ")")))))));
    return section("Claims, side by side", h("div", { class: "claims-grid" }, cols));
  }

  function sources(ev) {
    const s = ev.sources;
    return section("Sources",
      h("p", {}, h("strong", {}, `${s.independent_sources} independent source${s.independent_sources === 1 ? "" : "s"}`),
        ` from ${s.document_count} report${s.document_count === 1 ? "" : "s"} in ${s.families.length} story famil${s.families.length === 1 ? "y" : "ies"}`),
      h("ul", { class: "families" }, s.families.map((f) => h("li", { class: "family" },
        h("p", { class: "reason" }, f.reason || ""),
        h("ul", {}, f.documents.map((d) => h("li", {},
          h("span", { class: "outlet" }, d.outlet || "unknown outlet"), ": ", d.title || d.id,
          d.published ? ` (${d.published.slice(0, 10)})` : "",
          d.url && /^https?:\/\//i.test(d.url) ? [" ", h("a", { href: d.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")] : null)))))));
  }

  /* The document text with the event's evidence (and claims) highlighted, built from text nodes. */
  function highlighted(doc, mentionIds) {
    // this event's evidence and casualty figures, and the claims linked to it
    const claimIds = new Set(doc.claims.filter((c) => c.event_ids.some((m) => mentionIds.has(m))).map((c) => c.id));
    const wanted = doc.spans.filter((s) =>
      ((s.kind === "event" || s.kind === "casualty") && mentionIds.has(s.ref)) ||
      (s.kind === "claim" && claimIds.has(s.ref)));
    const rank = { event: 0, casualty: 1, claim: 2 };
    wanted.sort((a, b) => a.start - b.start || rank[a.kind] - rank[b.kind]);
    const out = h("p", { class: "doc-text" });
    let pos = 0;
    for (const s of wanted) {
      if (s.start < pos) continue; // overlapping: the earlier (evidence first) wins
      out.append(doc.text.slice(pos, s.start));
      out.append(h("mark", { class: "hl hl-" + s.kind, title: s.kind + ": " + s.label }, doc.text.slice(s.start, s.end)));
      pos = s.end;
    }
    out.append(doc.text.slice(pos));
    return out;
  }

  async function evidence(ev, box) {
    const byDoc = new Map();
    for (const m of ev.evidence) if (!byDoc.has(m.doc_id)) byDoc.set(m.doc_id, new Set());
    for (const m of ev.evidence) byDoc.get(m.doc_id).add(m.id);
    const ids = [...byDoc.keys()].slice(0, MAX_DOCS);
    for (const id of ids) {
      try {
        const doc = await S.api("/api/documents/" + encodeURIComponent(id));
        box.append(h("article", { class: "evidence-doc" },
          h("h4", {}, (doc.outlet || "unknown outlet") + ": " + (doc.title || doc.id)),
          highlighted(doc, byDoc.get(id))));
      } catch (err) {
        box.append(h("p", { class: "error" }, "Could not load document " + id + ": " + err.message));
      }
    }
  }

  S.renderDrawer = function renderDrawer(body, ev) {
    S.clear(body);
    const reasons = Object.entries(ev.reasons || {});
    const evidenceBox = h("div", { class: "evidence" });
    body.append(
      h("header", { class: "d-head" },
        h("p", { class: "kicker" }, h("span", { class: "dot", style: "background:" + S.colour(ev.event_type) }), ev.event_type),
        h("h2", { id: "drawer-title" }, `${ev.sub_event_type}: ${ev.location || "unknown place"}`),
        h("p", {}, [ev.event_date || "date unknown", ev.admin1, ev.country].filter(Boolean).join(" · "))),
      ...facts(ev),
      casualties(ev),
      ev.weapons.length ? section("Weapons", h("ul", {}, ev.weapons.map((w) =>
        h("li", {}, w.family + (w.system ? ` (${w.system})` : "") + (w.count ? ` ×${w.count}` : ""))))) : null,
      claims(ev),
      sources(ev),
      section("Evidence in the articles", evidenceBox),
      reasons.length ? section("How do we know", h("ul", { class: "reasons" },
        reasons.map(([k, v]) => h("li", {}, h("strong", {}, k + ": "), v)))) : null,
      ev.history.length ? section("Merge history", h("ul", {}, ev.history.map((x) => h("li", {}, x)))) : null,
    );
    return evidence(ev, evidenceBox);
  };
})(window.Sitrep);
