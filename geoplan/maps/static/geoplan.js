/* geoplan.js: the browser half of geoplan/maps/interactive.py.
 *
 * Geometry arrives compactly encoded (see geoplan/maps/encoding.py): every
 * coordinate list is a string of zigzag base-64 varints, in 1e-5 degree steps
 * (~1 m), each coordinate stored as the difference from the previous one.
 * Features drawn over GCJ-02 tiles (Gaode) carry a second string per list:
 * the GCJ-02 minus WGS-84 offset, computed in Python by geoplan.crs and also
 * delta-encoded. The browser never transforms coordinates; it only adds the
 * offsets geoplan.crs computed.
 */
(function () {
  "use strict";
  var G = (window.geoplan = window.geoplan || {});

  // Leaflet focuses the map on mousedown (for its keyboard handler) and then restores
  // the scroll of its own window only. In an iframe (the app's map) the focus also
  // scrolls the parent page to show the whole iframe, between mousedown and click:
  // the click then lands beside the feature pressed. Focus without scrolling.
  if (L.Map.Keyboard) {
    L.Map.Keyboard.prototype._onMouseDown = function () {
      if (!this._focused) this._map._container.focus({ preventScroll: true });
    };
  }

  // Zigzag base-64 varints (geoplan/maps/encoding.py encode_ints), no sums.
  G.decodeVarints = function (text) {
    var out = [], index = 0;
    while (index < text.length) {
      var result = 0, shift = 0, b;
      do {
        b = text.charCodeAt(index++) - 63;
        result |= (b & 0x1f) << shift;
        shift += 5;
      } while (b >= 0x20);
      out.push(result & 1 ? ~(result >> 1) : result >> 1);
    }
    return out;
  };

  // Decode one string into a flat array of x, y integers (each a sum of its deltas).
  G.decodeInts = function (text) {
    var out = G.decodeVarints(text);
    for (var i = 2; i < out.length; i++) out[i] += out[i - 2];
    return out;
  };

  function decodeList(wgs, offsets) {
    var w = G.decodeInts(wgs), o = offsets ? G.decodeInts(offsets) : null, coords = [];
    for (var i = 0; i < w.length; i += 2) {
      var x = w[i], y = w[i + 1];
      if (o) { x += o[i]; y += o[i + 1]; }
      coords.push([x / 1e5, y / 1e5]);
    }
    return coords;
  }

  // Walk the nested structure of an encoded geometry: strings are coordinate lists.
  function decodeNested(w, g) {
    if (typeof w === "string") return decodeList(w, g);
    var out = [];
    for (var i = 0; i < w.length; i++) out.push(decodeNested(w[i], g ? g[i] : null));
    return out;
  }

  G.decodeGeometry = function (geometry, datum) {
    var offsets = datum === "gcj02" ? geometry.g : null;
    var coords = decodeNested(geometry.w, offsets);
    if (geometry.type === "Point") coords = coords[0];
    return { type: geometry.type, coordinates: coords };
  };

  G.decode = function (collection, datum) {
    var features = [];
    for (var i = 0; i < collection.features.length; i++) {
      var f = collection.features[i];
      features.push({ type: "Feature", properties: f.properties, geometry: G.decodeGeometry(f.geometry, datum) });
    }
    return { type: "FeatureCollection", features: features };
  };

  G.datum = function (map) { return map._geoplanDatum || "wgs84"; };

  // A GeoJSON layer whose style, popup, tooltip and label come precomputed
  // (and HTML-escaped) from Python in each feature's properties. The parent is
  // the map, or a layer group whose map is known only once the group is shown
  // (the app adds its filtered records so, see maps.record_overlay); such a
  // layer may bring its own legend section, shown while the layer is.
  G.layer = function (parent, collection, id, legend) {
    var layer = L.geoJSON(null, {
      style: function (f) { return f.properties._style; },
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        if (p._label) {
          // an approximate member's label is its handle (clickable, in a dashed frame)
          var approx = p._approx ? ' class="geoplan-approx" style="border-color:' + p._approx + '"' : "";
          var top = p._dy ? ' style="position:relative;top:' + p._dy + 'px"' : "";
          return L.marker(latlng, {
            icon: L.divIcon({
              className: p._approx ? "geoplan-label geoplan-label-approx" : "geoplan-label",
              iconSize: null, html: "<span" + top + "><span" + approx + ">" + p._label + "</span></span>"
            }),
            interactive: !!p._approx, keyboard: false
          });
        }
        return L.circleMarker(latlng, p._style);
      },
      onEachFeature: function (f, l) {
        var p = f.properties;
        if (p._style && p._style.hatch) l.on("add", function () { hatch(l); });
        if (p._popup) l.bindPopup(p._popup, { maxWidth: 460, maxHeight: 440, autoPanPadding: [24, 24] });
        if (p._tooltip) l.bindTooltip(p._tooltip, { sticky: true, direction: "top", opacity: 0.95 });
      }
    });
    layer._geoplanData = collection;
    layer._geoplanId = id;
    if (parent instanceof L.Map) {
      show(layer, parent);
      return layer;
    }
    layer.on("add", function () {
      show(layer, layer._map);
      if (legend) G.legendSection(layer._map, id, legend);
    });
    layer.on("remove", function () {
      var map = layer._map, layers = map._geoplanLayers || [];
      map._geoplanLayers = layers.filter(function (l) { return l !== layer; });
      if (legend) G.legendSection(map, id, null);
    });
    return layer;
  };

  // Draw a layer's features in the map's current datum and register it for datum switches.
  function show(layer, map) {
    var datum = G.datum(map);
    if (layer._geoplanDatum !== datum) {
      layer.clearLayers();
      layer.addData(G.decode(layer._geoplanData, datum));
      layer._geoplanDatum = datum;
    }
    (map._geoplanLayers = map._geoplanLayers || []).push(layer);
  }

  G.setDatum = function (map, datum) {
    if (G.datum(map) === datum) return;
    map._geoplanDatum = datum;
    var layers = map._geoplanLayers || [];
    for (var i = 0; i < layers.length; i++) {
      layers[i].clearLayers();
      layers[i].addData(G.decode(layers[i]._geoplanData, datum));
      layers[i]._geoplanDatum = datum;
    }
    // record layers (records.js) redraw themselves
    (map._geoplanRecords || []).forEach(function (l) { l._geoplanRedraw(datum); });
    var box = map.getContainer();
    box.setAttribute("data-geoplan-datum", datum);
  };

  // Fit the map to bounds when a group is added with a key the map has not fitted yet
  // (the app's outline of the units a planner filters by; bounds null: no units, no move).
  G.fitOnChange = function (group, bounds, key) {
    group.on("add", function () {
      var map = group._map;
      if (map._geoplanFitKey === key) return;
      map._geoplanFitKey = key;
      if (bounds) map.fitBounds(bounds, { padding: [16, 16], animate: false });
    });
  };

  // Switch the vector layers' datum with the base layer: tile layers built by
  // geoplan carry options.geoplanDatum ("gcj02" for Gaode).
  G.watchBaseLayers = function (map, initialDatum) {
    G.watchTiles(map);
    map.getContainer().setAttribute("data-geoplan-datum", "wgs84");
    G.setDatum(map, initialDatum);
    map.on("baselayerchange", function (e) {
      G.setDatum(map, (e.layer.options && e.layer.options.geoplanDatum) || "wgs84");
    });
  };

  // Tile base maps are often blocked (government intranets): when a tile layer's tiles
  // fail more often than they load, say so on the map and name the offline base map.
  // The text is fixed here, never from data.
  var TILE_NOTICE = "底图瓦片无法加载（内网常屏蔽在线地图）。图层和项目不受影响；" +
    "请改用底图“无底图（离线）”。";
  function tileNotice(map, shown) {
    var box = map._geoplanTileNotice;
    if (!shown) { if (box) box.style.display = "none"; return; }
    if (!box) {
      box = map._geoplanTileNotice = L.DomUtil.create("div", "geoplan-tile-notice", map.getContainer());
      box.setAttribute("role", "alert");
      L.DomUtil.create("span", "", box).textContent = TILE_NOTICE;
      var close = L.DomUtil.create("button", "", box);
      close.type = "button";
      close.textContent = "×";
      close.title = "关闭提示";
      L.DomEvent.on(close, "click", function () { box.style.display = "none"; box._closed = true; });
      L.DomEvent.disableClickPropagation(box);
    }
    if (!box._closed) box.style.display = "";
  }

  G.watchTiles = function (map) {
    function watch(layer) {
      if (!(layer instanceof L.TileLayer) || layer._geoplanWatched) return;
      var loaded = 0, failed = 0;
      layer._geoplanWatched = true;
      layer.on("tileload", function () { loaded++; });
      layer.on("tileerror", function () {
        failed++;
        if (failed > loaded && map.hasLayer(layer)) tileNotice(map, true);
      });
    }
    map.eachLayer(watch);
    map.on("layeradd", function (e) { watch(e.layer); });
    map.on("baselayerchange", function () { tileNotice(map, false); });
  };

  // Fill a path with diagonal lines of its colour (style.member_style's "hatch"): a
  // member drawn over a larger one, which keeps its own colour between the lines.
  var SVG_NS = "http://www.w3.org/2000/svg";
  function hatch(layer) {
    var svg = layer._renderer && layer._renderer._container, path = layer._path;
    if (!svg || !path) return;
    var color = layer.options.color, id = "geoplan-hatch-" + color.replace(/[^0-9a-zA-Z]/g, "");
    if (!svg.querySelector("#" + id)) {
      var defs = svg.querySelector("defs");
      if (!defs) defs = svg.insertBefore(document.createElementNS(SVG_NS, "defs"), svg.firstChild);
      var pattern = document.createElementNS(SVG_NS, "pattern");
      var attrs = { id: id, patternUnits: "userSpaceOnUse", width: 8, height: 8, patternTransform: "rotate(45)" };
      for (var k in attrs) pattern.setAttribute(k, attrs[k]);
      var line = document.createElementNS(SVG_NS, "line");
      var lineAttrs = { x1: 0, y1: 0, x2: 0, y2: 8, stroke: color, "stroke-width": 2.5, "stroke-opacity": 0.75 };
      for (var a in lineAttrs) line.setAttribute(a, lineAttrs[a]);
      pattern.appendChild(line);
      defs.appendChild(pattern);
    }
    path.setAttribute("fill", "url(#" + id + ")");
    path.setAttribute("fill-opacity", "1");
  }

  // The scale bar, and the legend: a panel beside the map, which never covers it
  // ("beside"; a folding box over the map in narrow windows), or none ("none": the
  // page shows the legend itself, as the app does). Sections follow their layers
  // in the layer control.
  var NARROW_PX = 720;
  G.legend = function (map, html, placement) {
    L.control.scale({ imperial: false, maxWidth: 160, position: "bottomleft" }).addTo(map);
    if (placement === "none") return null;
    var div = L.DomUtil.create("div", "geoplan-legend");
    var head = L.DomUtil.create("button", "geoplan-legend-toggle", div);
    head.type = "button";
    head.textContent = "图例";
    head.title = "收起或展开图例";
    var body = L.DomUtil.create("div", "geoplan-legend-body", div);
    body.innerHTML = html;
    L.DomEvent.on(head, "click", function () { div.classList.toggle("collapsed"); });
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    // The map and its legend share a frame: the map takes what the legend leaves.
    var box = map.getContainer(), frame = L.DomUtil.create("div", "geoplan-frame");
    box.parentNode.insertBefore(frame, box);
    frame.appendChild(box);
    frame.appendChild(div);
    box.style.flex = "1 1 0";
    box.style.minWidth = "0";
    function place() {
      var narrow = frame.clientWidth < NARROW_PX;
      if (narrow && !frame.classList.contains("narrow")) div.classList.add("collapsed");
      frame.classList.toggle("narrow", narrow);
      body.style.maxHeight = narrow ? Math.max(120, Math.round(frame.clientHeight * 0.45)) + "px" : "";
      map.invalidateSize();
    }
    var control = { getContainer: function () { return div; }, place: place };
    map._geoplanLegend = control;
    markEmpty(div);
    place();
    window.addEventListener("resize", place);
    function toggle(e, shown) {
      if (!e.layer || !e.layer._geoplanId) return;
      var sections = div.querySelectorAll("[data-layer]");
      for (var i = 0; i < sections.length; i++) {
        if (sections[i].getAttribute("data-layer") === e.layer._geoplanId) sections[i].style.display = shown ? "" : "none";
      }
    }
    map.on("overlayadd", function (e) { toggle(e, true); });
    map.on("overlayremove", function (e) { toggle(e, false); });
    return control;
  };

  function markEmpty(legend) {
    var body = legend.querySelector(".geoplan-legend-body");
    legend.classList.toggle("is-empty", !body || !body.children.length);
  }

  // Show (html) or remove (null) the legend section of a layer added after the legend.
  G.legendSection = function (map, id, html) {
    var legend = map._geoplanLegend && map._geoplanLegend.getContainer();
    var box = legend && legend.querySelector(".geoplan-legend-body");
    if (!box) return;
    var sections = box.querySelectorAll("[data-layer]");
    for (var i = 0; i < sections.length; i++) {
      if (sections[i].getAttribute("data-layer") === id) box.removeChild(sections[i]);
    }
    if (html) box.insertAdjacentHTML("beforeend", html);
    markEmpty(legend);
    map._geoplanLegend.place();  // the panel may have appeared or gone: the map resizes
  };
})();
