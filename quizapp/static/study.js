// Study and quiz pages. The pages work without this file: it lets Space reveal a
// flashcard, 1-4 press the numbered buttons and Enter continue. And it asks for the
// session's next card with each answer ("carry"): the feedback page then carries it
// (<template id="next-card">), and Continue shows it with no wait for the server.
// Without this file Continue asks the server for the next card.
(function () {
  "use strict";
  var loadedAt = performance.now();

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
  }

  // The card's "shown at" is the server's clock when it rendered the card; a carried
  // card is shown later, by the time the learner spent on the feedback.
  function shownLater(card) {
    var shownAt = card.querySelector('input[name="shown_at"]');
    var rendered = shownAt ? Date.parse(shownAt.value) : NaN;
    if (!isNaN(rendered)) {
      shownAt.value = new Date(rendered + (performance.now() - loadedAt)).toISOString();
    }
  }

  function focusCard() {
    var response = document.getElementById("response");
    if (response) { response.focus(); return; }
    var heading = document.querySelector("#main .card h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  // Swap the feedback for the carried card, as if Continue had loaded it: the address
  // becomes Continue's (a reload asks for the same card), the title the card's.
  function showCarriedCard(link) {
    var carried = document.getElementById("next-card");
    var main = document.getElementById("main");
    if (!carried || !main) { return false; }
    var card = carried.content.cloneNode(true);
    shownLater(card);
    var flashes = main.querySelector(".flashes");
    main.replaceChildren();
    if (flashes) {
      flashes.querySelectorAll(".flash").forEach(function (message) { message.remove(); });
      main.appendChild(flashes);
    }
    main.appendChild(card);
    document.title = carried.getAttribute("data-title") || document.title;
    history.replaceState(null, "", link.href);
    window.scrollTo(0, 0);
    focusCard();
    return true;
  }

  var response = document.getElementById("response");
  if (response) { response.focus(); }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("answer-form") ||
        form.querySelector('input[name="carry"]')) {
      return;
    }
    var carry = document.createElement("input");
    carry.type = "hidden";
    carry.name = "carry";
    carry.value = "1";
    form.appendChild(carry);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a#continue");
    if (!link || event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (showCarriedCard(link)) { event.preventDefault(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var reveal = document.querySelector("details.reveal");
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
