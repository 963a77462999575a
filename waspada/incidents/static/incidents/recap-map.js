/* Incident recap map: kabupaten/kota coloured by incidents in the chosen period and filters
   (incidents:recap_map, scoped), with a point layer of the incidents that carry coordinates
   (incidents:recap_points: single incidents, or grid cells when there are many — circles sized
   by count). The same counts are in the tables beside the map. */
(function () {
  "use strict";
  var el = document.getElementById("peta-rekap");
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
  /* "2026-11-11" → "11-11-2026", as dates are written on the pages. */
  function day(iso) { var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || ""); return m ? m[3] + "-" + m[2] + "-" + m[1] : iso; }

  /* Five classes from the quantiles of the non-zero counts. */
  function breaks(counts) {
    var values = Object.keys(counts).map(function (k) { return counts[k]; }).filter(function (v) { return v > 0; });
    values.sort(function (a, b) { return a - b; });
    if (!values.length) { return []; }
    var out = [];
    [0.2, 0.4, 0.6, 0.8].forEach(function (q) {
      var v = values[Math.min(values.length - 1, Math.floor(q * values.length))];
      if (!out.length || v > out[out.length - 1]) { out.push(v); }
    });
    return out;
  }
  function classOf(value, limits) {
    var i = 0;
    while (i < limits.length && value > limits[i]) { i += 1; }
    return Math.min(i + (COLOURS.length - 1 - limits.length), COLOURS.length - 1);
  }
  function inFocus(code) { return !focus || code === focus || code.indexOf(focus + ".") === 0; }

  function legend(limits) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var div = L.DomUtil.create("div", "map-legend");
      var title = L.DomUtil.create("div", "fw-semibold", div);
      title.textContent = el.dataset.labelChoropleth || "";
      var low = 1;
      limits.concat([Infinity]).forEach(function (high, i) {
        var row = L.DomUtil.create("div", "", div);
        var swatch = L.DomUtil.create("span", "swatch recap-class-" + classOf(high === Infinity ? low : high, limits), row);
        swatch.setAttribute("aria-hidden", "true");
        row.appendChild(document.createTextNode(high === Infinity ? "≥ " + fmt(low) : (low === high ? fmt(low) : fmt(low) + "–" + fmt(high))));
        low = high + 1;
      });
      return div;
    };
    control.addTo(map);
  }

  function pointLayer(data) {
    var group = L.layerGroup();
    var max = 1;
    (data.features || []).forEach(function (f) { if (f.count > max) { max = f.count; } });
    (data.features || []).forEach(function (f) {
      var radius = f.count > 1 ? 4 + 14 * Math.sqrt(f.count / max) : 4;
      var marker = L.circleMarker([f.lat, f.lon], {
        radius: radius, color: "#1f3b57", weight: 1, fillColor: "#1f5f8b", fillOpacity: 0.55
      });
      var text = f.count > 1 || data.clustered ? fmt(f.count) + " " + (el.dataset.labelCell || "") :
        [day(f.date), f.category, f.region].filter(Boolean).join(" · ");
      marker.bindTooltip(text);
      if (f.url) { marker.on("click", function () { window.location.href = f.url; }); }
      marker.addTo(group);
    });
    return group;
  }

  Promise.all([
    getJSON(el.dataset.layerUrl), getJSON(el.dataset.countsUrl), getJSON(el.dataset.pointsUrl)
  ]).then(function (results) {
    var collection = WaspadaTopo.features(results[0], "kabkota");
    var counts = results[1].counts || {};
    var limits = breaks(counts);
    var shown = collection.features.filter(function (f) { return inFocus(f.properties.kode); });
    var choropleth = L.geoJSON({ type: "FeatureCollection", features: shown }, {
      style: function (feature) {
        var n = counts[feature.properties.kode] || 0;
        return { color: "#ffffff", weight: 0.6, fillColor: n ? COLOURS[classOf(n, limits)] : NONE, fillOpacity: n ? 0.85 : 0.6 };
      },
      onEachFeature: function (feature, layer) {
        var n = counts[feature.properties.kode] || 0;
        layer.bindTooltip(feature.properties.nama + " (" + feature.properties.kode + "): " + fmt(n) + " " + (el.dataset.labelIncidents || ""));
      }
    }).addTo(map);
    var points = pointLayer(results[2]).addTo(map);
    var overlays = {};
    overlays[el.dataset.labelChoropleth || "1"] = choropleth;
    overlays[el.dataset.labelPoints || "2"] = points;
    L.control.layers(null, overlays, { collapsed: false, position: "topright" }).addTo(map);
    if (shown.length) { map.fitBounds(choropleth.getBounds(), { maxZoom: 10 }); }
    legend(limits);
    el.dataset.loaded = String(Object.keys(counts).length);
    el.dataset.points = String((results[2].features || []).length);
    el.dataset.clustered = String(Boolean(results[2].clustered));
  }).catch(function () { el.dataset.loaded = "error"; });
})();
