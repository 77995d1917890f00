// Dashboard charts (Apache ECharts, served from the package). Every bar opens its filtered search.
(function () {
  "use strict";
  var dataEl = document.getElementById("chart-data");
  if (!dataEl || typeof echarts === "undefined") return;
  var data = JSON.parse(dataEl.textContent);
  var horizontal = { unit: true, platform: true, event_type: true };
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var key = el.getAttribute("data-chart");
    var s = data[key];
    if (!s || !s.labels.length) { el.textContent = "暂无数据"; return; }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var cat = { type: "category", data: s.labels, axisLabel: { interval: 0, fontSize: 11 } };
    var val = { type: "value", minInterval: 1 };
    var labels = s.labels.slice(), values = s.values.slice(), links = s.links.slice();
    if (horizontal[key]) {
      labels.reverse(); values.reverse(); links.reverse();
      cat.data = labels; cat.inverse = false;
    } else {
      cat.axisLabel.rotate = s.labels.length > 12 ? 45 : 0;
      cat.axisLabel.interval = "auto";
    }
    chart.setOption({
      animation: false,
      grid: { left: horizontal[key] ? 130 : 40, right: 20, top: 10, bottom: horizontal[key] ? 20 : 50 },
      tooltip: { trigger: "item", formatter: function (p) { return p.name + "：" + p.value + " 篇（点击查看）"; } },
      xAxis: horizontal[key] ? val : cat,
      yAxis: horizontal[key] ? cat : val,
      series: [{ type: "bar", data: values, itemStyle: { color: "#b3261e" }, cursor: "pointer" }],
    });
    chart.on("click", function (p) { if (links[p.dataIndex]) window.location.href = links[p.dataIndex]; });
    window.addEventListener("resize", function () { chart.resize(); });
  });
})();
