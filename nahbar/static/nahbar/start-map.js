/* The finder map: Leaflet and its tiles load only after "Karte anzeigen" is pressed (privacy, weight).
   Markers are focusable (Tab) and open their popup with Enter; the list on the page is the alternative.

   Nearby markers are grouped into clusters (a small grid clustering, below, instead of a plugin: up to
   ~1,000 places need no more, and every cluster is a Leaflet marker with keyboard: true, so it is a
   focusable button (role=button, tabindex=0) that Enter or a click zooms into; focus then moves to the first
   marker or cluster of what was inside, and a live region says what is now visible). */
(function () {
  "use strict";
  var CELL = 64; // px: markers closer than about this on screen share a cluster
  var MAX_CLUSTER_ZOOM = 16; // from here on every place is shown on its own

  function load(panel, done) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = panel.dataset.leafletCss;
    document.head.appendChild(css);
    var script = document.createElement("script");
    script.src = panel.dataset.leafletJs;
    script.onload = done;
    document.head.appendChild(script);
  }
  function popup(marker) {
    var box = document.createElement("p");
    var link = document.createElement("a");
    link.href = marker.url;
    link.textContent = marker.name;
    box.appendChild(link);
    box.appendChild(document.createTextNode(" – " + marker.label));
    return box;
  }

  /* Groups of marker indexes for the map's current zoom: one grid cell of CELL pixels each. */
  function clusters(map, markers) {
    var zoom = map.getZoom();
    if (zoom >= MAX_CLUSTER_ZOOM) return markers.map(function (m, i) { return [i]; });
    var cells = {};
    var order = [];
    markers.forEach(function (m, i) {
      var p = map.project([m.lat, m.lon], zoom);
      var key = Math.floor(p.x / CELL) + ":" + Math.floor(p.y / CELL);
      if (!cells[key]) {
        cells[key] = [];
        order.push(key);
      }
      cells[key].push(i);
    });
    return order.map(function (key) { return cells[key]; });
  }

  function clusterIcon(L, count, text) {
    var size = count < 10 ? 36 : count < 100 ? 42 : 50;
    var html = '<span aria-hidden="true">' + count + '</span><span class="map-visually-hidden">' +
      count + " " + text + "</span>";
    return L.divIcon({ html: html, className: "map-cluster", iconSize: [size, size] });
  }

  function Layer(L, map, panel, markers, status) {
    var group = L.layerGroup().addTo(map);
    var shown = []; // [{indexes, layer}]
    function single(i) {
      var m = markers[i];
      var label = m.name + " (" + m.label + ")";
      return L.marker([m.lat, m.lon], { title: label, alt: label, keyboard: true }).bindPopup(popup(m));
    }
    function cluster(indexes) {
      var bounds = L.latLngBounds(indexes.map(function (i) { return [markers[i].lat, markers[i].lon]; }));
      var layer = L.marker(bounds.getCenter(), {
        icon: clusterIcon(L, indexes.length, panel.dataset.labelCluster),
        keyboard: true,
        riseOnHover: true,
      });
      layer.on("click", function () { zoomInto(bounds, indexes[0]); });
      // Leaflet opens popups on Enter but fires nothing else for it: a cluster zooms in on Enter and Space.
      layer.on("keypress", function (event) {
        var key = event.originalEvent.key;
        if (key === "Enter" || key === " ") {
          event.originalEvent.preventDefault();
          zoomInto(bounds, indexes[0]);
        }
      });
      return layer;
    }
    function zoomInto(bounds, first) {
      var zoom = Math.min(MAX_CLUSTER_ZOOM, Math.max(map.getZoom() + 1, map.getBoundsZoom(bounds.pad(0.2))));
      map.once("moveend", function () {
        render();
        var target = shown.filter(function (s) { return s.indexes.indexOf(first) >= 0; })[0];
        var icon = target && target.layer.getElement && target.layer.getElement();
        if (icon) icon.focus();
        var visible = shown.filter(function (s) { return map.getBounds().contains(s.layer.getLatLng()); }).length;
        status.textContent = panel.dataset.labelZoomed.replace("%(count)s", String(visible));
      });
      map.setView(bounds.getCenter(), zoom);
    }
    function render() {
      group.clearLayers();
      shown = clusters(map, markers).map(function (indexes) {
        var layer = indexes.length === 1 ? single(indexes[0]) : cluster(indexes);
        layer.addTo(group);
        return { indexes: indexes, layer: layer };
      });
    }
    map.on("zoomend", render);
    return { render: render };
  }

  function show(panel, container, markers, status) {
    var L = window.L;
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", panel.dataset.labelMap);
    var map = L.map(container, { keyboard: true });
    L.tileLayer(panel.dataset.tileUrl, { maxZoom: 19, attribution: panel.dataset.attribution }).addTo(map);
    var bounds = markers.map(function (m) { return [m.lat, m.lon]; });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: MAX_CLUSTER_ZOOM });
    } else {
      map.setView([51.16, 10.45], 6);
    }
    Layer(L, map, panel, markers, status).render();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("karte-bereich");
    var button = document.getElementById("karte-laden");
    var container = document.getElementById("karte");
    var data = document.getElementById("karte-orte");
    var status = document.getElementById("karte-status");
    if (!panel || !button || !container || !data || !status) return;
    var markers = JSON.parse(data.textContent);
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      load(panel, function () {
        show(panel, container, markers, status);
        button.hidden = true;
        container.focus();
      });
    });
  });
})();
