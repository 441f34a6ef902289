/* The timeline: events per day (bars) and fatalities per day (line); drag to brush a date range. */
"use strict";

(function (S) {
  const NS = "http://www.w3.org/2000/svg";
  const DAY = 86400000;

  function svg(tag, attrs) {
    const el = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    return el;
  }

  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const parse = (d) => Date.parse(d + "T00:00:00Z");

  const Timeline = {
    el: null,
    days: [],
    onBrush: () => {},

    init(el, onBrush) {
      this.el = el;
      this.onBrush = onBrush;
      let start = null;
      let band = null;
      const x = (ev) => {
        const r = el.getBoundingClientRect();
        return Math.max(0, Math.min(r.width, ev.clientX - r.left));
      };
      el.addEventListener("pointerdown", (ev) => {
        if (!this.days.length) return;
        start = x(ev);
        el.setPointerCapture(ev.pointerId);
        band = svg("rect", { class: "brush", x: start, y: 0, width: 0, height: el.clientHeight });
        el.append(band);
      });
      el.addEventListener("pointermove", (ev) => {
        if (start === null || !band) return;
        const cur = x(ev);
        band.setAttribute("x", Math.min(start, cur));
        band.setAttribute("width", Math.abs(cur - start));
      });
      el.addEventListener("pointerup", (ev) => {
        if (start === null) return;
        const end = x(ev);
        const [a, b] = [Math.min(start, end), Math.max(start, end)];
        start = null;
        if (b - a < 3) { if (band) band.remove(); return; }
        const from = this.dayAt(a);
        const to = this.dayAt(b);
        if (from && to) this.onBrush(from, to);
      });
    },

    dayAt(px) {
      const w = this.el.clientWidth || 1;
      const i = Math.min(this.days.length - 1, Math.max(0, Math.floor((px / w) * this.days.length)));
      return this.days[i] ? this.days[i].date : null;
    },

    render(byDay, from, to) {
      const el = S.clear(this.el);
      const rows = byDay.filter((r) => r.date);
      if (!rows.length) { this.days = []; return; }
      const counts = new Map(rows.map((r) => [r.date, r]));
      let first = parse(rows[0].date);
      const last = parse(rows[rows.length - 1].date);
      if ((last - first) / DAY > 3660) first = last - 3660 * DAY; // at most ten years of bars
      this.days = [];
      for (let t = first; t <= last; t += DAY) {
        const d = iso(t);
        const r = counts.get(d) || { events: 0, fatalities: 0 };
        this.days.push({ date: d, events: r.events, fatalities: r.fatalities });
      }
      const w = el.clientWidth || 600;
      const h = el.clientHeight || 90;
      el.setAttribute("viewBox", `0 0 ${w} ${h}`);
      const n = this.days.length;
      const bw = w / n;
      const maxE = Math.max(1, ...this.days.map((d) => d.events));
      const maxF = Math.max(1, ...this.days.map((d) => d.fatalities));
      const pts = [];
      this.days.forEach((d, i) => {
        const inRange = (!from || d.date >= from) && (!to || d.date <= to);
        const bh = (d.events / maxE) * (h - 14);
        const bar = svg("rect", {
          class: "bar" + (inRange ? "" : " out"), x: i * bw + 0.5, y: h - bh, width: Math.max(1, bw - 1), height: bh,
        });
        const title = svg("title");
        title.textContent = `${d.date}: ${d.events} events, ${d.fatalities} killed`;
        bar.append(title);
        el.append(bar);
        pts.push(`${(i + 0.5) * bw},${h - (d.fatalities / maxF) * (h - 14)}`);
      });
      el.append(svg("polyline", { class: "fatal-line", points: pts.join(" ") }));
      const label = (text, xpos, anchor) => {
        const t = svg("text", { x: xpos, y: 11, "text-anchor": anchor, class: "tl-label" });
        t.textContent = text;
        el.append(t);
      };
      label(this.days[0].date, 2, "start");
      label(this.days[n - 1].date, w - 2, "end");
      label(`max ${maxE} events/day · line: killed (max ${maxF})`, w / 2, "middle");
    },
  };

  S.Timeline = Timeline;
})(window.Sitrep);
