// Announce the page's messages ("Fact saved.", "That email and password do not match an
// account."). Screen readers announce text that arrives in a live region already on the
// page; a region that loads with its text is read by few. The page loads its two regions
// empty and each message after them as a plain paragraph (so it shows without this file);
// a moment after the page is in, each message moves into its region: errors into the
// alert (read at once), the others into the polite one (read when the reader is free).
// The regions sit where the messages were, so nothing moves on the screen.
(function () {
  "use strict";
  var DELAY_MS = 250;  // past the page load a screen reader is busy taking in
  var messages = document.querySelectorAll(".flashes > [data-announce]");
  if (!messages.length) {
    return;
  }
  setTimeout(function () {
    messages.forEach(function (message) {
      var region = document.getElementById("flash-" + message.getAttribute("data-announce"));
      if (region) {
        region.appendChild(message);
      }
    });
  }, DELAY_MS);
})();
