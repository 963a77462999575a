/* Incident form: pick the point on a map and help with the kecamatan/desa code.
   - The kabupaten/kota boundaries are the basemap (no tile server). A click puts the marker and
     writes latitude/longitude into the form's inputs (six decimals); the marker can be dragged;
     typing in the inputs moves the marker. Choosing a kabupaten/kota zooms to it.
   - The kecamatan/desa code input gets suggestions (a datalist) from the scoped regions API:
     the kecamatan of the chosen kabupaten/kota, then the desa of a typed kecamatan code.
   Everything here is a convenience: the form works without JavaScript, and the server checks
   the point against the chosen region (a mismatch is shown to the user, never corrected here). */
(function () {
  "use strict";

  var holder = document.getElementById("peta-titik") || document.getElementById("peta-titik-kosong");
  if (!holder) { return; }
  function input(name) { return document.getElementById(holder.dataset[name] || ""); }
  var latInput = document.getElementById(holder.dataset.latInput || "id_latitude");
  var lonInput = document.getElementById(holder.dataset.lonInput || "id_longitude");
  var kabkotaInput = input("kabkotaInput");
  var detailInput = input("detailInput");
  var clearButton = document.getElementById("hapus-titik");

  function parse(text) {
    var value = parseFloat(String(text || "").trim().replace(",", "."));
    return isFinite(value) ? value : null;
  }
  function selectedCode() {
    if (!kabkotaInput || kabkotaInput.selectedIndex < 0) { return ""; }
    var label = kabkotaInput.options[kabkotaInput.selectedIndex].text || "";
    var match = /^(\d{2}\.\d{2})\s/.exec(label);
    return match ? match[1] : "";
  }

  /* --- kecamatan / desa suggestions ------------------------------------------------------ */
  var list = document.getElementById("daftar-wilayah-rinci");
  var childrenUrl = holder.dataset.childrenUrl || "";
  var loaded = {};
  function fillList(items) {
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    items.forEach(function (r) {
      var option = document.createElement("option");
      option.value = r.code;
      option.label = r.code + " " + r.name;
      option.textContent = r.name;
      list.appendChild(option);
    });
  }
  function children(code) {
    if (loaded[code]) { return Promise.resolve(loaded[code]); }
    var items = [];
    function page(url) {
      return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (data) {
          items = items.concat(data.results || []);
          if (data.next && items.length < 2000) { return page(data.next); }
          loaded[code] = items;
          return items;
        });
    }
    return page(childrenUrl.replace("CODE", code));
  }
  function suggest() {
    if (!childrenUrl || !list) { return; }
    var typed = detailInput ? detailInput.value.trim() : "";
    var kecamatan = /^(\d{2}\.\d{2}\.\d{2})/.exec(typed);
    var parent = kecamatan ? kecamatan[1] : selectedCode();
    if (!parent) { fillList([]); return; }
    children(parent).then(fillList).catch(function () { fillList([]); });
  }
  if (kabkotaInput) { kabkotaInput.addEventListener("change", suggest); }
  if (detailInput) {
    detailInput.addEventListener("input", function () {
      if (/^\d{2}\.\d{2}\.\d{2}(\.|$)/.test(detailInput.value.trim())) { suggest(); }
    });
  }
  suggest();

  /* --- the map ------------------------------------------------------------------------------ */
  if (holder.id !== "peta-titik" || !window.L || !latInput || !lonInput) {
    if (clearButton) {
      clearButton.addEventListener("click", function () { latInput.value = ""; lonInput.value = ""; });
    }
    return;
  }
  var map = L.map(holder, { zoomSnap: 0.25, attributionControl: false }).setView([-2.5, 118], 4.5);
  var marker = null;
  var boundaries = null;

  function showPoint(lat, lon, pan) {
    if (lat === null || lon === null) {
      if (marker) { map.removeLayer(marker); marker = null; }
      return;
    }
    if (!marker) {
      marker = L.marker([lat, lon], { draggable: true, keyboard: true, title: holder.getAttribute("aria-label") || "" }).addTo(map);
      marker.on("dragend", function () {
        var p = marker.getLatLng();
        write(p.lat, p.lng);
      });
    } else {
      marker.setLatLng([lat, lon]);
    }
    if (pan) { map.setView([lat, lon], Math.max(map.getZoom(), 11)); }
  }
  function write(lat, lon) {
    latInput.value = lat.toFixed(6);
    lonInput.value = lon.toFixed(6);
    latInput.dispatchEvent(new Event("change"));
  }
  function fromInputs(pan) { showPoint(parse(latInput.value), parse(lonInput.value), pan); }

  map.on("click", function (event) {
    write(event.latlng.lat, event.latlng.lng);
    showPoint(event.latlng.lat, event.latlng.lng, false);
  });
  latInput.addEventListener("input", function () { fromInputs(false); });
  lonInput.addEventListener("input", function () { fromInputs(false); });
  latInput.addEventListener("change", function () { fromInputs(false); });
  lonInput.addEventListener("change", function () { fromInputs(false); });
  if (clearButton) {
    clearButton.addEventListener("click", function () {
      latInput.value = ""; lonInput.value = "";
      showPoint(null, null, false);
    });
  }

  function focusKabkota() {
    var code = selectedCode();
    if (!boundaries || !code) { return; }
    var hit = null;
    boundaries.eachLayer(function (layer) {
      var chosen = layer.feature && layer.feature.properties.kode === code;
      layer.setStyle({ fillOpacity: chosen ? 0.35 : 0.15, weight: chosen ? 2 : 0.8, color: chosen ? "#c0392b" : "#ffffff" });
      if (chosen) { hit = layer; }
    });
    if (hit && !(parse(latInput.value) !== null && marker)) { map.fitBounds(hit.getBounds(), { maxZoom: 12 }); }
  }
  if (kabkotaInput) { kabkotaInput.addEventListener("change", focusKabkota); }

  fetch(holder.dataset.layerUrl, { credentials: "same-origin" })
    .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
    .then(function (topo) {
      var collection = window.WaspadaTopo.features(topo, "kabkota");
      boundaries = L.geoJSON(collection, {
        style: function () { return { color: "#ffffff", weight: 0.8, fillColor: "#7f8c9a", fillOpacity: 0.15 }; },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.nama + " (" + feature.properties.kode + ")", { sticky: true });
          layer.on("click", function (event) {
            write(event.latlng.lat, event.latlng.lng);
            showPoint(event.latlng.lat, event.latlng.lng, false);
          });
        }
      }).addTo(map);
      focusKabkota();
      fromInputs(true);
    })
    .catch(function () { fromInputs(true); });
})();
