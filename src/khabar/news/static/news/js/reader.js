/* Khabar reader enhancements: the font-size control and copy-link button. The page works without them. */
(function () {
  "use strict";
  var KEY = "khabar:font-step", MIN = -2, MAX = 4;
  var root = document.documentElement;

  function currentStep() {
    var value = parseInt(getComputedStyle(root).getPropertyValue("--font-step"), 10);
    return isNaN(value) ? 0 : value;
  }

  function applyStep(step) {
    step = Math.max(MIN, Math.min(MAX, step));
    root.style.setProperty("--font-step", String(step));
    try { localStorage.setItem(KEY, String(step)); } catch (e) { /* private mode: size lasts this page */ }
    document.querySelectorAll("[data-font-size-control] button").forEach(function (button) {
      var delta = parseInt(button.getAttribute("data-font-step"), 10);
      button.disabled = (delta < 0 && step <= MIN) || (delta > 0 && step >= MAX) || (delta === 0 && step === 0);
    });
  }

  document.querySelectorAll("[data-font-size-control]").forEach(function (control) {
    control.hidden = false;
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-font-step]");
      if (!button) return;
      var delta = parseInt(button.getAttribute("data-font-step"), 10);
      applyStep(delta === 0 ? 0 : currentStep() + delta);
    });
  });
  if (document.querySelector("[data-font-size-control]")) applyStep(currentStep());

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
