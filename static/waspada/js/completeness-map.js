/* Completeness map: the boundary basemap coloured by each region's report status for one week.
   The statuses come from reports:completeness_map (scoped); regions without a status are out of
   scope or not expected. The same counts are in the table beside the map. */
(function () {
  "use strict";
  var el = document.getElementById("peta-kelengkapan");
  if (!el || !window.L || !window.WaspadaTopo) { return; }
  var COLOURS = {
    on_time: "#2e7d32",
    late: "#ef6c00",
    nil: "#0277bd",
    missing: "#c62828",
    pending: "#9e9e9e"
  };
  var NONE = "#e3e7eb";
  var level = el.dataset.level || "kabkota";
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }

  function legend(labels) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      Object.keys(COLOURS).forEach(function (status) {
        var row = L.DomUtil.create("div", "", div);
        L.DomUtil.create("span", "swatch cell-" + status, row);
        row.appendChild(document.createTextNode(labels[status] || status));
      });
      return div;
    };
    control.addTo(map);
  }

  Promise.all([getJSON(el.dataset.layerUrl), getJSON(el.dataset.statusUrl)]).then(function (results) {
    var collection = WaspadaTopo.features(results[0], level);
    var data = results[1];
    var statuses = data.status || {};
    var labels = data.labels || {};
    var layer = L.geoJSON(collection, {
      style: function (feature) {
        var status = statuses[feature.properties.kode];
        return { color: "#ffffff", weight: 0.6, fillColor: status ? COLOURS[status] : NONE, fillOpacity: status ? 0.8 : 0.5 };
      },
      onEachFeature: function (feature, l) {
        var status = statuses[feature.properties.kode];
        var text = feature.properties.nama + " (" + feature.properties.kode + ")";
        if (status) { text += ": " + (labels[status] || status); }
        l.bindTooltip(text);
      }
    }).addTo(map);
    var focus = collection.features.filter(function (f) { return statuses[f.properties.kode]; });
    if (focus.length) {
      map.fitBounds(L.geoJSON({ type: "FeatureCollection", features: focus }).getBounds(), { maxZoom: 9 });
    } else {
      map.fitBounds(layer.getBounds());
    }
    legend(labels);
    el.dataset.loaded = String(Object.keys(statuses).length);
  }).catch(function () { el.dataset.loaded = "error"; });
})();
