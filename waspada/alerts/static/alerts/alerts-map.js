/* Alert list map: kabupaten/kota coloured by the number of alerts matching the list's filters
   (alerts:map, scoped). The same counts are in the table beside the map. */
(function () {
  "use strict";
  var el = document.getElementById("peta-peringatan");
  if (!el || !window.L || !window.WaspadaTopo) { return; }
  var COLOURS = ["#fee5d9", "#fcae91", "#fb6a4a", "#de2d26", "#a50f15"];
  var NONE = "#eef1f4";
  var focus = el.dataset.focus || "";
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); });
  }
  function fmt(n) { return Number(n).toLocaleString("id-ID"); }
  function colour(n, max) {
    if (!n) { return NONE; }
    var i = Math.min(COLOURS.length - 1, Math.floor((COLOURS.length * n) / (max + 1)));
    return COLOURS[i];
  }
  function inFocus(code) { return !focus || code === focus || code.indexOf(focus + ".") === 0; }

  Promise.all([getJSON(el.dataset.layerUrl), getJSON(el.dataset.countsUrl)]).then(function (results) {
    var collection = WaspadaTopo.features(results[0], "kabkota");
    var counts = results[1].counts || {};
    var max = results[1].max || 0;
    var shown = collection.features.filter(function (f) { return inFocus(f.properties.kode); });
    var layer = L.geoJSON({ type: "FeatureCollection", features: shown }, {
      style: function (feature) {
        var n = counts[feature.properties.kode] || 0;
        return { color: "#ffffff", weight: 0.6, fillColor: colour(n, max), fillOpacity: n ? 0.85 : 0.6 };
      },
      onEachFeature: function (feature, l) {
        var n = counts[feature.properties.kode] || 0;
        l.bindTooltip(feature.properties.nama + " (" + feature.properties.kode + "): " + fmt(n) + " " + (el.dataset.labelAlerts || ""));
        if (n) {
          l.on("click", function () {
            var params = new URLSearchParams(window.location.search);
            params.set("wilayah", feature.properties.kode);
            params.delete("halaman");
            window.location.search = params.toString();
          });
        }
      }
    }).addTo(map);
    if (shown.length) { map.fitBounds(layer.getBounds(), { maxZoom: 10 }); }
    el.dataset.loaded = String(Object.keys(counts).length);
  }).catch(function () { el.dataset.loaded = "error"; });
})();
