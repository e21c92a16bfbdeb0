/* Khabar view beacon: records this article view and shows the fresh count in [data-views-for]. The server
   sends the phrase ready-made ("مشاهدتان", "11 مشاهدة"), so no plural rules live here. Without JavaScript
   the page keeps the count it was rendered with. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-endpoint");
  if (!url || !window.fetch) return;

  function send() {
    fetch(url, { method: "POST", credentials: "same-origin", keepalive: true, headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !data.label) return;
        document.querySelectorAll('[data-views-for="' + data.id + '"]').forEach(function (el) {
          el.textContent = data.label;
        });
      })
      .catch(function () { /* offline or blocked: the rendered count stays */ });
  }

  // A page prerendered by the browser is not a view until the reader actually opens it.
  if (document.prerendering) {
    document.addEventListener("prerenderingchange", send, { once: true });
  } else {
    send();
  }
})();
