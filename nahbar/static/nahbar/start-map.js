/* The finder map: Leaflet and its tiles load only after "Karte anzeigen" is pressed (privacy, weight).
   Markers are focusable (Tab) and open their popup with Enter; the list on the page is the alternative. */
(function () {
  "use strict";
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
  function show(panel, container, markers) {
    var L = window.L;
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", panel.dataset.labelMap);
    var map = L.map(container, { keyboard: true });
    L.tileLayer(panel.dataset.tileUrl, { maxZoom: 19, attribution: panel.dataset.attribution }).addTo(map);
    var bounds = [];
    markers.forEach(function (m) {
      var label = m.name + " (" + m.label + ")";
      L.marker([m.lat, m.lon], { title: label, alt: label, keyboard: true })
        .bindPopup(popup(m))
        .addTo(map);
      bounds.push([m.lat, m.lon]);
    });
    if (bounds.length) {
      map.fitBounds(bounds, { padding: [30, 30], maxZoom: 16 });
    } else {
      map.setView([51.16, 10.45], 6);
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("karte-bereich");
    var button = document.getElementById("karte-laden");
    var container = document.getElementById("karte");
    var data = document.getElementById("karte-orte");
    if (!panel || !button || !container || !data) return;
    var markers = JSON.parse(data.textContent);
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      load(panel, function () {
        show(panel, container, markers);
        button.hidden = true;
        container.focus();
      });
    });
  });
})();
