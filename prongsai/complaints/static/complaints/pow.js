// The proof of work asked for while many wrong receipts are being tried (see complaints/receipts.py):
// find a number n such that SHA-256("<challenge>:<n>") starts with <bits> zero bits, then allow sending.
(function () {
  "use strict";
  var form = document.querySelector("form[data-pow-challenge]");
  if (!form || !window.crypto || !window.crypto.subtle) { return; }
  var challenge = form.getAttribute("data-pow-challenge");
  var bits = parseInt(form.getAttribute("data-pow-bits"), 10);
  var field = form.querySelector("input[name=pow]");
  var button = form.querySelector("button[type=submit]");
  var status = form.querySelector("[data-pow-status]");
  var encoder = new TextEncoder();
  if (button) { button.disabled = true; }

  function leadingZeros(bytes) {
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      for (var bit = 7; bit >= 0 && !(bytes[i] & (1 << bit)); bit--) { count++; }
      break;
    }
    return count;
  }

  function search(start) {
    var batch = [];
    for (var n = start; n < start + 2000; n++) {
      batch.push(crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + n)));
    }
    Promise.all(batch).then(function (digests) {
      for (var i = 0; i < digests.length; i++) {
        if (leadingZeros(new Uint8Array(digests[i])) >= bits) {
          field.value = String(start + i);
          if (button) { button.disabled = false; }
          if (status) { status.hidden = true; }
          return;
        }
      }
      setTimeout(function () { search(start + 2000); }, 0);
    });
  }
  search(0);
})();
