// The TV display: polls the point's JSON every second, shows the number each counter calls, and says the new
// calls aloud in Thai where the browser has a Thai voice (Web Speech API), silently otherwise. No inline script.
(function () {
  "use strict";
  var box = document.getElementById("queue-display");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-url");
  var say = box.getAttribute("data-say") || "";
  var last = parseInt(box.getAttribute("data-last") || "0", 10);
  var body = box.querySelector("tbody");
  var waiting = box.querySelector(".waiting-count");

  function thaiVoice() {
    if (!window.speechSynthesis) { return null; }
    var voices = window.speechSynthesis.getVoices() || [];
    for (var i = 0; i < voices.length; i += 1) {
      if ((voices[i].lang || "").toLowerCase().indexOf("th") === 0) { return voices[i]; }
    }
    return null;
  }
  function spell(code) { return String(code).split("").join(" "); }
  function announce(call) {
    var voice = thaiVoice();
    if (!voice) { return; }
    var text = say.replace("{ticket}", spell(call.ticket)).replace("{counter}", String(call.counter));
    var u = new window.SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    window.speechSynthesis.speak(u);
  }
  function render(data) {
    var rows = document.createDocumentFragment();
    data.counters.forEach(function (c) {
      var tr = document.createElement("tr");
      tr.setAttribute("data-counter", c.counter);
      var a = document.createElement("td");
      a.className = "counter";
      a.textContent = c.counter;
      var b = document.createElement("td");
      b.className = "ticket";
      b.textContent = c.ticket || "—";
      tr.appendChild(a);
      tr.appendChild(b);
      rows.appendChild(tr);
    });
    body.replaceChildren(rows);
    if (waiting) { waiting.textContent = data.waiting; }
  }
  function tick() {
    fetch(url, { credentials: "omit", cache: "no-store" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data) {
          render(data);
          var fresh = data.calls.filter(function (c) { return c.id > last; }).reverse();
          fresh.forEach(function (c) {
            var row = body.querySelector('tr[data-counter="' + c.counter + '"]');
            if (row) { row.className = "flash"; }
            announce(c);
          });
          last = Math.max(last, data.last_call || 0);
        }
        window.setTimeout(tick, 1000);
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 1000);
})();
