/* Cadre progressive enhancement; every page works without it. No eval or inline handlers (strict CSP).
 * canvas[data-chart=ID] reads script#ID (application/json): a Chart.js config {type, data, options}
 * or {type: "line"|"bar", labels: [], series: [{label, data}], stacked?, horizontal?, yLabel?}. */
(function () {
  "use strict";
  var doc = document, charts = [], pending = 0, forEach = Array.prototype.forEach;
  function each(root, sel, fn) { if (root.matches && root.matches(sel)) fn(root); forEach.call(root.querySelectorAll(sel), fn); }
  function css(name) { return getComputedStyle(doc.documentElement).getPropertyValue(name).trim(); }
  function button(cls, text, onClick) {
    var b = doc.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text; b.addEventListener("click", onClick); return b;
  }
  // (a) data-confirm on a form, a submit button, a link or a plain (htmx) button.
  function confirmed(e, msg) { if (msg && !window.confirm(msg)) { e.preventDefault(); e.stopImmediatePropagation(); } }
  doc.addEventListener("submit", function (e) {
    confirmed(e, (e.submitter && e.submitter.getAttribute("data-confirm")) || e.target.getAttribute("data-confirm"));
  }, true);
  doc.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("a[data-confirm], button[data-confirm]");
    if (el && !(el.form && el.type === "submit")) confirmed(e, el.getAttribute("data-confirm"));
    // <details> menus close on a click elsewhere.
    each(doc, "details.user-menu[open]", function (d) { if (!d.contains(e.target)) d.open = false; });
  }, true);
  doc.addEventListener("keydown", function (e) {
    if (e.key === "Escape") each(doc, "details.user-menu[open]", function (d) { d.open = false; d.querySelector("summary").focus(); });
  });

  // (b) Client-side sort of the current page; the server order is the no-JS default.
  function value(cell) {
    var v = cell ? (cell.getAttribute("data-sort") || (cell.querySelector("a") || cell).textContent).trim() : "";
    var n = v.replace(/[\s,$\u20ac\u00a3%]/g, "").replace(/^\((.*)\)$/, "-$1").replace("\u2212", "-");
    return n !== "" && !isNaN(n) ? parseFloat(n) : v.toLowerCase();
  }
  function compare(a, b) {
    return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true });
  }
  function sortBy(table, th, i) {
    var asc = th.getAttribute("aria-sort") !== "ascending";
    forEach.call(th.parentNode.cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    forEach.call(table.tBodies, function (tb) {
      Array.prototype.slice.call(tb.rows).sort(function (a, b) {
        return (asc ? 1 : -1) * compare(value(a.cells[i]), value(b.cells[i]));
      }).forEach(function (r) { tb.appendChild(r); });
    });
  }
  function initSort(table) {
    if (!table.tHead || table.hasAttribute("data-sort-ready")) return;
    table.setAttribute("data-sort-ready", "");
    forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (th.hasAttribute("data-nosort") || !th.textContent.trim() || th.querySelector("a, button, input")) return;
      var b = button("th-sort", "", function () { sortBy(table, th, i); });
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
    });
  }
  // (c) Dismissible flash messages.
  function initFlash(el) {
    if (el.querySelector(".flash-close")) return;
    el.appendChild(button("flash-close", "\u00d7", function () { el.remove(); })).setAttribute("aria-label", "Dismiss message");
  }

  // Copy buttons for code the user is meant to paste elsewhere.
  function initCopy(pre) {
    if (!navigator.clipboard || pre.previousElementSibling && pre.previousElementSibling.classList.contains("copy-btn")) return;
    var b = button("btn btn-sm copy-btn", "Copy", function () {
      navigator.clipboard.writeText(pre.textContent).then(function () { b.textContent = "Copied"; setTimeout(function () { b.textContent = "Copy"; }, 1500); });
    });
    b.setAttribute("aria-label", pre.getAttribute("data-copy") || "Copy");
    pre.parentNode.insertBefore(b, pre);
  }

  // (d) Charts from JSON, coloured from the CSS tokens; the data table stays beneath.
  function initChart(canvas) {
    var src = doc.getElementById(canvas.getAttribute("data-chart")), fig = canvas.closest("figure"), spec;
    var table = fig && fig.querySelector(".chart-table");
    try { spec = window.Chart && src && JSON.parse(src.textContent); } catch (err) { spec = null; }
    if (!spec) { if (table) table.open = true; return; }
    if (!canvas.parentNode.classList.contains("chart-box")) {
      var box = canvas.parentNode.insertBefore(doc.createElement("div"), canvas);
      box.className = "chart-box"; box.appendChild(canvas); canvas.setAttribute("role", "img");
    }
    var type = spec.type || "line", text = css("--chart-text"), grid = css("--chart-grid");
    var palette = [1, 2, 3, 4, 5].map(function (n) { return css("--chart-" + n); });
    var data = spec.data || { labels: spec.labels || [], datasets: (spec.series || []).map(function (s) { return { label: s.label, data: s.data }; }) };
    data.datasets.forEach(function (d, k) {
      d.borderColor = d.borderColor || palette[k % palette.length];
      d.backgroundColor = d.backgroundColor || d.borderColor;
      if (type === "line") { d.borderWidth = 2; d.pointRadius = d.pointRadius || 2.5; d.tension = 0.3; }
      if (type === "bar") { d.borderRadius = 4; d.maxBarThickness = 36; }
    });
    function axis(lines) { return { stacked: !!spec.stacked, grid: { display: lines, color: grid }, border: { display: false }, ticks: { color: text } }; }
    var y = axis(true); y.beginAtZero = true;
    if (spec.yLabel) y.title = { display: true, text: spec.yLabel, color: text };
    window.Chart.defaults.font.family = css("--font");
    charts.push(new window.Chart(canvas, { type: type, data: data, options: spec.options || {
      responsive: true, maintainAspectRatio: false, indexAxis: spec.horizontal ? "y" : "x",
      animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : { duration: 300 },
      interaction: { mode: "index", intersect: false },
      plugins: { legend: { display: data.datasets.length > 1, position: "bottom", labels: { color: text, boxWidth: 10, boxHeight: 10 } } },
      scales: spec.horizontal ? { x: y, y: axis(false) } : { x: axis(false), y: y }
    } }));
  }
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    charts.splice(0).forEach(function (c) { var cv = c.canvas; c.destroy(); initChart(cv); });
  });

  // (e) htmx: a page-level loading bar (body.is-loading) and aria-busy on the swap target.
  function busy(e, on) {
    pending = Math.max(0, pending + (on ? 1 : -1));
    doc.body.classList.toggle("is-loading", pending > 0);
    var t = e.detail && e.detail.target;
    if (t && t !== doc.body) { if (on) t.setAttribute("aria-busy", "true"); else t.removeAttribute("aria-busy"); }
  }
  doc.addEventListener("htmx:beforeRequest", function (e) { busy(e, true); });
  doc.addEventListener("htmx:afterRequest", function (e) { busy(e, false); });
  doc.addEventListener("htmx:load", function (e) { init(e.detail.elt); });
  function init(root) {
    each(root, "table[data-sortable]", initSort);
    each(root, ".flash", initFlash);
    each(root, "pre[data-copy]", initCopy);
    each(root, "canvas[data-chart]", function (c) { if (!c.parentNode.classList.contains("chart-box")) initChart(c); });
  }
  function start() { // errors: focus the summary so screen readers start there
    init(doc);
    var summary = doc.querySelector(".error-summary[tabindex]");
    if (summary) summary.focus({ preventScroll: true });
  }
  if (doc.readyState === "loading") doc.addEventListener("DOMContentLoaded", start); else start();
  // (f) Pipeline board: drag a card (data-move-form) onto a column
  // (data-dropzone data-stage); the card's own move form is submitted, so
  // the server does the same as the menu without JavaScript.
  var dragged = null;
  doc.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest("[data-move-form]");
    if (card) { dragged = card; e.dataTransfer.effectAllowed = "move"; e.dataTransfer.setData("text/plain", card.getAttribute("data-move-form")); }
  });
  doc.addEventListener("dragover", function (e) {
    var col = dragged && e.target.closest && e.target.closest("[data-dropzone]");
    if (col) { e.preventDefault(); col.classList.add("is-over"); }
  });
  doc.addEventListener("dragleave", function (e) {
    var col = e.target.closest && e.target.closest("[data-dropzone]");
    if (col && !col.contains(e.relatedTarget)) col.classList.remove("is-over");
  });
  doc.addEventListener("drop", function (e) {
    var col = dragged && e.target.closest && e.target.closest("[data-dropzone]");
    if (!col) return;
    e.preventDefault();
    col.classList.remove("is-over");
    var form = doc.getElementById(dragged.getAttribute("data-move-form")), stage = col.getAttribute("data-stage");
    dragged = null;
    if (!form || form.querySelector("select").value === stage) return;
    form.querySelector("select").value = stage;
    form.submit();
  });
})();
