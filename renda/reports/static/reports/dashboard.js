/* The leaders' dashboard: draws the charts from the numbers embedded in the page
   (json_script "dashboard-data"); a click on a bar, a point or a slice opens the list
   behind it. Without JavaScript the tables under the charts hold the same numbers. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") return;
  var source = document.getElementById("dashboard-data");
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("dashboard-labels").textContent);
  var FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var COLORS = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"];
  var charts = [];

  function el(name) {
    return document.querySelector('[data-chart="' + name + '"]');
  }

  function shorten(text, size) {
    text = String(text || "");
    return text.length > size ? text.slice(0, size - 1) + "…" : text;
  }

  function draw(name, option, empty) {
    var node = el(name);
    if (!node) return;
    var section = node.closest("section");
    if (empty) {
      node.style.height = "auto";
      node.className += " text-body-secondary small py-3";
      node.textContent = labels.empty;
      return;
    }
    var chart = echarts.init(node, null, { renderer: "canvas" });
    option.textStyle = { fontFamily: FONT };
    option.color = option.color || COLORS;
    option.aria = { enabled: true };
    chart.setOption(option);
    // a click opens the list behind the bar, point or slice
    chart.on("click", function (params) {
      var target = params.data && params.data.link;
      if (target) window.location.assign(target);
    });
    charts.push(chart);
    // the table stays in the page, folded: the chart now says the same
    var details = section && section.querySelector("details.dashboard-table");
    if (details) details.removeAttribute("open");
  }

  function sum(values) {
    return values.reduce(function (a, b) { return a + b; }, 0);
  }

  var h = data.handling;
  // --- handling progress by unit: stacked horizontal bars, biggest unit on top
  var units = h.progress.slice().reverse();
  function progressSeries(key, color) {
    return {
      name: labels[key],
      type: "bar",
      stack: "items",
      itemStyle: { color: color },
      emphasis: { focus: "series" },
      data: units.map(function (u) { return { value: u[key], link: u.links[key] }; })
    };
  }
  draw("progress", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: units.map(function (u) { return u.name; }),
      axisLabel: { formatter: function (v) { return shorten(v, 14); } }
    },
    series: [
      progressSeries("completed", "#3ba272"),
      progressSeries("in_handling", "#fac858"),
      progressSeries("overdue", "#ee6666")
    ]
  }, units.length === 0);

  // --- evaluations: a ring of the four outcomes
  var slices = h.satisfaction.slices.filter(function (s) { return s.value > 0; });
  draw("satisfaction", {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: { bottom: 0 },
    color: ["#3ba272", "#91cc75", "#ee6666", "#bbbbbb"],
    title: {
      text: Math.round(h.satisfaction.rate * 1000) / 10 + "%",
      left: "center",
      top: "40%",
      textStyle: { fontSize: 22, fontFamily: FONT }
    },
    series: [{
      type: "pie",
      radius: ["38%", "60%"],
      center: ["50%", "45%"],
      avoidLabelOverlap: true,
      minShowLabelAngle: 3,
      label: { formatter: "{c}" },
      data: slices.map(function (s) {
        return { name: s.name, value: s.value, link: s.link, itemStyle: { color: {
          satisfied: "#3ba272", basically_satisfied: "#91cc75", dissatisfied: "#ee6666", no_answer: "#bbbbbb"
        }[s.key] } };
      })
    }]
  }, slices.length === 0);

  // --- overdue items by kind and by unit
  function simpleBars(name, points, horizontal, color) {
    var categories = points.map(function (p) { return p.name; });
    var values = points.map(function (p) { return { value: p.value, link: p.link }; });
    var valueAxis = { type: "value", minInterval: 1 };
    var categoryAxis = {
      type: "category",
      data: categories,
      axisLabel: horizontal
        ? { formatter: function (v) { return shorten(v, 14); } }
        : { interval: 0, rotate: categories.length > 5 ? 30 : 0, formatter: function (v) { return shorten(v, 8); } }
    };
    draw(name, {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? categoryAxis : valueAxis,
      series: [{
        type: "bar",
        name: labels.count,
        itemStyle: { color: color },
        label: { show: true, position: horizontal ? "right" : "top" },
        data: values
      }]
    }, sum(points.map(function (p) { return p.value; })) === 0);
  }
  simpleBars("overdue-kind", h.overdue.by_kind, false, "#ee6666");
  simpleBars("overdue-unit", h.overdue.by_unit.slice().reverse(), true, "#ee6666");

  // --- public opinions by district, per week (stacked bars)
  var o = data.opinions;
  var weekLabels = o.weeks.map(function (w) { return w.slice(5); });
  draw("opinions", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: weekLabels },
    yAxis: { type: "value", minInterval: 1 },
    series: o.by_district.map(function (d) {
      return {
        name: d.name,
        type: "bar",
        stack: "opinions",
        emphasis: { focus: "series" },
        data: d.counts.map(function (n) { return { value: n, link: d.link }; })
      };
    })
  }, o.total === 0);

  // --- hot topics: the most counted words, one line each over the weeks
  var hot = o.hot;
  draw("hot", {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "category", boundaryGap: false, data: hot.weeks.map(function (w) { return w.slice(5); }) },
    yAxis: { type: "value", minInterval: 1 },
    series: hot.words.map(function (w) {
      return {
        name: w.word,
        type: "line",
        symbolSize: 7,
        emphasis: { focus: "series" },
        data: w.counts.map(function (n) { return { value: n, link: w.link }; })
      };
    })
  }, hot.words.length === 0);

  // --- stations: reception days held, by district, stacked by kind of place
  var r = data.stations.reception;
  draw("reception", {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { type: "scroll", top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: "category",
      data: r.districts,
      axisLabel: { interval: 0, rotate: r.districts.length > 6 ? 30 : 0, formatter: function (v) { return shorten(v, 8); } }
    },
    yAxis: { type: "value", minInterval: 1 },
    series: r.series.map(function (s) {
      return { name: s.name, type: "bar", stack: "held", emphasis: { focus: "series" }, data: s.data };
    })
  }, r.total === 0);

  simpleBars("activities", data.stations.activities.slice().reverse(), true, "#5470c6");

  // --- legislation: projects of the year by stage, in the order of the stages
  simpleBars("legislation", data.legislation.slice().reverse(), true, "#9a60b4");

  // --- supervision: a sunburst, inner ring the kind of work, outer ring its states
  var groups = data.supervision.filter(function (g) { return g.value > 0; });
  draw("supervision", {
    tooltip: { trigger: "item", formatter: "{b}: {c}" },
    series: [{
      type: "sunburst",
      radius: ["16%", "94%"],
      sort: null,
      nodeClick: false,
      label: { minAngle: 14, formatter: function (p) { return shorten(p.name, 6) + " " + p.value; } },
      levels: [
        {},
        { r0: "16%", r: "56%", label: { rotate: "radial", fontSize: 10, align: "center" } },
        { r0: "56%", r: "94%", label: { rotate: "tangential", fontSize: 11 } }
      ],
      data: groups.map(function (g) {
        return {
          name: g.name,
          link: g.link,
          value: g.value,
          children: g.children.map(function (c) { return { name: c.name, value: c.value, link: c.link }; })
        };
      })
    }]
  }, groups.length === 0);

  var pending;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      charts.forEach(function (c) { c.resize(); });
    }, 150);
  });
})();
