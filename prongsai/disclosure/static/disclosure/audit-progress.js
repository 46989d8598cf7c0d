// Polls a running OIT audit and reloads the page when it has finished (no inline script: CSP 'self').
(function () {
  "use strict";
  var box = document.getElementById("audit-progress");
  if (!box || !window.fetch) { return; }
  var bar = box.querySelector("progress");
  var text = box.querySelector(".progress-text");
  var template = text ? text.textContent : "";
  var every = Math.max(100, parseInt(box.getAttribute("data-poll-ms"), 10) || 1000);
  var deadline = Date.now() + 20 * 60 * 1000; // at most 20 minutes of polling per page view
  function tick() {
    if (Date.now() > deadline) { return; }
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (data.finished) { window.location.reload(); return; }
        if (bar) { bar.max = Math.max(1, data.total); bar.value = data.done; }
        if (text) { text.textContent = template.replace(/\d+(\D+)\d+/, data.done + "$1" + data.total); }
        window.setTimeout(tick, every);
      })
      .catch(function () { window.setTimeout(tick, 3 * every); });
  }
  window.setTimeout(tick, every);
})();
