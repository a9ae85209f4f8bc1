// Warn before the session ends, so that no typed text is lost.
//
// The server ends a session after VK_SESSION_IDLE_MINUTES without a request, and
// always after its absolute lifetime. Typing in a form is activity too: while someone
// types, the page renews the session at most once a minute. Two minutes before the
// end the page opens a dialog; "Stay logged in" renews the session (unless its
// absolute lifetime is over). After the end the dialog says the text is still on the
// page. Nothing typed is stored in the browser.
(function () {
  "use strict";
  var dialog = document.getElementById("session-warning");
  if (!dialog) { return; }
  var WARN_BEFORE = 120 * 1000;
  var RENEW_EVERY = 60 * 1000;
  var endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  var lastRenewal = Date.now();
  var typedSinceRenewal = false;
  var timer = null;
  var cannotExtend = false; // the absolute lifetime is nearly over

  function show(kind) {
    dialog.querySelectorAll("[data-session-text]").forEach(function (text) {
      text.hidden = text.dataset.sessionText !== kind;
    });
    dialog.querySelector("[data-session-action=stay]").hidden = kind !== "warning";
    if (!dialog.open) { dialog.showModal(); }
  }

  function schedule() {
    window.clearTimeout(timer);
    var left = endsAt - Date.now();
    if (left <= 0) { show("ended"); return; }
    if (left <= WARN_BEFORE) {
      show(cannotExtend ? "final" : "warning");
      timer = window.setTimeout(schedule, left);
      return;
    }
    timer = window.setTimeout(schedule, left - WARN_BEFORE);
  }

  function renew() {
    lastRenewal = Date.now();
    typedSinceRenewal = false;
    var body = new FormData();
    return fetch(dialog.dataset.keepAliveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": dialog.dataset.csrfToken },
    }).then(function (response) {
      if (!response.ok) { throw new Error("session ended"); }
      return response.json();
    }).then(function (answer) {
      endsAt = Date.now() + answer.seconds_left * 1000;
      cannotExtend = answer.seconds_left * 1000 <= WARN_BEFORE;
      if (dialog.open && !cannotExtend) { dialog.close(); }
      schedule();
    }).catch(function () {
      endsAt = Date.now();
      schedule();
    });
  }

  document.addEventListener("input", function (event) {
    if (!event.target.form) { return; }
    typedSinceRenewal = true;
    if (Date.now() - lastRenewal >= RENEW_EVERY && endsAt > Date.now()) { renew(); }
  });
  dialog.addEventListener("click", function (event) {
    var action = event.target.dataset ? event.target.dataset.sessionAction : null;
    if (action === "stay") { renew(); }
    if (action === "close") { dialog.close(); }
  });
  // A panel's form fetched by htmx after the session ended: the server answered with
  // the login page. Keep the page as it is (nothing typed elsewhere is lost) and say
  // that the session ended, instead of showing the login page inside the panel.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || !xhr.responseURL) { return; }
    if (new URL(xhr.responseURL).pathname !== dialog.dataset.loginUrl) { return; }
    event.detail.shouldSwap = false;
    endsAt = Date.now();
    schedule();
  });
  // Text typed in the last minute before the warning still renews the session.
  window.setInterval(function () {
    if (typedSinceRenewal && endsAt - Date.now() > WARN_BEFORE) { renew(); }
  }, RENEW_EVERY);
  schedule();
})();
