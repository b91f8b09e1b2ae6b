// The search on each language's home page: Pagefind's own index and API (pagefind.js in
// <lang>/pagefind/), with results that say at a glance what each register is. Browsing never
// needs it; without JavaScript the form stays hidden and the lists below lead to every register.
(function () {
  "use strict";
  // Short words a reader may add that no register page needs to contain ("doctors in Portugal").
  var STOP = {
    en: "in of the for a an at from on to", de: "in im von der die das den dem des für aus", fr: "de du des en la le les au aux d l pour",
    es: "de en la el los las del para", it: "di in il la lo dei delle del degli per", pt: "de em do da dos das no na para",
    nl: "in van de het een voor", pl: "w we z ze dla", cs: "v ve z pro", sk: "v vo z pre", sl: "v z za", hr: "u iz za",
    sv: "i av för", da: "i af for", nb: "i av for", ro: "din în de la pentru", lv: "", lt: "", et: "", fi: "", hu: "a az",
    mt: "ta tal fil", ga: "in i na an", is: "í á", el: "σε στην στο της του των για", bg: "в на за"
  };
  var box, form, input, status, filtersBox, filterGroups, list, more, suggest, suggestList, strings, lang, pagefind;
  var allFilters = {}, selected = {}, current = null, shown = 0, PAGE = 10, timer = null, suggestions = null;

  function t(key, term, count) {
    return (strings[key] || "").replace("[SEARCH_TERM]", "\u201c" + term + "\u201d").replace("[COUNT]", String(count));
  }
  function normal(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  function cleanQuery(query) {
    var stop = (STOP[lang] || "").split(" ");
    var words = query.trim().split(/\s+/);
    var kept = words.filter(function (w) { return stop.indexOf(w.toLowerCase()) < 0; });
    return (kept.length ? kept : words).join(" ");
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }
  function activeFilters() {
    var out = {};
    Object.keys(selected).forEach(function (group) {
      var values = Object.keys(selected[group]).filter(function (v) { return selected[group][v]; });
      if (values.length) { out[group] = { any: values }; }
    });
    return out;
  }

  function renderResult(data) {
    var meta = data.meta || {};
    var item = el("li", "result");
    var heading = el("h3", "result-title");
    var link = el("a", "result-link", meta.title || data.url);
    link.href = data.url;
    if (meta.name_lang && meta.name_lang !== lang) { link.lang = meta.name_lang; }
    heading.appendChild(link);
    item.appendChild(heading);
    var facts = el("p", "result-facts");
    var country = el("strong", "", meta.country || "");
    facts.appendChild(country);
    if (meta.kind) {
      facts.appendChild(document.createTextNode(" \u00b7 "));
      var kind = el("span", "", meta.kind);
      if (meta.kind_lang && meta.kind_lang !== lang) { kind.lang = meta.kind_lang; }
      facts.appendChild(kind);
    }
    if (meta.status) { facts.appendChild(document.createTextNode(" \u00b7 " + meta.status)); }
    item.appendChild(facts);
    if (meta.professions) { item.appendChild(el("p", "result-professions", meta.professions)); }
    if (meta.access) { item.appendChild(el("p", "result-access", meta.access)); }
    return item;
  }

  function showMore() {
    if (!current) { return; }
    var batch = current.search.results.slice(shown, shown + PAGE);
    var token = current;
    Promise.all(batch.map(function (r) { return r.data(); })).then(function (datas) {
      if (token !== current) { return; }
      datas.forEach(function (d) { list.appendChild(renderResult(d)); });
      shown += batch.length;
      more.hidden = shown >= current.search.results.length;
    });
  }

  function renderFilters(search) {
    var all = allFilters;
    var counts = search.filters || {};
    filterGroups.textContent = "";
    var groups = Object.keys(all).sort();
    groups.forEach(function (group) {
      var values = Object.keys(all[group]).sort(function (a, b) { return a.localeCompare(b, lang); });
      if (!values.length) { return; }
      var set = el("fieldset", "filter-group");
      set.appendChild(el("legend", "", group));
      values.forEach(function (value) {
        var label = el("label", "filter");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.checked = !!(selected[group] && selected[group][value]);
        box.addEventListener("change", function () {
          selected[group] = selected[group] || {};
          selected[group][value] = box.checked;
          run(input.value);
        });
        label.appendChild(box);
        var n = (counts[group] && counts[group][value]) || 0;
        label.appendChild(document.createTextNode(" " + value + " (" + n + ")"));
        set.appendChild(label);
      });
      filterGroups.appendChild(set);
    });
    var active = Object.keys(activeFilters()).length;
    filtersBox.querySelector(".filter-count").textContent = active ? " (" + active + ")" : "";
    filtersBox.hidden = groups.length === 0;
  }

  function showSuggestions(query) {
    suggestList.textContent = "";
    suggest.hidden = false;
    var load = suggestions ? Promise.resolve(suggestions) :
      fetch(box.getAttribute("data-suggestions")).then(function (r) { return r.json(); }).then(function (j) { suggestions = j; return j; });
    load.then(function (items) {
      var tokens = normal(query).split(/[\s,;.\/()\-]+/).filter(function (w) { return w.length >= 3; });
      var found = items.filter(function (item) {
        return item.w.some(function (word) {
          return normal(word).split(/[\s,;.\/()\-]+/).some(function (part) {
            return tokens.some(function (tok) { return part.indexOf(tok) === 0 || (part.length >= 4 && tok.indexOf(part) === 0); });
          });
        });
      }).slice(0, 8);
      found.forEach(function (item) {
        var li = el("li");
        var a = el("a", "", item.l);
        a.href = box.getAttribute("data-home") + item.h;
        li.appendChild(a);
        suggestList.appendChild(li);
      });
      suggest.querySelector(".suggest-match").hidden = found.length === 0;
    }).catch(function () { suggest.querySelector(".suggest-match").hidden = true; });
  }

  function run(query) {
    var term = query.trim();
    if (history.replaceState) {
      var url = new URL(window.location.href);
      if (term) { url.searchParams.set("q", term); } else { url.searchParams.delete("q"); }
      history.replaceState(null, "", url.toString());
    }
    if (!term) {
      current = null; list.textContent = ""; status.textContent = ""; more.hidden = true; suggest.hidden = true;
      filtersBox.hidden = true;
      return;
    }
    status.textContent = t("searching", term, 0);
    var token = {};
    current = token;
    pagefind.search(cleanQuery(term), { filters: activeFilters() }).then(function (search) {
      if (current !== token || !search) { return; }
      token.search = search;
      list.textContent = "";
      shown = 0;
      var n = search.results.length;
      status.textContent = n === 0 ? t("zero_results", term, 0) : t(n === 1 ? "one_result" : "many_results", term, n);
      suggest.hidden = true;
      if (n === 0) { showSuggestions(term); }
      renderFilters(search);
      showMore();
    });
  }

  function start() {
    box = document.getElementById("search");
    if (!box) { return; }
    lang = document.documentElement.lang;
    try { strings = JSON.parse(document.getElementById("search-strings").textContent); } catch (e) { strings = {}; }
    form = document.getElementById("search-form");
    input = document.getElementById("search-input");
    status = document.getElementById("search-status");
    filtersBox = document.getElementById("search-filters");
    filterGroups = document.getElementById("search-filter-groups");
    list = document.getElementById("search-results");
    more = document.getElementById("search-more");
    suggest = document.getElementById("search-suggestions");
    suggestList = document.getElementById("search-suggestion-list");
    var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI).href;
    import(bundle + "pagefind.js").then(function (module) {
      pagefind = module;
      return pagefind.options({ baseUrl: box.getAttribute("data-base") || "/" });
    }).then(function () {
      return pagefind.filters().then(function (all) { allFilters = all || {}; });
    }).then(function () {
      var note = document.getElementById("no-search");
      if (note) { note.hidden = true; }
      form.hidden = false;
      form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(input.value); });
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(input.value); }, 250);
      });
      more.addEventListener("click", showMore);
      var initial = new URLSearchParams(window.location.search).get("q");
      if (initial) { input.value = initial; run(initial); }
      pagefind.init();
    }).catch(function () { /* no index (a language without registers): the lists below stay */ });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
