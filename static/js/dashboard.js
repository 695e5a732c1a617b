// Dashboard charts (Chart.js, vendored): data comes from json_script blocks on the page;
// every chart has a table view next to it for readers and screen readers.
(function () {
  "use strict";

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function bar(id, labels, values, label, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !window.Chart) { return; }
    canvas.dataset.rendered = "1";
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: [{ label: label, data: values, backgroundColor: "#0d6efd" }] },
      options: {
        indexAxis: horizontal ? "y" : "x",
        animation: false,
        responsive: true,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } }
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = data("dashboard-charts");
    var levels = data("dashboard-levels") || [];
    if (!charts) { return; }
    bar("chart-channels", charts.channels.labels, charts.channels.values, "", true);
    bar("chart-months", charts.months.labels, charts.months.values, "", false);
    bar(
      "chart-levels",
      levels.map(function (l) { return l.level; }),
      levels.map(function (l) { return l.percent; }),
      "%",
      true
    );
  });
})();
