/* Khabar's breaking-news bar: keeps the server-rendered bar current on pages that may come from a cache.
   Asks /api/breaking/ at once, then every few seconds while the tab is visible, and hides each item at its
   expiry time (in the server's clock) even between polls. Without JavaScript the bar is what the server
   rendered, which the page cache refreshes whenever a flag changes. */
(function () {
  "use strict";
  var bar = document.getElementById("breaking-bar");
  if (!bar || !window.fetch || !window.JSON) return;
  var list = bar.querySelector(".breaking-list");
  var endpoint = bar.getAttribute("data-endpoint") || "/api/breaking/";
  var pollMs = Math.max(2, parseInt(bar.getAttribute("data-poll-seconds"), 10) || 5) * 1000;
  var clockOffset = 0; // server time minus this device's time, in ms, from the last answer
  var items = [];
  var shownKey = null;
  var pollTimer = null;
  var expiryTimer = null;

  function serverNow() { return Date.now() + clockOffset; }

  function itemsFromPage() {
    return Array.prototype.map.call(list.querySelectorAll("li"), function (li) {
      var link = li.querySelector("a");
      return {
        id: li.getAttribute("data-breaking-id"),
        text: link ? link.textContent : li.textContent,
        url: link ? link.getAttribute("href") : "",
        expires_at: li.getAttribute("data-expires-at")
      };
    });
  }

  function render() {
    var now = serverNow();
    var current = items.filter(function (item) {
      var expires = Date.parse(item.expires_at);
      return isNaN(expires) || expires > now;
    });
    var key = JSON.stringify(current.map(function (item) { return [item.id, item.text, item.url]; }));
    if (key !== shownKey) {
      // Rebuilt only when something changed, so screen readers announce a new flag once, not every poll.
      while (list.firstChild) list.removeChild(list.firstChild);
      current.forEach(function (item) {
        var li = document.createElement("li");
        li.setAttribute("data-breaking-id", item.id);
        li.setAttribute("data-expires-at", item.expires_at);
        var link = document.createElement("a");
        // Only this site's own paths: the answer comes from our server, but a link is never trusted blindly.
        if (typeof item.url === "string" && item.url.charAt(0) === "/" && item.url.charAt(1) !== "/") {
          link.setAttribute("href", item.url);
        }
        link.textContent = item.text;
        li.appendChild(link);
        list.appendChild(li);
      });
      shownKey = key;
    }
    bar.hidden = current.length === 0;
    scheduleExpiry(current, now);
  }

  function scheduleExpiry(current, now) {
    if (expiryTimer) clearTimeout(expiryTimer);
    expiryTimer = null;
    var next = Infinity;
    current.forEach(function (item) {
      var expires = Date.parse(item.expires_at);
      if (!isNaN(expires)) next = Math.min(next, expires);
    });
    if (next !== Infinity) expiryTimer = setTimeout(render, Math.max(0, next - now) + 50);
  }

  function poll() {
    fetch(endpoint, { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data || !Array.isArray(data.items)) return;
        var serverTime = Date.parse(data.now);
        if (!isNaN(serverTime)) clockOffset = serverTime - Date.now();
        items = data.items;
        render();
      })
      .catch(function () { /* offline or server busy: keep what is shown, try again at the next poll */ });
  }

  function start() {
    if (pollTimer) return;
    poll();
    pollTimer = setInterval(poll, pollMs);
  }

  function stop() {
    if (pollTimer) clearInterval(pollTimer);
    pollTimer = null;
  }

  items = itemsFromPage();
  render();
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") stop(); else start();
  });
  if (document.visibilityState !== "hidden") start();
})();
