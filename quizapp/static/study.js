// Keyboard shortcuts for study and quiz pages. The pages work without this file:
// it only lets Space reveal a flashcard, 1-4 press the numbered buttons, and Enter continue.
(function () {
  "use strict";
  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
  }
  var reveal = document.querySelector("details.reveal");
  var response = document.getElementById("response");
  if (response) { response.focus(); }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    if (event.key === " " && reveal && !reveal.open) {
      event.preventDefault();
      reveal.open = true;
      return;
    }
    if (/^[1-9]$/.test(event.key)) {
      if (reveal && !reveal.open) { return; }
      var button = document.querySelector('.answer-form button[data-key="' + event.key + '"]');
      if (button) { event.preventDefault(); button.click(); }
      return;
    }
    if (event.key === "Enter") {
      var next = document.getElementById("continue");
      if (next && event.target.tagName !== "BUTTON" && event.target.tagName !== "A") {
        event.preventDefault();
        next.click();
      }
    }
  });
})();
