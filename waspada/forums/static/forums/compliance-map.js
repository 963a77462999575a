/* Forum formation map: provinces or kabupaten/kota coloured formed / expired / none
   (forums:compliance_map, scoped; the same rows as the tables beside it). */
(function () {
  "use strict";
  var el = document.getElementById("peta-forum");
  if (!el || !window.L || !window.WaspadaTopo) { return; }
  var COLOURS = { aktif: "#2e7d32", kedaluwarsa: "#ef6c00", belum: "#c62828" };
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }
  Promise.all([getJSON(el.dataset.layerUrl), getJSON(el.dataset.statusUrl)]).then(function (results) {
    var statuses = results[1].status || {};
    var labels = results[1].labels || {};
    var collection = WaspadaTopo.features(results[0], el.dataset.level || "kabkota");
    var shown = collection.features.filter(function (f) { return statuses[f.properties.kode]; });
    var layer = L.geoJSON({ type: "FeatureCollection", features: shown }, {
      style: function (f) {
        return { color: "#ffffff", weight: 0.6, fillColor: COLOURS[statuses[f.properties.kode]] || "#eef1f4", fillOpacity: 0.8 };
      },
      onEachFeature: function (f, l) {
        var code = f.properties.kode;
        l.bindTooltip(f.properties.nama + " (" + code + "): " + (labels[statuses[code]] || ""));
      }
    }).addTo(map);
    if (shown.length) { map.fitBounds(layer.getBounds(), { maxZoom: 9 }); }
    el.dataset.loaded = String(Object.keys(statuses).length);
  }).catch(function () { el.dataset.loaded = "error"; });
})();
