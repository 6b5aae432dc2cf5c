// Inkoopassistent page behaviour. No inline scripts: everything hooks in from here.
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  function showGlobalError(text) {
    var box = document.getElementById("global-error");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  function clearGlobalError() {
    var box = document.getElementById("global-error");
    if (box) { box.hidden = true; box.textContent = ""; }
  }

  // Every htmx request carries the CSRF token as a header (forms also carry a hidden field).
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = csrfToken();
    if (token) evt.detail.headers["X-CSRF-Token"] = token;
  });

  document.addEventListener("htmx:beforeRequest", clearGlobalError);

  // A 4xx the page did not prepare for (refused CSRF token, expired session, gone page):
  // never paste it into the page; say it in the error bar and leave the input alone.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var xhr = evt.detail.xhr;
    if (!xhr || xhr.status < 400 || xhr.getResponseHeader("HX-Retarget")) return;
    evt.detail.shouldSwap = false;
    var text = "";
    try {
      text = JSON.parse(xhr.responseText).detail || "";
    } catch (e) {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      text = ((doc.body && doc.body.textContent) || "").trim().slice(0, 300);
    }
    if (typeof text !== "string") text = "";
    showGlobalError((text || "Dat lukte niet (foutcode " + xhr.status + ").") +
      " Uw invoer is bewaard; herlaad de pagina en probeer het opnieuw.");
  });

  document.addEventListener("htmx:responseError", function (evt) {
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    showGlobalError("Er ging iets mis aan onze kant (foutcode " + status +
      "). Uw invoer is bewaard; probeer het over een ogenblik opnieuw.");
  });

  document.addEventListener("htmx:sendError", function () {
    showGlobalError("De server is niet bereikbaar. Controleer de verbinding; uw invoer is bewaard.");
  });

  // After a question is accepted: empty the box, keep focus there for the next question.
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt;
    if (!form || form.id !== "ask-form") return;
    var status = evt.detail.xhr ? evt.detail.xhr.status : 0;
    if (evt.detail.successful && status < 300) {
      var box = form.querySelector("textarea");
      if (box) { box.value = ""; box.focus(); }
      var err = document.getElementById("ask-error");
      if (err) err.innerHTML = "";
    }
  });

  // A new Opdrachtcheck result: move focus (and the view) to its heading, also on a phone
  // where the result sits below the forms.
  document.addEventListener("htmx:afterSwap", function (evt) {
    var target = evt.detail.target;
    if (!target || target.id !== "check-result") return;
    var heading = target.querySelector("h2");
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
  });

  // Enter sends the question, Shift+Enter makes a new line.
  document.addEventListener("keydown", function (evt) {
    var target = evt.target;
    if (evt.key !== "Enter" || evt.shiftKey || evt.isComposing) return;
    if (!target || target.id !== "question") return;
    evt.preventDefault();
    if (target.form && typeof target.form.requestSubmit === "function") target.form.requestSubmit();
  });

  // Keep the newest streamed text in view while it arrives.
  document.addEventListener("htmx:sseMessage", function (evt) {
    var msg = evt.target && evt.target.closest ? evt.target.closest(".message") : null;
    if (msg && msg.getBoundingClientRect().bottom > window.innerHeight) {
      msg.scrollIntoView({ block: "end" });
    }
  });

  // A stream that cannot connect: say so instead of waiting forever.
  document.addEventListener("htmx:sseError", function (evt) {
    var msg = evt.target && evt.target.closest ? evt.target.closest(".message") : null;
    if (!msg) return;
    var status = msg.querySelector(".stream-status");
    if (status) status.textContent = "Verbinding met de server verbroken; opnieuw verbinden…";
  });

  // Source viewer: bring the cited passage into view and give it focus for screen readers.
  document.addEventListener("DOMContentLoaded", function () {
    var passage = document.getElementById("passage");
    if (passage) {
      passage.scrollIntoView({ block: "center" });
      passage.focus({ preventScroll: true });
    }
  });
})();
