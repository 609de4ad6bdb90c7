// On a phone the app bar's places scroll sideways in one row. This shows the current
// page's place at load, and keeps the place with the keyboard's focus wholly in view: a
// browser scrolls a focused place only when it is wholly hidden, and the strip's faded
// edge (its scroll-padding) would half hide it. Without this file every place is still
// reached, by swiping or by Tab.
(function () {
  "use strict";
  var appBar = document.querySelector(".site-header nav");
  if (!appBar) { return; }
  function show(place) {
    place.scrollIntoView({ block: "nearest", inline: "nearest", behavior: "instant" });
  }
  var current = appBar.querySelector('[aria-current="page"]');
  if (current && appBar.scrollWidth > appBar.clientWidth) { show(current); }
  appBar.addEventListener("focusin", function (event) { show(event.target); });
})();
