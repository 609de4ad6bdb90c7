// The browser's own time zone (an IANA name such as "Asia/Seoul"), so a learner's days
// begin at their midnight rather than UTC's. The sign-up form sends it with the new
// account. The home page's offer (a form marked data-zone-offer, hidden) is shown when
// the account lives in another zone than this device, naming the device's zone, unless
// the learner chose to keep the account's zone on this device.
// Without this file, or in a browser that names no zone, accounts start in UTC and the
// learner picks their zone in Study settings.
(function () {
  "use strict";
  var name = "";
  try {
    name = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!name) {
    return;
  }
  document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
    input.value = name;
  });
  // A zone's UTC offsets in January and July: two names of one zone ("US/Eastern" and
  // "America/New_York", "Etc/UTC" and "UTC") have the same, and are not worth an offer.
  // Empty where the browser cannot tell (then only the same name counts as the same).
  function offsets(zone) {
    try {
      var year = new Date().getFullYear();
      var format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
      return [0, 6].map(function (month) {
        return format.format(new Date(Date.UTC(year, month, 1)));
      }).join(" ");
    } catch (error) {
      return "";
    }
  }
  // "Keep" remembers, in this browser, the pair of zones the learner chose to keep: the
  // offer stays away until the device or the account is in another zone.
  var KEPT = "quizapp.zone-offer.kept";
  function kept(pair) {
    try {
      return window.localStorage.getItem(KEPT) === pair;
    } catch (error) {
      return false;
    }
  }
  function keep(pair) {
    try {
      window.localStorage.setItem(KEPT, pair);
    } catch (error) {
      // Storage refused (a private window): the offer is hidden for this page only.
    }
  }
  document.querySelectorAll("form[data-zone-offer]").forEach(function (form) {
    var account = form.getAttribute("data-account-zone");
    var mine = offsets(name);
    var pair = account + " " + name;
    if (account === name || (mine !== "" && offsets(account) === mine) || kept(pair)) {
      return;
    }
    form.querySelectorAll("[data-zone-keep]").forEach(function (button) {
      button.addEventListener("click", function () {
        keep(pair);
        form.hidden = true;
        // The pressed button is gone: keyboard focus goes on to the page's content.
        var main = document.getElementById("main");
        if (main) {
          main.focus();
        }
      });
    });
    form.elements.namedItem("time_zone").value = name;
    form.querySelectorAll("[data-zone-name]").forEach(function (span) {
      span.textContent = name;
    });
    form.hidden = false;
  });
})();
