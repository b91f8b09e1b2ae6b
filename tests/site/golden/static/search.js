// Starts Pagefind's own search UI on the home page, with UI strings from the site's catalogues.
// The only script of the site besides Pagefind; browsing never needs it.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("search");
    if (!box || typeof PagefindUI === "undefined") { return; }
    var note = document.getElementById("no-search");
    if (note) { note.hidden = true; }
    var strings = {};
    try { strings = JSON.parse(document.getElementById("search-translations").textContent); } catch (e) { strings = {}; }
    new PagefindUI({
      element: "#search",
      // Absolute, because Pagefind resolves a relative bundle path against its own script's URL.
      bundlePath: new URL(box.getAttribute("data-bundle"), document.baseURI).pathname,
      baseUrl: box.getAttribute("data-base") || "/",
      showImages: false,
      showSubResults: false,
      resetStyles: false,
      translations: strings
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
