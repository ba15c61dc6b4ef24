/* Charts (templates/components/chart.html, kit/charts.py): each <canvas data-chart="ID"> is drawn by Chart.js from
   the JSON in <script id="ID" type="application/json">. Loaded as a static file after Chart.js
   (vendor/chartjs/chart.umd.min.js, from npm): the pages allow no inline script. The numbers are also in the
   table beside each chart, so nothing is lost without JavaScript. */
(function () {
  function draw() {
    if (!window.Chart) {
      return;
    }
    // The page's own Thai font (a canvas draws with what is loaded: never a fallback without Thai glyphs).
    window.Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source || canvas.dataset.drawn) {
        return;
      }
      canvas.dataset.drawn = "1";
      var config = JSON.parse(source.textContent);
      new window.Chart(canvas, config);
    });
  }
  function start() {
    if (document.fonts && document.fonts.load) {
      Promise.all([document.fonts.load("12px Sarabun"), document.fonts.load("600 12px Sarabun")]).then(draw, draw);
    } else {
      draw();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
