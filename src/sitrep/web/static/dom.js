/* Shared helpers. Every string from the server is untrusted: it only ever becomes a text node
   or an attribute value set through the DOM, never HTML. No innerHTML anywhere in the app. */
"use strict";

window.Sitrep = window.Sitrep || {};

(function (S) {
  S.TYPES = [
    ["Battles", "#c62828"],
    ["Explosions/Remote violence", "#ef6c00"],
    ["Violence against civilians", "#6a1b9a"],
    ["Protests", "#2e7d32"],
    ["Riots", "#6d4c41"],
    ["Strategic developments", "#1565c0"],
  ];
  const colours = new Map(S.TYPES);
  S.colour = (type) => colours.get(type) || "#546e7a";
  S.typeClass = (type) => "t-" + String(type || "other").toLowerCase().replace(/[^a-z]+/g, "-");

  /* h("p", {class: "x", onclick: fn}, "text", otherNode) */
  S.h = function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "dataset") Object.assign(el.dataset, v);
      else if (k === "style") el.style.cssText = String(v);
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  };

  S.clear = (el) => { while (el.firstChild) el.removeChild(el.firstChild); return el; };

  S.api = async function api(path) {
    const res = await fetch(path, { headers: { Accept: "application/json" } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = (body && body.error) || {};
      throw new Error((err.message || res.statusText) + (err.hint ? " (" + err.hint + ")" : ""));
    }
    return body;
  };

  S.precisionText = {
    point: "exact place",
    near: "near a place (circle)",
    region: "somewhere in a region (area)",
    country: "country-level (no pin)",
    unknown: "place unknown",
  };

  S.fmtCount = (n) => (n === null || n === undefined ? "—" : String(n));
})(window.Sitrep);
