// The ticket taken at the kiosk: print it, then go back to the services (no inline script: CSP 'self').
(function () {
  "use strict";
  var ticket = document.getElementById("ticket");
  if (!ticket) { return; }
  var back = ticket.getAttribute("data-kiosk");
  var button = document.getElementById("print-ticket");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
  if (back) { window.setTimeout(function () { window.location.assign(back); }, 30000); }
})();
