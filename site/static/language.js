// On the language chooser only: say what the directory is in the browser's preferred site language,
// point its search box at that language, and suggest (never redirect to) that language's pages.
(function () {
  "use strict";
  var box = document.getElementById("suggestion");
  if (!box || !navigator.languages) { return; }
  var links = document.querySelectorAll(".languages a[hreflang]");
  var intros = {};
  try { intros = JSON.parse(document.getElementById("intros").textContent); } catch (e) { intros = {}; }
  var wanted = navigator.languages.map(function (l) { return l.toLowerCase().split("-")[0]; });
  function localise(code, link) {
    var texts = intros[code];
    var form = document.getElementById("root-search");
    if (form) { form.setAttribute("action", link.getAttribute("href")); }
    if (!texts || code === "en") { return; }
    var local = document.getElementById("intro-local");
    local.lang = code;
    var title = document.createElement("h2");
    title.textContent = texts.title;
    var text = document.createElement("p");
    text.className = "lead";
    text.textContent = texts.intro + " " + texts.who;
    local.appendChild(title);
    local.appendChild(text);
    local.hidden = false;
    var label = document.getElementById("root-q-label");
    var button = document.getElementById("root-q-button");
    label.textContent = texts.search;
    label.lang = code;
    button.textContent = texts.button;
    button.lang = code;
  }
  for (var i = 0; i < wanted.length; i++) {
    var code = wanted[i] === "no" || wanted[i] === "nn" ? "nb" : wanted[i];
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("hreflang") === code) {
        var link = links[j].cloneNode(true);
        link.textContent = "→ " + links[j].textContent;
        box.appendChild(link);
        box.hidden = false;
        localise(code, links[j]);
        return;
      }
    }
  }
}());
