/* The results choropleth: Leaflet, its tiles and the areas' shapes load only after "Karte anzeigen" is
   pressed. Each area is filled by its class (light to dark) and labelled with its value as text, so the map
   does not depend on telling colours apart; areas whose value is not shown are hatched grey. The table on
   the page is the accessible alternative with the same values. */
(function () {
  "use strict";
  var HATCH = "nahbar-hatch";

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

  function addHatch(map) {
    var svg = map.getPanes().overlayPane.querySelector("svg");
    if (!svg || svg.querySelector("#" + HATCH)) return;
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    var pattern = document.createElementNS(ns, "pattern");
    pattern.setAttribute("id", HATCH);
    pattern.setAttribute("patternUnits", "userSpaceOnUse");
    pattern.setAttribute("width", "8");
    pattern.setAttribute("height", "8");
    pattern.setAttribute("patternTransform", "rotate(45)");
    var back = document.createElementNS(ns, "rect");
    back.setAttribute("width", "8");
    back.setAttribute("height", "8");
    back.setAttribute("fill", "#ffffff");
    var line = document.createElementNS(ns, "rect");
    line.setAttribute("width", "3");
    line.setAttribute("height", "8");
    line.setAttribute("fill", "#9e9e9e");
    pattern.appendChild(back);
    pattern.appendChild(line);
    defs.appendChild(pattern);
    svg.insertBefore(defs, svg.firstChild);
  }

  function show(panel, container, data) {
    var L = window.L;
    var colours = panel.dataset.colours.split(" ");
    container.hidden = false;
    container.setAttribute("role", "region");
    container.setAttribute("aria-label", panel.dataset.labelMap);
    var map = L.map(container, { keyboard: true });
    L.tileLayer(panel.dataset.tileUrl, { maxZoom: 19, attribution: panel.dataset.attribution }).addTo(map);
    var layer = L.geoJSON(data, {
      style: function (feature) {
        var cls = feature.properties["class"];
        return {
          color: "#333333",
          weight: 1,
          fillOpacity: cls === null ? 1 : 0.8,
          fillColor: cls === null ? "url(#" + HATCH + ")" : colours[cls],
        };
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        var text = p.name + ": " + (p.value || panel.dataset.labelHidden);
        shape.bindTooltip(p.value || "–", { permanent: true, direction: "center", className: "results-map-label" });
        shape.bindPopup(text + (p.ci ? " (" + p.ci + ")" : p.note ? " – " + p.note : ""));
      },
    }).addTo(map);
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { padding: [10, 10] });
    } else {
      map.setView([51.16, 10.45], 6);
    }
    addHatch(map); // after the view is set: Leaflet creates the SVG of the shapes only then
  }

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.getElementById("karte-bereich");
    var button = document.getElementById("karte-laden");
    var container = document.getElementById("karte");
    if (!panel || !button || !container) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      fetch(panel.dataset.geojson, { headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          load(panel, function () {
            show(panel, container, data);
            button.hidden = true;
            container.focus();
          });
        })
        .catch(function () { button.disabled = false; });
    });
  });
})();
