/* Foreigners recap map: kabupaten/kota coloured by the number of foreigners (the same numbers as
   the table beside it; counts come from a json_script block, boundaries from regions:map_layer). */
(function () {
  "use strict";
  var el = document.getElementById("peta-orang-asing");
  if (!el || !window.L || !window.WaspadaTopo) { return; }
  var countsEl = document.getElementById(el.dataset.countsId);
  var counts = countsEl ? JSON.parse(countsEl.textContent) : {};
  var max = 0;
  Object.keys(counts).forEach(function (k) { if (counts[k] > max) { max = counts[k]; } });
  var SHADES = ["#deebf7", "#9ecae1", "#4292c6", "#08519c"];
  function colour(n) {
    if (!n) { return "#f4f5f7"; }
    var i = Math.min(SHADES.length - 1, Math.floor((n / (max || 1)) * SHADES.length));
    return SHADES[i];
  }
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);
  fetch(el.dataset.kabkotaUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (topo) {
      var collection = WaspadaTopo.features(topo, "kabkota");
      var layer = L.geoJSON(collection, {
        style: function (f) {
          return { color: "#ffffff", weight: 0.5, fillColor: colour(counts[f.properties.kode]), fillOpacity: 0.85 };
        },
        onEachFeature: function (f, l) {
          l.bindTooltip(f.properties.nama + " (" + f.properties.kode + "): " + (counts[f.properties.kode] || 0));
        }
      }).addTo(map);
      var shown = layer.getLayers().filter(function (l) { return counts[l.feature.properties.kode]; });
      if (shown.length) {
        try { map.fitBounds(L.featureGroup(shown).getBounds(), { maxZoom: 9 }); } catch (e) { /* nothing */ }
      }
      el.dataset.loaded = String(Object.keys(counts).length);
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
