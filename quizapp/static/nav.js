// On a phone the app bar's places scroll sideways in one row. A browser scrolls a place
// that gets the focus into view only when it is wholly hidden; this keeps the place with
// the focus wholly in view (clear of the strip's faded edge, its scroll-padding), so a
// keyboard user always sees where they are. Without this file every place is still reached.
(function () {
  "use strict";
  var appBar = document.querySelector(".site-header nav");
  if (!appBar) { return; }
  appBar.addEventListener("focusin", function (event) {
    event.target.scrollIntoView({ block: "nearest", inline: "nearest" });
  });
})();
