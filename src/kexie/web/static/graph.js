// An entity's neighbourhood as an interactive force graph (Apache ECharts); a click opens a profile.
(function () {
  "use strict";
  var el = document.getElementById("graph");
  var dataEl = document.getElementById("graph-data");
  if (!el || !dataEl || typeof echarts === "undefined") return;
  var g = JSON.parse(dataEl.textContent);
  var names = { ORG: "机构", PER: "人物", LOC: "地点" };
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    color: ["#0b57a4", "#b3261e", "#1a7f37"],
    tooltip: {
      formatter: function (p) {
        return p.dataType === "edge" ? "共同出现 " + p.value + " 篇" : p.name + "：" + p.value + " 篇";
      },
    },
    legend: [{ data: g.categories.map(function (c) { return names[c] || c; }), bottom: 0 }],
    series: [{
      type: "graph", layout: "force", roam: true, draggable: true,
      categories: g.categories.map(function (c) { return { name: names[c] || c }; }),
      data: g.nodes.map(function (n) {
        return Object.assign({}, n, n.center ? { itemStyle: { borderColor: "#f5a524", borderWidth: 3 } } : {});
      }),
      links: g.links,
      label: { show: true, position: "right", fontSize: 11 },
      lineStyle: { color: "source", opacity: 0.5, width: 1.2 },
      force: { repulsion: 420, edgeLength: [70, 200], gravity: 0.06, layoutAnimation: false },
      emphasis: { focus: "adjacency" },
    }],
  });
  chart.on("click", function (p) { if (p.dataType === "node" && p.data.link) window.location.href = p.data.link; });
  window.addEventListener("resize", function () { chart.resize(); });
})();
