/* Decode a TopoJSON topology into GeoJSON features (Waspada's own small decoder). */
(function (global) {
  "use strict";
  function decodeArcs(topology) {
    var t = topology.transform;
    return topology.arcs.map(function (arc) {
      if (!t) { return arc.map(function (p) { return [p[0], p[1]]; }); }
      var x = 0, y = 0;
      return arc.map(function (p) {
        x += p[0]; y += p[1];
        return [x * t.scale[0] + t.translate[0], y * t.scale[1] + t.translate[1]];
      });
    });
  }
  function features(topology, objectName) {
    var arcs = decodeArcs(topology);
    function arc(i) { return i >= 0 ? arcs[i] : arcs[~i].slice().reverse(); }
    function ring(indexes) {
      var points = [];
      indexes.forEach(function (i, k) {
        var part = arc(i);
        points.push.apply(points, k === 0 ? part : part.slice(1));
      });
      return points;
    }
    function geometry(o) {
      if (o.type === "Polygon") { return { type: "Polygon", coordinates: o.arcs.map(ring) }; }
      if (o.type === "MultiPolygon") {
        return { type: "MultiPolygon", coordinates: o.arcs.map(function (p) { return p.map(ring); }) };
      }
      return null;
    }
    var object = topology.objects[objectName] || topology.objects[Object.keys(topology.objects)[0]];
    var members = object.type === "GeometryCollection" ? object.geometries : [object];
    return {
      type: "FeatureCollection",
      features: members.map(function (m) {
        return { type: "Feature", properties: m.properties || {}, geometry: geometry(m) };
      })
    };
  }
  global.WaspadaTopo = { features: features };
})(window);
