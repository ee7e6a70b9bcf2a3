/* draw.js: geoplan's own polygon-drawing tool (geoplan/maps/tools.py adds it to a map).
 *
 * Leaflet.draw, which folium's Draw plugin uses, loads from a CDN; this tool needs
 * nothing but Leaflet. It speaks Leaflet.draw's language, which streamlit-folium
 * listens to: it fires "draw:created", "draw:edited" and "draw:deleted" on the map,
 * each with the changed polygon as e.layer (Leaflet.draw's "draw:edited" carries only
 * e.layers, which is why edits of a folium drawing are not always returned), and it
 * keeps every finished polygon in the feature group window.drawnItems.
 *
 * Drawing: click to add vertices, click the first vertex or double-click to finish;
 * "撤销上一点" (or Backspace) takes back the last vertex, Esc cancels. Editing: drag a
 * vertex, drag a midpoint to add one, right-click a vertex to remove it.
 */
(function () {
  "use strict";
  var G = (window.geoplan = window.geoplan || {});

  var HINTS = {
    idle: "点击“画边界”开始：在地图上单击逐个添加顶点。",
    drawing: "单击添加顶点；单击第一个顶点或双击结束；“撤销上一点”退回一步，Esc 取消。",
    edit: "拖动顶点可修改边界，拖动两点间的小方块可加点，右键单击顶点可删除该点。"
  };
  var LINE = { color: "#c0392b", weight: 2.5, opacity: 0.95 };
  var AREA = { color: "#c0392b", weight: 2.5, opacity: 0.95, fillColor: "#c0392b", fillOpacity: 0.15 };
  var SAME_POINT_PX = 5;  // a double click's two clicks land here: one vertex, not two

  function handleIcon(kind) {
    return L.divIcon({ className: "geoplan-draw-handle " + kind, iconSize: kind === "mid" ? [8, 8] : [12, 12] });
  }

  G.drawTool = function (map, options) {
    options = options || {};
    var items = L.featureGroup().addTo(map);    // the finished polygons (window.drawnItems)
    var handles = L.layerGroup().addTo(map);    // their vertex and midpoint handles
    var sketch = L.layerGroup().addTo(map);     // the polygon being drawn
    var points = [], drawing = false, guide = null;

    // ------------------------------------------------------------------ the control
    var box = L.DomUtil.create("div", "leaflet-bar geoplan-draw");
    function button(label, title, onClick) {
      var b = L.DomUtil.create("button", "geoplan-draw-button", box);
      b.type = "button";
      b.textContent = label;
      b.title = title;
      L.DomEvent.on(b, "click", function (e) { L.DomEvent.stop(e); onClick(); });
      return b;
    }
    var startButton = button("画边界", "在地图上画这个项目的边界", start);
    var undoButton = button("撤销上一点", "去掉最后添加的顶点（Backspace）", undoPoint);
    var finishButton = button("完成", "结束绘制（也可单击第一个顶点或双击）", finish);
    var cancelButton = button("取消", "放弃正在画的边界（Esc）", cancel);
    var clearButton = button("清除边界", "删除已画的全部边界", clearAll);
    var hint = L.DomUtil.create("div", "geoplan-draw-hint", box);
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    var control = L.control({ position: "topleft" });
    control.onAdd = function () { return box; };
    control.addTo(map);

    function refresh() {
      var empty = items.getLayers().length === 0;
      startButton.disabled = drawing;
      undoButton.disabled = !drawing || points.length === 0;
      finishButton.disabled = !drawing || points.length < 3;
      cancelButton.disabled = !drawing;
      clearButton.disabled = drawing || empty;
      hint.textContent = drawing ? HINTS.drawing : empty ? HINTS.idle : HINTS.edit;
      map.getContainer().classList.toggle("geoplan-drawing", drawing);
    }

    // ------------------------------------------------------------------ drawing
    function start() {
      if (drawing) return;
      drawing = true;
      points = [];
      map.doubleClickZoom.disable();  // a double click finishes the polygon instead
      redrawSketch();
      refresh();
    }

    function samePoint(a, b) {
      return map.latLngToContainerPoint(a).distanceTo(map.latLngToContainerPoint(b)) < SAME_POINT_PX;
    }

    function addPoint(latlng) {
      if (points.length && samePoint(points[points.length - 1], latlng)) return;
      points.push(latlng);
      redrawSketch();
      refresh();
    }

    function undoPoint() {
      if (!drawing || !points.length) return;
      points.pop();
      redrawSketch();
      refresh();
    }

    function redrawSketch() {
      sketch.clearLayers();
      guide = null;
      if (!points.length) return;
      L.polyline(points, L.extend({ interactive: false }, LINE)).addTo(sketch);
      points.forEach(function (p, i) {
        var first = i === 0 && points.length >= 3;
        var dot = L.circleMarker(p, {
          radius: first ? 7 : 4, color: LINE.color, weight: 2, fillColor: "#fff",
          fillOpacity: 1, bubblingMouseEvents: false, className: first ? "geoplan-draw-first" : ""
        }).addTo(sketch);
        // A click on the first vertex closes the ring; on any other vertex it is a vertex there.
        dot.on("click", function () { if (first) finish(); else addPoint(p); });
      });
    }

    function finish() {
      if (!drawing || points.length < 3) return;
      var polygon = L.polygon(points, AREA);
      stopDrawing();
      items.addLayer(polygon);
      showHandles();
      refresh();
      map.fire("draw:created", { layer: polygon, layerType: "polygon" });
    }

    function cancel() {
      if (!drawing) return;
      stopDrawing();
      refresh();
    }

    function stopDrawing() {
      drawing = false;
      points = [];
      sketch.clearLayers();
      guide = null;
      map.doubleClickZoom.enable();
    }

    map.on("click", function (e) { if (drawing) addPoint(e.latlng); });
    map.on("dblclick", function (e) {
      if (!drawing) return;
      L.DomEvent.stop(e);
      finish();
    });
    map.on("mousemove", function (e) {
      if (!drawing || !points.length) return;
      var ends = [points[points.length - 1], e.latlng];
      if (guide) guide.setLatLngs(ends);
      else guide = L.polyline(ends, L.extend({ dashArray: "4 6", interactive: false }, LINE)).addTo(sketch);
    });
    L.DomEvent.on(document, "keydown", function (e) {
      if (!drawing) return;
      if (e.key === "Escape") cancel();
      else if (e.key === "Backspace") { e.preventDefault(); undoPoint(); }
    });

    // ------------------------------------------------------------------ editing
    function ring(polygon) { return polygon.getLatLngs()[0]; }

    function edited(polygon) {
      showHandles();
      refresh();
      map.fire("draw:edited", { layer: polygon, layers: L.layerGroup([polygon]) });
    }

    function showHandles() {
      handles.clearLayers();
      items.eachLayer(function (polygon) {
        var latlngs = ring(polygon);
        latlngs.forEach(function (p, i) {
          var vertex = L.marker(p, { icon: handleIcon("vertex"), draggable: true, keyboard: false });
          vertex.on("drag", function (e) {
            latlngs[i] = e.target.getLatLng();
            polygon.setLatLngs([latlngs]);
          });
          vertex.on("dragend", function () { edited(polygon); });
          vertex.on("contextmenu", function (e) {
            L.DomEvent.stop(e);
            if (latlngs.length <= 3) return;  // a polygon keeps three vertices at least
            latlngs.splice(i, 1);
            polygon.setLatLngs([latlngs]);
            edited(polygon);
          });
          handles.addLayer(vertex);
          var next = latlngs[(i + 1) % latlngs.length];
          var mid = L.latLng((p.lat + next.lat) / 2, (p.lng + next.lng) / 2);
          var midpoint = L.marker(mid, { icon: handleIcon("mid"), draggable: true, keyboard: false });
          midpoint.on("dragstart", function () { latlngs.splice(i + 1, 0, midpoint.getLatLng()); });
          midpoint.on("drag", function (e) {
            latlngs[i + 1] = e.target.getLatLng();
            polygon.setLatLngs([latlngs]);
          });
          midpoint.on("dragend", function () { edited(polygon); });
          handles.addLayer(midpoint);
        });
      });
    }

    function clearAll() {
      if (drawing) return;
      var removed = L.layerGroup(items.getLayers());
      items.clearLayers();
      handles.clearLayers();
      refresh();
      map.fire("draw:deleted", { layers: removed });
    }

    // Polygons to start from (a saved boundary to edit), as [[lat, lng], …] rings.
    (options.start || []).forEach(function (latlngs) { items.addLayer(L.polygon(latlngs, AREA)); });
    showHandles();
    if (options.fit) {
      // A map in a frame not yet sized (streamlit-folium sizes it after the script) has no
      // size to fit into: fit once it has one.
      var fit = function () { map.fitBounds(options.fit, { animate: false, padding: [16, 16] }); };
      var size = map.getSize();
      if (size.x > 40 && size.y > 40) fit();
      else map.once("resize", fit);
    }
    refresh();
    window.drawnItems = items;
    return items;
  };
})();
