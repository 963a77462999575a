/* Home-page map: boundaries are the basemap (no tile server); the user's scope is highlighted. */
(function () {
  "use strict";
  var el = document.getElementById("peta");
  if (!el || !window.L || !window.WaspadaTopo) { return; }
  var scopeAttr = el.dataset.scope || "";
  var national = scopeAttr === "national";
  var scopeCodes = national ? [] : scopeAttr.split(",").filter(Boolean);
  function inScope(code) {
    if (national) { return true; }
    return scopeCodes.some(function (c) { return code === c || code.indexOf(c + ".") === 0 || c.indexOf(code + ".") === 0; });
  }
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);
  var current = null;
  var cache = {};
  function style(feature) {
    var hit = inScope(feature.properties.kode);
    return { color: "#ffffff", weight: 0.8, fillColor: hit ? "#c0392b" : "#aab7c4", fillOpacity: hit ? 0.65 : 0.45 };
  }
  function show(level) {
    var load = cache[level] ? Promise.resolve(cache[level]) :
      fetch(el.dataset.layerUrl.replace("LEVEL", level), { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
        .then(function (topo) { cache[level] = WaspadaTopo.features(topo, level); return cache[level]; });
    load.then(function (collection) {
      if (current) { map.removeLayer(current); }
      current = L.geoJSON(collection, {
        style: style,
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.nama + " (" + feature.properties.kode + ")");
          if (inScope(feature.properties.kode)) {
            layer.on("click", function () {
              window.location.href = el.dataset.regionUrl.replace("CODE", feature.properties.kode);
            });
          }
        }
      }).addTo(map);
      var focus = collection.features.filter(function (f) { return !national && inScope(f.properties.kode); });
      if (focus.length) { map.fitBounds(L.geoJSON({ type: "FeatureCollection", features: focus }).getBounds(), { maxZoom: 9 }); }
      else { map.fitBounds(current.getBounds()); }
      el.dataset.loaded = level;
    }).catch(function () { el.dataset.loaded = "error"; });
  }
  var legend = L.control({ position: "bottomleft" });
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "map-legend");
    div.innerHTML = '<span class="swatch swatch-scope"></span>' + (document.documentElement.lang === "en" ? "Your scope" : "Cakupan Anda") +
      ' <span class="swatch swatch-other ms-2"></span>' + (document.documentElement.lang === "en" ? "Other" : "Lainnya");
    return div;
  };
  legend.addTo(map);
  document.querySelectorAll("[data-layer-button]").forEach(function (button) {
    button.addEventListener("click", function () {
      document.querySelectorAll("[data-layer-button]").forEach(function (b) { b.classList.remove("active"); });
      button.classList.add("active");
      show(button.dataset.layerButton);
    });
  });
  show("provinsi");
})();
