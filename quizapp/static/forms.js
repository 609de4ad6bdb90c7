// A form that changes something (POST) is sent once. A double click, or a second press
// while the first answer is on its way, would send the same request again: the server
// treats a repeat as a repeat, but the browser shows the answer to the last one sent.
// So once a form is on its way its further submits are ignored, and its buttons look
// busy, until the page is shown again (the back button restores it usable) or, should
// the answer never come (the browser's Stop, a dropped connection), for 15 seconds.
// Without this file every form still works.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || form.method !== "post") {
      return;
    }
    if (form.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    form.setAttribute("aria-busy", "true");
    setTimeout(function () { form.removeAttribute("aria-busy"); }, 15000);
  });
  window.addEventListener("pageshow", function () {
    document.querySelectorAll('form[aria-busy="true"]').forEach(function (form) {
      form.removeAttribute("aria-busy");
    });
  });
})();
