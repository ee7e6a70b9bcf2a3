/* records.js: the browser half of geoplan/maps/records.py: records drawn at any scale.
 *
 * A map's records arrive once, as one table (ids, names and the columns popups are
 * built from; gzip + base64 when large), and each record layer as rows of that table:
 * points (a marker each: spread apart where they share a spot, clustered where too
 * many crowd a cell of the view), count badges of records known only by their county
 * or city, and areas and lines drawn as their own geometry. Only what the view shows
 * is drawn, again after every move. Plan text always goes into the page as text
 * (textContent), never as markup.
 */
(function () {
  "use strict";
  var G = (window.geoplan = window.geoplan || {});
  var tables = (G._recordTables = G._recordTables || {});
  var KEPT_TABLES = 4; // a table per map (the app's: all records, a new one when data change)
  var GOLDEN = Math.PI * (3 - Math.sqrt(5));
  var PANES = [["geoplanShapes", 450], ["geoplanPoints", 620], ["geoplanSelected", 630]];
  var NO_DECOMPRESSION =
    "此浏览器无法读取地图中的项目数据（需要 Chrome、Edge 80 或 Firefox 113、Safari 16.4 及以上版本）。";

  // ---------------------------------------------------------------- decoding

  // G.decodeVarints: geoplan.js, loaded before this file.

  function cumsum(values) {
    for (var i = 1; i < values.length; i++) values[i] += values[i - 1];
    return values;
  }

  // Coordinates of encode_coords: [[lon, lat], ...], shifted to GCJ-02 by its offsets.
  G.decodeCoords = function (w, g) {
    return G.decodeGeometry({ type: "LineString", w: w, g: g }, g ? "gcj02" : "wgs84").coordinates;
  };

  // A column of text: the values, or distinct values with an index per row.
  function column(spec) {
    if (Array.isArray(spec)) return function (i) { return spec[i]; };
    var values = spec.d, codes = G.decodeVarints(spec.i);
    return function (i) { return values[codes[i]]; };
  }

  // A payload as sent: itself, or {"z": base64 of gzip} inflated by the browser.
  function unpack(payload) {
    if (!payload || typeof payload.z !== "string") return Promise.resolve(payload);
    if (typeof DecompressionStream === "undefined") return Promise.reject(new Error(NO_DECOMPRESSION));
    var text = atob(payload.z), bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  }

  function makeTable(raw) {
    var t = { n: raw.n, ids: raw.id, name: column(raw.name), ui: raw.ui || {}, popup: null, _rows: null };
    if (raw.popup) {
      var p = raw.popup;
      t.popup = {
        labels: p.labels, fields: p.fields.map(column), caveat: column(p.caveat),
        text: column(p.text), source: column(p.source), idfmt: p.idfmt, footprint: p.footprint
      };
    }
    t.rowOf = function (id) {
      if (!t._rows) {
        t._rows = new Map();
        for (var i = 0; i < t.n; i++) t._rows.set(t.ids[i], i);
      }
      var row = t._rows.get(id);
      return row === undefined ? -1 : row;
    };
    return t;
  }

  // Register a map's table (with its payload), or wait for it (without).
  G.recordTable = function (key, payload) {
    var entry = tables[key];
    if (!entry) {
      entry = tables[key] = { order: Object.keys(tables).length };
      entry.promise = new Promise(function (resolve, reject) {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      forgetOldTables();
    }
    if (payload !== undefined && !entry.loading) {
      entry.loading = true;
      unpack(payload).then(makeTable).then(entry.resolve, entry.reject);
    }
    return entry.promise;
  };

  function forgetOldTables() {
    var keys = Object.keys(tables);
    while (keys.length > KEPT_TABLES) delete tables[keys.shift()];
  }

  // ---------------------------------------------------------------- text

  function el(tag, className, text, parent) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  // The popup of a record, as geoplan/maps/popups.py record_popup writes it.
  G.recordPopup = function (t, row, footprint) {
    var p = t.popup, box = el("div", "geoplan-popup");
    el("h4", null, t.name(row), box);
    var table = el("table", null, null, box);
    for (var f = 0; f < p.labels.length; f++) {
      var value = p.fields[f](row);
      if (!value) continue;
      var tr = el("tr", null, null, table);
      el("th", null, p.labels[f], tr);
      el("td", null, value, tr);
    }
    [footprint ? p.footprint : "", p.caveat(row)].forEach(function (c) {
      if (c) el("div", "caveat", c, box);
    });
    var text = p.text(row);
    if (text) el("div", "raw", text, box);
    el("div", "source", p.source(row) + p.idfmt[0] + t.ids[row] + p.idfmt[1], box);
    return box;
  };

  function tip(text) {
    return function () { return el("span", null, text); };
  }

  var COLOR = /^#[0-9a-fA-F]{3,8}$/;
  function rgba(hex, opacity) {
    if (!COLOR.test(hex || "")) hex = "#4a5560";
    var h = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, "$&$&") : hex;
    var n = parseInt(h.slice(1, 7), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + (opacity === undefined ? 1 : opacity) + ")";
  }

  var POPUP = { maxWidth: 460, maxHeight: 440, autoPanPadding: [24, 24] };

  // ---------------------------------------------------------------- the layer

  G.records = function (parent, key, data, id, legend) {
    var group = L.featureGroup();
    var s = {
      group: group, id: id, map: null, table: null, data: null, datum: null, pt: null,
      drawn: new Map(), bubbles: [], badges: {}, unitMode: null,
      renderer: L.svg({ pane: "geoplanPoints" }),
      points: L.featureGroup(), legs: L.layerGroup(), units: L.featureGroup(), sel: L.layerGroup(),
      shapes: null
    };
    s.shapes = L.geoJSON(null, {
      pane: "geoplanShapes",
      style: function (f) { return f.properties._style; },
      onEachFeature: function (f, layer) { bindShape(s, f, layer); }
    });
    [s.shapes, s.legs, s.units, s.points, s.sel].forEach(function (l) { group.addLayer(l); });
    group._geoplanId = id;
    group._geoplanRedraw = function () {
      if (!s.data) return;
      prepare(s);
      redraw(s, true);
    };
    group._geoplanSelect = function () { if (s.data) highlight(s); };
    group.on("add", function () {
      var map = (s.map = group._map);
      panes(map);
      (map._geoplanRecords = map._geoplanRecords || []).push(group);
      if (legend) G.legendSection(map, id, legend);
      s.onView = function () { redraw(s, false); };
      map.on("moveend", s.onView);
      Promise.all([G.recordTable(key), unpack(data)])
        .then(function (loaded) {
          if (s.map !== map) return; // removed meanwhile
          s.table = loaded[0];
          s.data = loaded[1];
          prepare(s);
          redraw(s, true);
          // for tests and benchmarks: drawn, from which table, and how many layers so far
          var box = map.getContainer();
          box.setAttribute("data-geoplan-records", "ready");
          box.setAttribute("data-geoplan-table", key);
          box.setAttribute("data-geoplan-drawn", String(Number(box.getAttribute("data-geoplan-drawn") || 0) + 1));
          map.fire("geoplan:records", { layer: group });
        })
        .catch(function (err) { notice(map, err); });
    });
    group.on("remove", function () {
      var map = s.map;
      if (!map) return;
      map.off("moveend", s.onView);
      map._geoplanRecords = (map._geoplanRecords || []).filter(function (l) { return l !== group; });
      if (legend) G.legendSection(map, id, null);
      s.map = null;
    });
    return group;
  };

  function panes(map) {
    PANES.forEach(function (p) {
      if (!map.getPane(p[0])) map.createPane(p[0]).style.zIndex = String(p[1]);
    });
  }

  function notice(map, err) {
    var box = map.getContainer();
    if (box.querySelector(".geoplan-notice")) return;
    var div = el("div", "geoplan-notice", err && err.message === NO_DECOMPRESSION ? NO_DECOMPRESSION : "项目数据读取失败：" + err, box);
    div.setAttribute("role", "alert");
  }

  // Decode positions in the map's datum; project points to zoom-0 pixels once.
  function prepare(s) {
    var map = s.map, d = s.data, datum = (s.datum = G.datum(map));
    s.pt = null;
    if (d.pts) {
      var rows = G.decodeVarints(d.pts.r), coords = G.decodeCoords(d.pts.w, datum === "gcj02" ? d.pts.g : null);
      var n = rows.length, pt = { n: n, rows: rows, looks: G.decodeVarints(d.pts.k), index: new Map(),
        lat: new Float64Array(n), lng: new Float64Array(n), x: new Float64Array(n), y: new Float64Array(n) };
      for (var i = 0; i < n; i++) {
        var ll = L.latLng(coords[i][1], coords[i][0]), p = map.options.crs.latLngToPoint(ll, 0);
        pt.lat[i] = ll.lat;
        pt.lng[i] = ll.lng;
        pt.x[i] = p.x;
        pt.y[i] = p.y;
        pt.index.set(rows[i], i);
      }
      s.pt = pt;
    }
    s.shapes.clearLayers();
    if (d.shapes && d.shapes.length) s.shapes.addData(G.decode({ type: "FeatureCollection", features: d.shapes }, datum));
    s.unitRows = null;
  }

  function redraw(s, force) {
    if (!s.map || !s.data) return;
    drawPoints(s);
    drawUnits(s, force);
    highlight(s);
  }

  // ---------------------------------------------------------------- points

  function drawPoints(s) {
    s.points.clearLayers();
    s.legs.clearLayers();
    s.drawn = new Map();
    s.bubbles = [];
    var pt = s.pt, map = s.map, d = s.data;
    if (!pt || !pt.n) return;
    var z = map.getZoom(), k = Math.pow(2, z), b = map.getPixelBounds();
    var w = b.max.x - b.min.x, h = b.max.y - b.min.y, cell = d.cell, cells = new Map();
    for (var i = 0; i < pt.n; i++) {
      var X = pt.x[i] * k, Y = pt.y[i] * k;
      if (X < b.min.x - w / 2 || X > b.max.x + w / 2 || Y < b.min.y - h / 2 || Y > b.max.y + h / 2) continue;
      var key = Math.floor(X / cell) + "," + Math.floor(Y / cell), members = cells.get(key);
      if (!members) cells.set(key, (members = []));
      members.push(i);
    }
    cells.forEach(function (members) {
      if (members.length > d.spreadMax && z < d.spreadAll) return bubble(s, members, k, z);
      var stacks = new Map(), sep = d.spreadPx;
      members.forEach(function (j) {
        var key = Math.floor((pt.x[j] * k) / sep) + "," + Math.floor((pt.y[j] * k) / sep), stack = stacks.get(key);
        if (!stack) stacks.set(key, (stack = []));
        stack.push(j);
      });
      stacks.forEach(function (stack) {
        if (stack.length === 1) marker(s, stack[0], L.latLng(pt.lat[stack[0]], pt.lng[stack[0]]));
        else spread(s, stack, k, z);
      });
    });
  }

  // Markers that would cover each other, on a sunflower around their middle, each tied to it.
  function spread(s, stack, k, z) {
    var pt = s.pt, map = s.map, cx = 0, cy = 0, c = s.data.spreadPx / Math.sqrt(Math.PI);
    stack.sort(function (a, b) { return pt.rows[a] - pt.rows[b]; });
    stack.forEach(function (i) { cx += pt.x[i] * k; cy += pt.y[i] * k; });
    cx /= stack.length;
    cy /= stack.length;
    var centre = map.unproject([cx, cy], z);
    stack.forEach(function (i, j) {
      var r = c * Math.sqrt(j + 0.5), a = j * GOLDEN;
      var ll = map.unproject([cx + r * Math.cos(a), cy + r * Math.sin(a)], z);
      s.legs.addLayer(L.polyline([centre, ll], { pane: "geoplanShapes", color: "#444444", weight: 1, opacity: 0.6, interactive: false }));
      marker(s, i, ll);
    });
  }

  function marker(s, i, ll) {
    var pt = s.pt, row = pt.rows[i], t = s.table;
    var look = L.extend({}, s.data.pts.looks[pt.looks[i]], { pane: "geoplanPoints", renderer: s.renderer });
    var m = L.circleMarker(ll, look);
    m.feature = { type: "Feature", properties: { record_id: t.ids[row] } };
    m.bindTooltip(tip(t.name(row)), { direction: "top", opacity: 0.95 });
    m.on("click", function () { clickRecord(s, row, m.getLatLng(), false); });
    s.points.addLayer(m);
    s.drawn.set(row, m);
  }

  function bubble(s, members, k, z) {
    var pt = s.pt, map = s.map, cx = 0, cy = 0, n = members.length;
    members.forEach(function (i) { cx += pt.x[i] * k; cy += pt.y[i] * k; });
    var ll = map.unproject([cx / n, cy / n], z), size = Math.round(22 + 6 * Math.log10(n));
    var m = L.marker(ll, {
      icon: L.divIcon({ className: "geoplan-cluster", html: String(n), iconSize: [size, size] }),
      keyboard: false
    });
    m.bindTooltip(tip((s.table.ui.cluster || "{n}").replace("{n}", n)), { direction: "top", opacity: 0.95 });
    m.on("add", function () { m.getElement().setAttribute("data-count", String(n)); });
    m.on("click", function () {
      var bounds = L.latLngBounds(members.map(function (i) { return [pt.lat[i], pt.lng[i]]; }));
      var dx = map.project(bounds.getNorthEast(), z).x - map.project(bounds.getSouthWest(), z).x;
      if (dx < 2) map.setView(bounds.getCenter(), Math.max(z + 2, s.data.spreadAll));
      else map.fitBounds(bounds, { padding: [40, 40], maxZoom: s.data.spreadAll });
    });
    s.points.addLayer(m);
    s.bubbles.push({ marker: m, members: members });
  }

  // ---------------------------------------------------------------- shapes

  function bindShape(s, f, layer) {
    var row = f.properties._row, t = s.table;
    f.properties.record_id = t.ids[row];
    layer.bindTooltip(tip(t.name(row)), { sticky: true, direction: "top", opacity: 0.95 });
    layer.on("click", function (e) { clickRecord(s, row, e.latlng, s.data.kind === "footprints"); });
  }

  function clickRecord(s, row, ll, footprint) {
    var map = s.map;
    G.select(map, "record:" + s.table.ids[row]);
    if (s.table.popup) L.popup(POPUP).setLatLng(ll).setContent(G.recordPopup(s.table, row, footprint)).openOn(map);
  }

  // ---------------------------------------------------------------- units

  function drawUnits(s, force) {
    var d = s.data, z = s.map.getZoom();
    var mode = d.cities && d.cities.length && z < d.zoom ? "cities" : "units";
    if (!force && mode === s.unitMode) return;
    s.unitMode = mode;
    s.units.clearLayers();
    s.badges = {};
    (d[mode] || []).forEach(function (u) { badge(s, u); });
  }

  function badge(s, u) {
    var d = s.data, look = d.badge, size = Math.round(u.s);
    var dx = (d.slot[0] - (d.slot[1] - 1) / 2) * (size + 3); // layers side by side
    var ll = s.datum === "gcj02" && u.g ? u.g : u.x;
    var m = L.marker([ll[1], ll[0]], {
      icon: L.divIcon({ className: "geoplan-unit geoplan-unit-" + (u.l === "city" ? "city" : "county"),
        html: String(u.c), iconSize: [size, size], iconAnchor: [size / 2 - dx, size / 2] }),
      keyboard: false, riseOnHover: true
    });
    m.feature = { type: "Feature", properties: { unit: u.a } };
    m.bindTooltip(tip(u.t), { direction: "top", offset: [dx, -size / 2], opacity: 0.95 });
    m.on("add", function () {
      var e = m.getElement();
      e.style.background = rgba(look.fillColor, look.fillOpacity);
      e.style.border = look.weight + "px " + (look.dashArray ? "dashed " : "solid ") + rgba(look.color, 1);
      e.style.boxShadow = "0 0 0 1px " + rgba(look.fillColor, 1) + ", 0 1px 3px rgba(0,0,0,0.35)";
      e.setAttribute("data-unit", u.a);
      e.setAttribute("data-count", String(u.c));
      if (s.selectedUnits && s.selectedUnits[u.a]) e.classList.add("is-selected");
    });
    m.on("click", function () {
      G.select(s.map, "unit:" + u.a);
      if (s.table.popup) unitPopup(s, u, m.getLatLng());
    });
    s.units.addLayer(m);
    s.badges[u.a] = m;
  }

  // The list of a badge's records; a click on one shows its popup, with a way back.
  function unitPopup(s, u, ll) {
    var t = s.table, rows = cumsum(G.decodeVarints(u.r)), shown = Math.min(rows.length, s.data.listMax);
    var box = el("div", "geoplan-popup geoplan-unit-list"), popup = L.popup(POPUP).setLatLng(ll);
    el("h4", null, u.h, box);
    el("div", "caveat", u.cav, box);
    var list = el("ol", null, null, box);
    rows.slice(0, shown).forEach(function (row) {
      var button = el("button", "geoplan-link", t.name(row), el("li", null, null, list));
      button.type = "button";
      button.setAttribute("data-record", t.ids[row]);
      // Stop each click here: the button leaves the page as the popup changes, and
      // Leaflet would take a click on a detached node for a click on the map.
      L.DomEvent.on(button, "click", function (e) {
        L.DomEvent.stop(e);
        var page = el("div");
        var back = el("button", "geoplan-link geoplan-back", t.ui.back, page);
        back.type = "button";
        L.DomEvent.on(back, "click", function (ev) {
          L.DomEvent.stop(ev);
          popup.setContent(box);
          G.select(s.map, "unit:" + u.a);
        });
        page.appendChild(G.recordPopup(t, row, false));
        popup.setContent(page);
        G.select(s.map, "record:" + t.ids[row]);
      });
    });
    if (rows.length > shown) el("div", "note", t.ui.more.replace("{n}", rows.length - shown), box);
    popup.setContent(box).openOn(s.map);
  }

  // Which units (of the county view) count a row: decoded once, on the first selection.
  function unitsOf(s, row) {
    if (!s.unitRows) {
      s.unitRows = new Map();
      ["units", "cities"].forEach(function (mode) {
        (s.data[mode] || []).forEach(function (u) {
          cumsum(G.decodeVarints(u.r)).forEach(function (r) {
            var list = s.unitRows.get(r);
            if (!list) s.unitRows.set(r, (list = []));
            list.push({ mode: mode, unit: u.a });
          });
        });
      });
    }
    return s.unitRows.get(row) || [];
  }

  // ---------------------------------------------------------------- selection

  // Highlight what a view inspects ("record:<id>", "unit:<adcode>") in every record layer.
  G.select = function (target, focus) {
    if (target instanceof L.Map) return selectOn(target, focus);
    target.once("add", function () { selectOn(target._map, focus); }); // a group on its way
  };

  function selectOn(map, focus) {
    map._geoplanFocus = focus || "";
    (map._geoplanRecords || []).forEach(function (l) { l._geoplanSelect(); });
  }

  function highlight(s) {
    var map = s.map, focus = map._geoplanFocus || "", cut = focus.indexOf(":");
    var kind = focus.slice(0, cut), name = focus.slice(cut + 1), look = s.data.select;
    s.sel.clearLayers();
    s.selectedUnits = {};
    s.bubbles.forEach(function (b) { mark(b.marker, false); });
    Object.keys(s.badges).forEach(function (a) { mark(s.badges[a], false); });
    if (kind === "unit") return selectUnits(s, [name]);
    if (kind !== "record" || !s.table) return;
    var row = s.table.rowOf(name);
    if (row < 0) return;
    var drawn = s.drawn.get(row);
    if (drawn) {
      var ring = L.extend({}, look.record, { pane: "geoplanSelected", radius: drawn.options.radius + 5, className: "geoplan-selected" });
      s.sel.addLayer(L.circleMarker(drawn.getLatLng(), ring));
    } else if (s.pt && s.pt.index.has(row)) {
      var i = s.pt.index.get(row);
      s.bubbles.forEach(function (b) { if (b.members.indexOf(i) >= 0) mark(b.marker, true); });
    }
    s.shapes.eachLayer(function (l) {
      if (l.feature.properties._row !== row) return;
      var weight = (l.options.weight || 2) + 3;
      s.sel.addLayer(L.geoJSON(l.toGeoJSON(), { pane: "geoplanSelected", interactive: false,
        style: L.extend({}, look.record, { weight: weight, className: "geoplan-selected" }) }));
    });
    var units = unitsOf(s, row).filter(function (u) { return u.mode === "units"; });
    selectUnits(s, units.map(function (u) { return u.unit; }));
  }

  function selectUnits(s, adcodes) {
    adcodes.forEach(function (a) {
      shade(s, a);
      s.selectedUnits[a] = true;
      // in the city view, a county's records are on its city's badge
      if (s.unitMode === "cities") s.selectedUnits[a.slice(0, 4) + "00"] = true;
    });
    Object.keys(s.selectedUnits).forEach(function (a) { if (s.badges[a]) mark(s.badges[a], true); });
  }

  function mark(m, on) {
    var e = m.getElement && m.getElement();
    if (e) e.classList.toggle("is-selected", on);
  }

  // Shade a unit: its shape from the map's boundary layers (features carry their adcode).
  function shade(s, adcode) {
    var look = L.extend({}, s.data.select.unit, { className: "geoplan-shaded" });
    (s.map._geoplanLayers || []).some(function (layer) {
      var found = false;
      layer.eachLayer(function (l) {
        if (found || !l.feature || l.feature.properties.adcode !== adcode) return;
        s.sel.addLayer(L.geoJSON(l.toGeoJSON(), { pane: "geoplanShapes", interactive: false, style: look }));
        found = true;
      });
      return found;
    });
  }
})();
