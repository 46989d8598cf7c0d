/* Counting a room on a phone (no inline script: the CSP forbids it).
 *
 * Each scan (camera or typed code) is put in a queue kept in localStorage with a scan id made here,
 * then sent to the round's JSON endpoint; without a connection it stays queued and is sent when the
 * phone is back online (the "online" event, every 15 s, or "Send now"). The server counts a scan id
 * once and a code once per room, so a scan sent twice counts once.
 *
 * The camera: the browser's BarcodeDetector where it exists, else jsQR (vendored, jsQR-1.4.0.js).
 * A QR of an asset holds its address …/<slug>/a/<code>/; the code is taken from it.
 */
(function () {
  "use strict";
  var root = document.getElementById("counter");
  if (!root) { return; }
  var form = document.getElementById("scan-form");
  var codeInput = form.querySelector("[name=code]");
  var conditionInput = form.querySelector("[name=condition]");
  var noteInput = form.querySelector("[name=note]");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var stateLine = document.getElementById("sync-state");
  var queueCount = document.getElementById("queue-count");
  var log = document.getElementById("scan-log");
  var room = root.dataset.room;
  var key = "prongsai-stockcheck-queue-" + root.dataset.round;
  var sending = false;

  function loadQueue() {
    try { return JSON.parse(window.localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function saveQueue(queue) {
    window.localStorage.setItem(key, JSON.stringify(queue));
    queueCount.textContent = String(queue.length);
  }
  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID().replace(/-/g, ""); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function codeOf(text) {
    text = (text || "").trim();
    var match = /\/a\/([^\/?#]+)\/?(?:[?#].*)?$/.exec(text);
    if (match) {
      try { text = decodeURIComponent(match[1]); } catch (e) { text = match[1]; }
    }
    return text.trim();
  }
  function note(code, message, id) {
    var item = id ? log.querySelector("[data-scan='" + id + "']") : null;
    if (!item) {
      item = document.createElement("li");
      if (id) { item.setAttribute("data-scan", id); }
      log.insertBefore(item, log.firstChild);
    }
    item.textContent = code + " — " + message;
  }

  function add(code) {
    code = codeOf(code);
    if (!code) { return; }
    var queue = loadQueue();
    var scan = {
      scan_id: newId(),
      code: code,
      room: room,
      condition: conditionInput.value || "usable",
      note: noteInput ? noteInput.value : "",
      counted_at: new Date().toISOString()
    };
    queue.push(scan);
    saveQueue(queue);
    note(code, root.dataset.msgQueued, scan.scan_id);
    codeInput.value = "";
    if (noteInput) { noteInput.value = ""; }
    conditionInput.value = "usable";
    codeInput.focus();
    send();
  }

  function send() {
    var queue = loadQueue();
    if (sending || !queue.length) { return; }
    sending = true;
    var batch = queue.slice(0, 200);
    window.fetch(root.dataset.syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ scans: batch })
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (answer) {
      sending = false;
      if (answer.status !== 200) {
        stateLine.textContent = answer.data.error || String(answer.status);
        return;
      }
      var done = {};
      answer.data.results.forEach(function (r) {
        done[r.scan_id] = true;
        var sent = batch.filter(function (s) { return s.scan_id === r.scan_id; })[0];
        var code = sent ? sent.code : r.code;
        note(code, r.ok ? (r.created ? root.dataset.msgSynced : root.dataset.msgDuplicate) : r.error, r.scan_id);
      });
      saveQueue(loadQueue().filter(function (s) { return !done[s.scan_id]; }));
      stateLine.textContent = root.dataset.msgOnline;
      if (loadQueue().length) { send(); }
    }).catch(function () {
      sending = false;
      stateLine.textContent = root.dataset.msgOffline;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    add(codeInput.value);
  });
  document.getElementById("sync-now").addEventListener("click", send);
  window.addEventListener("online", send);
  window.addEventListener("offline", function () { stateLine.textContent = root.dataset.msgOffline; });
  window.setInterval(send, 15000);
  saveQueue(loadQueue());
  send();

  // ----------------------------------------------------------------- camera
  var startButton = document.getElementById("camera-start");
  var video = document.getElementById("camera");
  var last = { code: "", at: 0 };
  if (!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)) { return; }
  startButton.hidden = false;

  function seen(text) {
    var code = codeOf(text);
    var now = Date.now();
    if (!code || (code === last.code && now - last.at < 3000)) { return; }
    last = { code: code, at: now };
    if (navigator.vibrate) { navigator.vibrate(80); }
    add(code);
  }

  function detector() {
    if ("BarcodeDetector" in window) {
      try {
        var native = new window.BarcodeDetector({ formats: ["qr_code"] });
        return function () {
          return native.detect(video).then(function (codes) { return codes.length ? codes[0].rawValue : ""; });
        };
      } catch (e) { /* fall through to jsQR */ }
    }
    if (!window.jsQR) { return null; }
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    return function () {
      var w = video.videoWidth, h = video.videoHeight;
      if (!w || !h) { return Promise.resolve(""); }
      var scale = Math.min(1, 640 / Math.max(w, h));
      canvas.width = Math.round(w * scale);
      canvas.height = Math.round(h * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      return Promise.resolve(found ? found.data : "");
    };
  }

  startButton.addEventListener("click", function () {
    var detect = detector();
    if (!detect) { stateLine.textContent = root.dataset.msgNocamera; return; }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      startButton.hidden = true;
      return video.play();
    }).then(function () {
      function tick() {
        detect().then(function (text) {
          if (text) { seen(text); }
          window.setTimeout(tick, 250);
        }, function () { window.setTimeout(tick, 500); });
      }
      tick();
    }).catch(function () { stateLine.textContent = root.dataset.msgNocamera; });
  });
}());
