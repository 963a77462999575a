/* NPHD compliance map: provinces and kabupaten/kota coloured by the worst tranche status of
   their agreements (elections:compliance_map, scoped; the same rows as the table beside it). */
(function () {
  "use strict";
  var el = document.getElementById("peta-kepatuhan");
  if (!el || !window.L || !window.WaspadaTopo) { return; }
  var COLOURS = { on_time: "#2e7d32", late: "#f9a825", missing: "#c62828", pending: "#9e9e9e" };
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);
  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }
  Promise.all([getJSON(el.dataset.provinceUrl), getJSON(el.dataset.kabkotaUrl), getJSON(el.dataset.statusUrl)])
    .then(function (results) {
      var statuses = results[2].statuses || {};
      var labels = results[2].labels || {};
      var percent = results[2].percent || {};
      function layer(topo, name) {
        var collection = WaspadaTopo.features(topo, name);
        var shown = collection.features.filter(function (f) { return statuses[f.properties.kode]; });
        return L.geoJSON({ type: "FeatureCollection", features: shown }, {
          style: function (f) {
            return { color: "#ffffff", weight: 0.6, fillColor: COLOURS[statuses[f.properties.kode]] || "#eef1f4", fillOpacity: 0.8 };
          },
          onEachFeature: function (f, l) {
            var code = f.properties.kode;
            l.bindTooltip(f.properties.nama + " (" + code + "): " + (labels[statuses[code]] || "") + " · " + (percent[code] || "0") + " %");
          }
        });
      }
      var provinces = layer(results[0], "provinsi").addTo(map);
      var kabkota = layer(results[1], "kabkota").addTo(map);
      var group = L.featureGroup([provinces, kabkota]);
      if (group.getLayers().some(function (g) { return g.getLayers().length; })) {
        try { map.fitBounds(group.getBounds(), { maxZoom: 9 }); } catch (e) { /* nothing shown */ }
      }
      el.dataset.loaded = String(Object.keys(statuses).length);
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
