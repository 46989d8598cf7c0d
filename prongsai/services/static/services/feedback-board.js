// The executives' feedback board: polls its JSON every data-poll-ms (4 seconds by default) and fills the counts and the latest answers
// (no inline script: CSP 'self'; text only, never HTML, so a comment cannot inject markup).
(function () {
  "use strict";
  var box = document.getElementById("feedback-board");
  if (!box || !window.fetch) { return; }
  var body = document.getElementById("feedback-latest");
  var every = Math.max(250, parseInt(box.getAttribute("data-poll-ms"), 10) || 4000);
  var deadline = Date.now() + 4 * 3600 * 1000; // at most four hours of polling per page view
  function dash(v) { return v === null || v === undefined ? "\u2014" : String(v); }
  function pick(data, path) {
    return path.split(".").reduce(function (o, k) { return o ? o[k] : undefined; }, data);
  }
  var heads = Array.prototype.map.call(box.querySelectorAll("#feedback-latest-head th"), function (th) { return th.textContent; });
  function cell(row, text, i) {
    var td = document.createElement(i === 1 ? "th" : "td");
    if (i === 1) { td.scope = "row"; td.className = "card-title"; } else if (heads[i]) { td.setAttribute("data-label", heads[i]); }
    td.textContent = text; row.appendChild(td);
  }
  function render(data) {
    box.querySelectorAll("[data-field]").forEach(function (el) { el.textContent = dash(pick(data, el.getAttribute("data-field"))); });
    if (!body) { return; }
    while (body.firstChild) { body.removeChild(body.firstChild); }
    data.latest.forEach(function (f) {
      var row = document.createElement("tr");
      if (f.low) { row.className = "low"; }
      cell(row, f.day_text, 0);
      cell(row, (f.service || "\u2014") + (f.standing ? " (" + box.getAttribute("data-standing") + ")" : ""), 1);
      cell(row, f.point, 2);
      ["procedure", "staff", "place", "result"].forEach(function (k, n) { cell(row, String(f[k]), 3 + n); });
      cell(row, f.comment || "", 7);
      body.appendChild(row);
    });
  }
  function tick() {
    if (Date.now() > deadline) { return; }
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } window.setTimeout(tick, every); })
      .catch(function () { window.setTimeout(tick, 2 * every); });
  }
  window.setTimeout(tick, every);
})();
