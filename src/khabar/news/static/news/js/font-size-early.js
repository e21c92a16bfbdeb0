/* Runs before first paint so a reader's chosen text size never flashes back to the default. */
(function () {
  try {
    var step = parseInt(localStorage.getItem("khabar:font-step"), 10);
    if (step >= -2 && step <= 4) document.documentElement.style.setProperty("--font-step", String(step));
  } catch (e) { /* storage disabled: default size */ }
})();
