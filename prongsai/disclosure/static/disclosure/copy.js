// Copy buttons: <button type="button" data-copy="text" data-copied="Copied" hidden>.
// Hidden until this script runs (no button that does nothing without JavaScript); CSP 'self', no inline script.
(function () {
  "use strict";

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try {
      return document.execCommand("copy");
    } finally {
      document.body.removeChild(area);
    }
  }

  function done(button) {
    var label = button.textContent;
    button.textContent = button.getAttribute("data-copied") || label;
    button.setAttribute("aria-live", "polite");
    window.setTimeout(function () {
      button.textContent = label;
    }, 2000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button[data-copy]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-copy]") : null;
    if (!button) {
      return;
    }
    var text = button.getAttribute("data-copy");
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { done(button); },
        function () { if (fallbackCopy(text)) { done(button); } }
      );
    } else if (fallbackCopy(text)) {
      done(button);
    }
  });
})();
