/* sync.js: maps side by side that pan and zoom together (geoplan/maps/tools.py).
 *
 * The app draws each map in a frame of its own (streamlit-folium). Frames of one
 * page share its origin, so a map finds the others of its group in the parent page's
 * frames and moves them with it. A map moved by another does not move the others back.
 */
(function () {
  "use strict";
  var G = (window.geoplan = window.geoplan || {});

  function partners(group) {
    var found = [], frames;
    try {
      frames = window.parent.document.querySelectorAll("iframe");
    } catch (err) {
      return found;  // not in a page of the same origin: nothing to follow
    }
    for (var i = 0; i < frames.length; i++) {
      var other = frames[i].contentWindow;
      if (!other || other === window) continue;
      try {
        var sync = other.__geoplanSync;
        if (sync && sync.group === group) found.push(sync);
      } catch (err) { /* a frame of another origin */ }
    }
    return found;
  }

  G.syncViews = function (map, group) {
    var self = { group: group, map: map, following: false };
    window.__geoplanSync = self;
    map.on("moveend", function () {
      if (self.following) { self.following = false; return; }
      var center = map.getCenter(), zoom = map.getZoom();
      partners(group).forEach(function (other) {
        var there = other.map.getCenter();
        if (other.map.getZoom() === zoom && there.equals(center, 1e-9)) return;
        other.following = true;
        other.map.setView(center, zoom, { animate: false });
      });
    });
    return self;
  };
})();
