// On the language chooser only: suggest (never redirect to) the browser's preferred site language.
(function () {
  "use strict";
  var box = document.getElementById("suggestion");
  if (!box || !navigator.languages) { return; }
  var links = document.querySelectorAll(".languages a[hreflang]");
  var wanted = navigator.languages.map(function (l) { return l.toLowerCase().split("-")[0]; });
  for (var i = 0; i < wanted.length; i++) {
    var code = wanted[i] === "no" || wanted[i] === "nn" ? "nb" : wanted[i];
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("hreflang") === code) {
        var link = links[j].cloneNode(true);
        link.textContent = "→ " + links[j].textContent;
        box.appendChild(link);
        box.hidden = false;
        return;
      }
    }
  }
}());
