/* Khabar reader enhancements: the font-size control and copy-link button. The page works without them. */
(function () {
  "use strict";
  // Steps of 12.5% of the body size (site.css): -2 is 75%, +4 is 150%. font-size-early.js reads the same key
  // before first paint, so a chosen size holds across reloads and from one article to the next.
  var KEY = "khabar:font-step", MIN = -2, MAX = 4, PERCENT_PER_STEP = 12.5;
  var root = document.documentElement;

  function currentStep() {
    var value = parseInt(getComputedStyle(root).getPropertyValue("--font-step"), 10);
    return isNaN(value) ? 0 : Math.max(MIN, Math.min(MAX, value));
  }

  function localDigits(text, zero) {
    var base = (zero || "0").charCodeAt(0);
    return text.replace(/[0-9]/g, function (digit) { return String.fromCharCode(base + Number(digit)); });
  }

  function showStep(control, step) {
    control.querySelectorAll("button[data-font-step]").forEach(function (button) {
      var delta = parseInt(button.getAttribute("data-font-step"), 10);
      var unavailable = (delta < 0 && step <= MIN) || (delta > 0 && step >= MAX) || (delta === 0 && step === 0);
      // aria-disabled, not disabled: a disabled button drops keyboard focus to the top of the page.
      button.setAttribute("aria-disabled", unavailable ? "true" : "false");
    });
    var output = control.querySelector("[data-font-size-value]");
    if (output) {
      var zero = output.getAttribute("data-zero") || "0";
      var percent = String(Math.round(100 + step * PERCENT_PER_STEP));
      output.textContent = localDigits(percent, zero) + (zero === "0" ? "%" : "٪");
    }
  }

  function applyStep(step, remember) {
    step = Math.max(MIN, Math.min(MAX, step));
    root.style.setProperty("--font-step", String(step));
    if (remember) {
      try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode: size lasts this page */ }
    }
    document.querySelectorAll("[data-font-size-control]").forEach(function (control) { showStep(control, step); });
  }

  document.querySelectorAll("[data-font-size-control]").forEach(function (control) {
    control.hidden = false;
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-font-step]");
      if (!button || button.getAttribute("aria-disabled") === "true") return;
      var delta = parseInt(button.getAttribute("data-font-step"), 10);
      applyStep(delta === 0 ? 0 : currentStep() + delta, true);
    });
  });
  if (document.querySelector("[data-font-size-control]")) applyStep(currentStep(), false);

  document.querySelectorAll("[data-copy-url]").forEach(function (button) {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy-url")).then(function () {
        button.textContent = "تم نسخ الرابط";
      });
    });
  });
})();
