// The sign-up form sends the browser's own time zone (an IANA name such as
// "Asia/Seoul"), so a new account's days begin at the learner's midnight rather than
// UTC's. Without this file, or in a browser that names no zone, the account starts in
// UTC and the learner picks their zone in Study settings.
(function () {
  "use strict";
  var name = "";
  try {
    name = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
    input.value = name;
  });
})();
