/* The map: an offline Natural Earth basemap (world-atlas via topojson-client), events drawn with
   honest precision (point, circle, shaded area; country-level events get no pin), clustered. */
"use strict";

(function (S) {
  const NEAR_RADIUS_M = 10000; // "near a town"
  const REGION_RADIUS_M = 45000; // "somewhere in a region"

  const EventIcon = L.DivIcon.extend({
    createIcon(old) {
      const div = L.DivIcon.prototype.createIcon.call(this, old);
      div.dataset.eventId = this.options.eventId;
      div.classList.toggle("selected", this.options.eventId === S.selectedId);
      div.setAttribute("role", "button");
      div.setAttribute("aria-label", this.options.label);
      return div;
    },
  });

  const MapView = {
    map: null,
    cluster: null,
    areas: null,
    serverClusters: null,
    markers: new Map(),
    onSelect: () => {},

    init(el, onMove, onSelect) {
      this.onSelect = onSelect;
      const map = L.map(el, { worldCopyJump: true, minZoom: 2, maxZoom: 14, keyboard: true, zoomControl: true });
      this.map = map;
      map.attributionControl.setPrefix(false);
      map.attributionControl.addAttribution("Borders: Natural Earth via world-atlas");
      map.setView([48.5, 33], 5);
      this.areas = L.layerGroup().addTo(map);
      this.cluster = L.markerClusterGroup({ maxClusterRadius: 40, showCoverageOnHover: false, chunkedLoading: true });
      this.cluster.addTo(map);
      this.serverClusters = L.layerGroup().addTo(map);
      map.on("moveend", () => onMove());
      this.loadBasemap();
      return map;
    },

    async loadBasemap() {
      try {
        const res = await fetch("/static/vendor/world-atlas/countries-50m.json");
        const topo = await res.json();
        const land = topojson.feature(topo, topo.objects.countries);
        const layer = L.geoJSON(land, {
          style: { color: "#8a8f98", weight: 0.8, fillColor: "#f4f1ea", fillOpacity: 1 },
          interactive: false,
        });
        layer.addTo(this.map);
        layer.bringToBack();
      } catch (err) {
        S.status("Basemap missing: run scripts/build-web (" + err.message + ")");
      }
    },

    view(pad) {
      const c = this.map.getCenter();
      const b = pad ? this.map.getBounds().pad(pad) : this.map.getBounds();
      const clamp = (v, lo, hi) => Math.max(lo, Math.min(hi, v));
      const bbox = [
        clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
        clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90),
      ].map((v) => v.toFixed(4)).join(",");
      return { lat: c.lat.toFixed(4), lon: c.lng.toFixed(4), z: this.map.getZoom(), bbox };
    },

    setView(lat, lon, z) {
      this.map.setView([lat, lon], z, { animate: false });
    },

    label(p) {
      return [p.event_type, p.location, p.event_date, S.precisionText[p.precision] || ""].filter(Boolean).join(", ");
    },

    addPoint(p) {
      const colour = S.colour(p.event_type);
      const select = () => this.onSelect(p.id);
      const icon = new EventIcon({
        className: "ev-marker prec-" + p.precision + " " + S.typeClass(p.event_type),
        iconSize: p.precision === "point" ? [14, 14] : [18, 18],
        html: "",
        eventId: p.id,
        label: this.label(p),
      });
      const marker = L.marker([p.lat, p.lon], { icon, title: this.label(p), keyboard: true, riseOnHover: true });
      marker.on("click", select);
      marker.on("keypress", (e) => { if (e.originalEvent.key === "Enter" || e.originalEvent.key === " ") select(); });
      this.markers.set(p.id, marker);
      if (p.precision === "near" || p.precision === "region") {
        const area = L.circle([p.lat, p.lon], {
          radius: p.precision === "near" ? NEAR_RADIUS_M : REGION_RADIUS_M,
          color: colour,
          weight: 1,
          dashArray: p.precision === "near" ? "4 4" : null,
          fillColor: colour,
          fillOpacity: p.precision === "near" ? 0.08 : 0.18,
          className: "ev-area",
        });
        area.on("click", select);
        this.areas.addLayer(area);
      }
      return marker;
    },

    addServerCluster(c) {
      const icon = L.divIcon({
        className: "server-cluster",
        html: "",
        iconSize: [36, 36],
      });
      const marker = L.marker([c.lat, c.lon], {
        icon, keyboard: true, title: (c.admin1 ? c.admin1 + ": " : "") + c.count + " events, " + c.fatalities + " killed: zoom in",
      });
      marker.on("add", () => {
        const el = marker.getElement();
        if (el && !el.firstChild) {
          el.append(S.h("span", {}, c.count >= 10000 ? Math.round(c.count / 1000) + "k" : String(c.count)));
        }
      });
      marker.on("click", () => {
        const [w, s, e, n] = c.bbox;
        this.map.fitBounds([[s, w], [n, e]]);
      });
      this.serverClusters.addLayer(marker);
    },

    setData(data) {
      this.cluster.clearLayers();
      this.areas.clearLayers();
      this.serverClusters.clearLayers();
      this.markers.clear();
      if (data.mode === "points") {
        const batch = [];
        for (const p of data.points) batch.push(this.addPoint(p));
        this.cluster.addLayers(batch);
      } else {
        for (const c of data.clusters) this.addServerCluster(c);
      }
    },

    select(id) {
      S.selectedId = id;
      for (const el of document.querySelectorAll(".ev-marker.selected")) el.classList.remove("selected");
      const marker = id && this.markers.get(id);
      const el = marker && marker.getElement();
      if (el) el.classList.add("selected");
    },

    hover(id, on) {
      const marker = this.markers.get(id);
      const el = marker && marker.getElement();
      if (el) el.classList.toggle("hover", on);
    },

    focus(id, lat, lon) {
      const marker = this.markers.get(id);
      const drawer = document.getElementById("drawer");
      const shift = () => {
        if (drawer && !drawer.hidden && drawer.offsetWidth < this.map.getSize().x) {
          this.map.panBy([drawer.offsetWidth / 2, 0], { animate: false });
        }
      };
      const at = marker ? marker.getLatLng()
        : lat !== null && lat !== undefined && lon !== null && lon !== undefined ? L.latLng(lat, lon) : null;
      if (at) {
        this.map.setView(at, Math.max(this.map.getZoom(), 9), { animate: false });
        shift();
      }
    },
  };

  S.MapView = MapView;
})(window.Sitrep);
