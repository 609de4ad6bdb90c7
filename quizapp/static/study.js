// Study and quiz pages. The pages work without this file: it lets Space reveal a
// flashcard, 1-4 press the numbered buttons and Enter continue. An answer's feedback
// page carries the session's next card (<article id="next-card">, hidden); Continue is
// a link to it, which without this file shows it in place of the feedback (style.css).
// This file swaps it in as if it had loaded instead: the session's address and title,
// the answer box focused, and the time the card was shown.
(function () {
  "use strict";
  var loadedAt = performance.now();

  function typing(target) {
    return target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.isContentEditable);
  }

  // The elements of the page on screen: not those of the carried card still hidden.
  function shown(selector) {
    return Array.prototype.find.call(document.querySelectorAll(selector), function (element) {
      return !element.closest(".carried-card");
    }) || null;
  }

  // A carried card's "shown at" is left blank (without this file nobody knows when the
  // learner turned to it); it is the server's clock when it rendered the card, plus the
  // time the learner then spent on the feedback.
  function shownLater(card) {
    var shownAt = card.querySelector('input[name="shown_at"]');
    var rendered = shownAt ? Date.parse(shownAt.getAttribute("data-rendered-at")) : NaN;
    if (!isNaN(rendered)) {
      shownAt.value = new Date(rendered + (performance.now() - loadedAt)).toISOString();
    }
  }

  // The answer box takes the focus with the caret after what it holds: the page showing
  // a hint (or asking to send a refused answer again) gives back what was typed, and
  // focus() alone put the caret before it, so typing on went in front ("oulSe").
  function focusAnswer(box) {
    box.focus();
    var end = box.value.length;
    box.setSelectionRange(end, end);
  }

  // The answer box, else the question itself (visible, and read out as the question),
  // never the heading kept for screen readers only, which shows no focus ring.
  function focusCard() {
    var response = document.getElementById("response");
    if (response) { focusAnswer(response); return; }
    var prompt = document.querySelector("#main .card .prompt");
    if (prompt) {
      prompt.setAttribute("tabindex", "-1");
      prompt.focus();
    }
  }

  // A card just shown does not take an empty answer from a key meant for the page
  // before it: Enter pressed twice (Continue, then at once Check) or held down would
  // otherwise record "no answer" as wrong. An empty answer stays possible ("I don't
  // know"), a moment later.
  var EMPTY_ANSWER_GRACE_MS = 700;
  var cardShownAt = loadedAt;

  // Captured, so it runs before forms.js marks the form as on its way.
  document.addEventListener("submit", function (event) {
    var box = event.target.querySelector && event.target.querySelector("#response");
    var hint = event.submitter && event.submitter.hasAttribute("formaction");
    if (box && !hint && !box.value.trim() && performance.now() - cardShownAt < EMPTY_ANSWER_GRACE_MS) {
      event.preventDefault();
    }
  }, true);

  // A flashcard's answer, once shown, takes the focus from "Show answer" (which goes):
  // a screen reader reads it, and the rating keys 1-4 follow.
  document.addEventListener("toggle", function (event) {
    var reveal = event.target;
    if (!reveal.matches || !reveal.matches("details.reveal") || !reveal.open) { return; }
    var answer = reveal.querySelector(".answer");
    if (answer && document.activeElement === reveal.querySelector("summary")) {
      answer.setAttribute("tabindex", "-1");
      answer.focus();
    }
  }, true);


  // Swap the feedback for the carried card, as if Continue had loaded it: the address
  // becomes Continue's (a reload asks for the same card), the title the card's.
  function showCarriedCard(link) {
    var carried = document.getElementById("next-card");
    var main = document.getElementById("main");
    if (!carried || !main) { return false; }
    var card = document.createDocumentFragment();
    while (carried.firstChild) { card.appendChild(carried.firstChild); }
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
    cardShownAt = performance.now();
    focusCard();
    return true;
  }

  // The answer box takes the focus. On a quiz question without one the question does,
  // as a card swapped in does: a keyboard user answers without tabbing through the
  // header on every question, and a screen reader starts at the question. (A study
  // page keeps the focus at the top, where its header's places come first.)
  var response = shown("#response");
  if (response) {
    focusAnswer(response);
  } else if (document.querySelector(".quiz-title") && shown(".answer-form")) {
    focusCard();
  }

  // Continue leads to the session: a click shows the carried card (below), and opened
  // in a new tab it loads the session there.
  var continueLink = document.getElementById("continue");
  if (continueLink && continueLink.getAttribute("data-session")) {
    continueLink.href = continueLink.getAttribute("data-session");
  }

  // Continue followed before this file ran (Enter pressed while the page loaded): the
  // browser shows the carried card by its address alone (style.css), with nothing
  // focused. Make it the page's own card, as a click would have.
  if (continueLink && location.hash === "#next-card") { showCarriedCard(continueLink); }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a#continue");
    if (!link || event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (showCarriedCard(link)) { event.preventDefault(); }
  });

  // A key pressed while an input method (a Korean IME) composes a syllable is the IME's:
  // its Enter confirms the syllable. Chrome and Firefox mark it isComposing; Safari ends
  // the composition first, then sends keyCode 229. Such an Enter neither sends a half
  // composed answer nor presses Continue; the next Enter does, as ever.
  function composing(event) {
    return event.isComposing || event.keyCode === 229;
  }

  document.addEventListener("keydown", function (event) {
    if (composing(event)) {
      if (event.key === "Enter" && typing(event.target)) { event.preventDefault(); }
      return;
    }
    if (event.repeat && event.key === "Enter") { event.preventDefault(); return; }
    // Ctrl+Z (⌘Z on a Mac) takes the last answer back, as Anki's Undo does, where the
    // page offers it; in an answer box it stays the box's own undo of typing.
    if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey &&
        event.key.toLowerCase() === "z" && !typing(event.target)) {
      var undo = shown("form.undo button");
      if (undo) { event.preventDefault(); undo.click(); }
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var reveal = shown("details.reveal");
    if (event.key === " " && reveal && !reveal.open) {
      event.preventDefault();
      reveal.open = true;
      return;
    }
    if (/^[1-9]$/.test(event.key)) {
      if (reveal && !reveal.open) { return; }
      var button = shown('.answer-form button[data-key="' + event.key + '"]');
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
