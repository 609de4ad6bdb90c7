// Study settings: offer the time zone this device's clock is set to. A learner who never
// picked a zone (still the default, UTC) finds it already chosen, with a note saying so;
// anyone else gets a button to switch to it. The server checks whatever is sent.
// Without this file the list still works: the learner picks their zone by hand.
(function () {
  "use strict";
  var select = document.getElementById("time_zone");
  var note = document.getElementById("device-zone");
  var deviceZone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!select || !note || !deviceZone || select.value === deviceZone) {
    return;
  }
  var offered = Array.prototype.some.call(select.options, function (option) {
    return option.value === deviceZone;
  });
  if (!offered) {
    return;
  }
  var text = note.querySelector(".device-zone-text");
  var button = note.querySelector("button");
  function choose(message) {
    select.value = deviceZone;
    text.textContent = message;
    button.remove();
  }
  if (note.getAttribute("data-preselect") === "true") {
    choose("Chosen from this device's clock: " + deviceZone + ". Save settings to keep it.");
  } else {
    text.textContent = "This device's clock is set to " + deviceZone + ".";
    button.textContent = "Use " + deviceZone;
    button.addEventListener("click", function () {
      choose("Now " + deviceZone + ", as this device's clock. Save settings to keep it.");
      select.focus();
    });
  }
  note.hidden = false;
})();
