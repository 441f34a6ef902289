/* The app: filters <-> URL <-> API; keeps map, timeline, list and drawer in step. */
"use strict";

(function (S) {
  const h = (...a) => S.h(...a);
  const $ = (id) => document.getElementById(id);
  const FILTERS = ["q", "date_from", "date_to", "type", "sub_type", "actor", "country", "admin1",
    "min_fatalities", "min_sources", "sort"];
  const state = { filters: {}, inview: true, event: null, next: null, listToken: 0, mapToken: 0 };

  S.status = (text) => { $("map-status").textContent = text; };

  function query(extra, without) {
    const p = new URLSearchParams();
    for (const k of FILTERS) {
      if (without && without.includes(k)) continue;
      const v = state.filters[k];
      if (v !== undefined && v !== null && v !== "") p.set(k, v);
    }
    for (const [k, v] of Object.entries(extra || {})) if (v !== undefined && v !== null && v !== "") p.set(k, v);
    return p.toString();
  }

  function writeUrl() {
    const v = S.MapView.view();
    const p = new URLSearchParams(query());
    p.set("lat", v.lat); p.set("lon", v.lon); p.set("z", v.z);
    if (!state.inview) p.set("inview", "0");
    if (state.event) p.set("event", state.event);
    history.replaceState(null, "", "?" + p.toString());
  }

  function readUrl() {
    const p = new URLSearchParams(location.search);
    for (const k of FILTERS) if (p.get(k)) state.filters[k] = p.get(k);
    state.inview = p.get("inview") !== "0";
    state.event = p.get("event") || null;
    const lat = parseFloat(p.get("lat")), lon = parseFloat(p.get("lon")), z = parseInt(p.get("z"), 10);
    return Number.isFinite(lat) && Number.isFinite(lon) && Number.isFinite(z) ? { lat, lon, z } : null;
  }

  function fillForm() {
    for (const k of FILTERS) {
      const el = $("f-" + k);
      if (el) el.value = state.filters[k] || (k === "sort" ? "-event_date" : "");
    }
    $("f-inview").checked = state.inview;
  }

  function readForm() {
    for (const k of FILTERS) {
      const el = $("f-" + k);
      if (el) state.filters[k] = el.value.trim();
    }
    state.inview = $("f-inview").checked;
  }

  function updateExports() {
    const q = query();
    for (const kind of ["csv", "geojson", "jsonl"]) $("export-" + kind).href = `/api/events.${kind}` + (q ? "?" + q : "");
  }

  function listItem(e) {
    const place = e.location || "unknown place";
    const on = () => S.MapView.hover(e.id, true);
    const off = () => S.MapView.hover(e.id, false);
    const item = h("li", {
      class: "ev-item" + (e.id === state.event ? " selected" : ""), dataset: { eventId: e.id },
      onmouseenter: on, onmouseleave: off, onfocusin: on, onfocusout: off,
    },
      h("button", { type: "button", class: "ev-button", onclick: () => select(e.id) },
        h("span", { class: "dot", style: "background:" + S.colour(e.event_type), "aria-hidden": "true" }),
        h("span", { class: "ev-main" },
          h("span", { class: "ev-title" }, `${e.sub_event_type}: ${place}`),
          h("span", { class: "ev-meta" },
            [e.event_date || "no date", e.admin1, S.precisionText[e.precision],
              `${S.fmtCount(e.fatalities)} killed`, `${e.independent_sources} source${e.independent_sources === 1 ? "" : "s"}`]
              .filter(Boolean).join(" · ")),
          e.summary ? h("span", { class: "ev-summary" }, e.summary) : null)));
    return item;
  }

  async function loadList(append) {
    const token = ++state.listToken;
    const url = append && state.next ? state.next
      : "/api/events?" + query({ limit: 50, bbox: state.inview ? S.MapView.view().bbox : null });
    try {
      const data = await S.api(url);
      if (token !== state.listToken) return;
      const list = $("event-list");
      if (!append) S.clear(list);
      for (const e of data.items) list.append(listItem(e));
      if (data.count !== null && data.count !== undefined) $("list-count").textContent = String(data.count);
      state.next = data.next;
      $("more").hidden = !data.next;
    } catch (err) {
      S.status("Could not load events: " + err.message);
    }
  }

  async function loadMap() {
    const token = ++state.mapToken;
    try {
      const v = S.MapView.view();
      const data = await S.api("/api/map?" + query({ zoom: v.z, view: v.bbox }));
      if (token !== state.mapToken) return;
      S.MapView.setData(data);
      const un = $("unplaced-list");
      S.clear(un);
      for (const p of data.unplaced) {
        un.append(h("li", {}, h("button", { type: "button", onclick: () => select(p.id), dataset: { eventId: p.id } },
          `${p.event_date || "no date"}: ${p.event_type}, ${p.location || "unknown"} (${S.precisionText[p.precision]})`)));
      }
      $("unplaced-count").textContent = data.unplaced_count === null ? "—" : String(data.unplaced_count);
      S.status(data.mode === "points" ? `${data.total} events match; ${data.points.length} in this view`
        : `${data.total} events match, ${data.in_view} in this view: grouped on the server by ${data.mode === "regions" ? "region" : "grid cell"}; zoom in or filter for single events`);
    } catch (err) {
      S.status("Could not load the map: " + err.message);
    }
  }

  async function loadTimeline() {
    try {
      const stats = await S.api("/api/stats?" + query({}, ["date_from", "date_to"]));
      S.Timeline.render(stats.by_day, state.filters.date_from, state.filters.date_to);
    } catch (err) {
      S.status("Could not load the timeline: " + err.message);
    }
  }

  function refresh() {
    writeUrl();
    updateExports();
    loadList(false);
    loadMap();
    loadTimeline();
  }

  async function select(id, moveMap = true) {
    state.event = id;
    S.MapView.select(id);
    writeUrl();
    for (const li of document.querySelectorAll(".ev-item")) li.classList.toggle("selected", li.dataset.eventId === id);
    const drawer = $("drawer");
    const body = $("drawer-body");
    drawer.hidden = false;
    S.clear(body).append(h("p", {}, "Loading…"));
    try {
      const ev = await S.api("/api/events/" + encodeURIComponent(id));
      if (state.event !== id) return;
      const done = S.renderDrawer(body, ev);
      drawer.focus();
      if (moveMap) S.MapView.focus(id, ev.latitude, ev.longitude);
      await done;
      drawer.dataset.loaded = id;
    } catch (err) {
      S.clear(body).append(h("p", { class: "error" }, "Could not load the event: " + err.message));
    }
  }

  function closeDrawer() {
    state.event = null;
    S.MapView.select(null);
    $("drawer").hidden = true;
    delete $("drawer").dataset.loaded;
    writeUrl();
  }

  function init() {
    const legend = $("legend-types");
    const typeSelect = $("f-type");
    for (const [name, colour] of S.TYPES) {
      legend.append(h("li", {}, h("span", { class: "dot", style: "background:" + colour, "aria-hidden": "true" }), name));
      typeSelect.append(h("option", { value: name }, name));
    }
    const view = readUrl();
    fillForm();
    let moveTimer = null;
    S.MapView.init($("map"), () => {
      clearTimeout(moveTimer);
      moveTimer = setTimeout(() => { writeUrl(); if (state.inview) loadList(false); loadMap(); }, 150);
    }, (id) => select(id));
    if (view) S.MapView.setView(view.lat, view.lon, view.z);
    S.Timeline.init($("timeline"), (from, to) => {
      state.filters.date_from = from;
      state.filters.date_to = to;
      fillForm();
      refresh();
    });
    let formTimer = null;
    $("filters").addEventListener("input", () => {
      clearTimeout(formTimer);
      formTimer = setTimeout(() => { readForm(); refresh(); }, 300);
    });
    $("filters").addEventListener("submit", (ev) => { ev.preventDefault(); readForm(); refresh(); });
    $("search-form").addEventListener("submit", (ev) => { ev.preventDefault(); readForm(); refresh(); });
    $("reset-filters").addEventListener("click", () => { state.filters = {}; fillForm(); refresh(); });
    $("clear-brush").addEventListener("click", () => {
      state.filters.date_from = ""; state.filters.date_to = ""; fillForm(); refresh();
    });
    $("more").addEventListener("click", () => loadList(true));
    $("drawer-close").addEventListener("click", closeDrawer);
    document.addEventListener("keydown", (ev) => { if (ev.key === "Escape" && !$("drawer").hidden) closeDrawer(); });
    $("toggle-filters").addEventListener("click", () => {
      const open = document.body.classList.toggle("filters-open");
      $("toggle-filters").setAttribute("aria-expanded", String(open));
    });
    refresh();
    if (state.event) select(state.event, !view);
    document.body.dataset.ready = "1";
  }

  document.addEventListener("DOMContentLoaded", init);
})(window.Sitrep);
