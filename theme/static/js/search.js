/*
 * The search page: results as the reader types (after a short pause), filters by kind and
 * year, "Show more results", and an address (?q=…&kind=…&year=…) that can be shared or
 * bookmarked. When nothing is found: "Did you mean …?", with links that run the suggested
 * searches, and where else to look (the page has those links). The ranking itself is in
 * search-core.js.
 */
(function () {
  "use strict";

  var PAUSE_MS = 250;
  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 30;
  var KIND_LABELS = { news: "News", page: "Page", directorate: "Directorate", office: "The office" };

  var form = document.querySelector("form.search");
  if (!form || !window.lunr || !window.SiteSearch) return;

  var input = document.getElementById("search-input");
  var kindSelect = document.getElementById("search-kind");
  var yearSelect = document.getElementById("search-year");
  var filters = document.querySelector(".search__filters");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var none = document.getElementById("search-none");
  var suggest = document.getElementById("search-suggest");
  var suggestions = document.getElementById("search-suggestions");
  var searchPage = new URL(form.getAttribute("action"), document.baseURI);
  var indexBase = new URL(form.getAttribute("data-index"), document.baseURI);
  var siteRoot = new URL(form.getAttribute("data-root"), document.baseURI);

  var engine = new window.SiteSearch.Engine(function (path) {
    return fetch(new URL(path, indexBase)).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url);
      return response.json();
    });
  });

  var state = { words: [], results: [], shown: 0, query: "" };
  // Answers can arrive out of order; each counter lets only the latest one through.
  var searchNumber = 0;
  var renderNumber = 0;
  var timer = null;

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function appendPieces(parent, pieces) {
    pieces.forEach(function (piece) {
      parent.appendChild(piece.match ? element("mark", "", piece.text) : document.createTextNode(piece.text));
    });
  }

  function filtered() {
    return state.results.filter(function (result) {
      return (!kindSelect.value || result.kind === kindSelect.value) &&
        (!yearSelect.value || String(result.year) === yearSelect.value);
    });
  }

  function countBy(results, key) {
    var counts = {};
    results.forEach(function (result) {
      if (result[key]) counts[result[key]] = (counts[result[key]] || 0) + 1;
    });
    return counts;
  }

  function fillSelect(select, counts, label, order) {
    var chosen = select.value;
    while (select.options.length > 1) select.remove(1);
    var values = Object.keys(counts).sort(order);
    if (chosen && values.indexOf(chosen) < 0) values.push(chosen);
    values.forEach(function (value) {
      var option = new Option(label(value) + " (" + (counts[value] || 0) + ")", value);
      select.add(option);
    });
    select.value = chosen;
  }

  function updateFilters() {
    fillSelect(kindSelect, countBy(state.results, "kind"), function (kind) {
      return KIND_LABELS[kind] || kind;
    });
    fillSelect(yearSelect, countBy(state.results, "year"), String, function (a, b) {
      return b - a;
    });
    filters.hidden = state.results.length === 0;
  }

  function resultItem(result, documentData) {
    var item = element("li", "search-results__item");
    var heading = element("h2", "search-results__title");
    var link = element("a");
    link.href = new URL(documentData.url, siteRoot).href;
    appendPieces(link, window.SiteSearch.highlight(documentData.title, state.words));
    heading.appendChild(link);
    item.appendChild(heading);

    var meta = element("p", "search-results__meta", KIND_LABELS[documentData.kind] || documentData.kind);
    if (documentData.date) {
      meta.appendChild(document.createTextNode(", "));
      var time = element("time", "", documentData.dateText);
      time.setAttribute("datetime", documentData.date);
      meta.appendChild(time);
    }
    item.appendChild(meta);

    var pieces = window.SiteSearch.snippet(documentData.text, state.words, SNIPPET_WORDS) ||
      window.SiteSearch.highlight(documentData.summary, state.words);
    var text = element("p", "search-results__snippet");
    appendPieces(text, pieces);
    item.appendChild(text);
    return item;
  }

  /* Append the next results; with `fresh`, replace the list and the count in one step, so a
     screen reader hears the count when the results it announces are there. */
  function showMore(fresh) {
    var number = fresh ? ++renderNumber : renderNumber;
    var results = filtered();
    var start = fresh ? 0 : state.shown;
    var batch = results.slice(start, start + PAGE_SIZE);
    return Promise.all(batch.map(function (result) { return engine.document(result.ref); }))
      .then(function (documents) {
        if (number !== renderNumber) return;
        if (fresh) {
          list.textContent = "";
          status.textContent = statusText(results.length);
        }
        var first = null;
        documents.forEach(function (documentData, i) {
          var item = resultItem(batch[i], documentData);
          first = first || item.querySelector("a");
          list.appendChild(item);
        });
        state.shown = start + batch.length;
        more.hidden = state.shown >= results.length;
        if (!fresh && first) first.focus();
      });
  }

  /* Whether the query has a word to find, not only words to leave out. */
  function hasWordToFind(words) {
    return words.some(function (word) { return !word.exclude; });
  }

  function statusText(count) {
    var quoted = "\u201c" + state.query.trim() + "\u201d";
    if (!hasWordToFind(state.words)) return state.query.trim() ? "Type a word to search for." : "";
    if (!count) return "No results for " + quoted + ". Check the spelling, or try fewer or other words.";
    return count + (count === 1 ? " result" : " results") + " for " + quoted + ".";
  }

  function render() {
    return showMore(true);
  }

  /* Show, when nothing was found, the suggested searches and where else to look. */
  function showNone(words, number) {
    suggestions.textContent = "";
    suggest.hidden = true;
    none.hidden = true;
    if (!hasWordToFind(words) || state.results.length) return Promise.resolve();
    none.hidden = false;
    return engine.suggest(words).then(function (queries) {
      if (number !== searchNumber) return;
      queries.forEach(function (query) {
        var item = element("li");
        var link = element("a", "", query);
        var address = new URL(searchPage);
        address.searchParams.set("q", query);
        link.href = address.href;
        item.appendChild(link);
        suggestions.appendChild(item);
      });
      suggest.hidden = !queries.length;
    });
  }

  function rememberInAddress() {
    var params = new URLSearchParams();
    if (state.query.trim()) params.set("q", state.query.trim());
    if (kindSelect.value) params.set("kind", kindSelect.value);
    if (yearSelect.value) params.set("year", yearSelect.value);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function search() {
    var number = ++searchNumber;
    state.query = input.value;
    rememberInAddress();
    return engine.search(state.query).then(function (found) {
      if (number !== searchNumber) return;
      state.words = found.words;
      state.results = found.results;
      updateFilters();
      return Promise.all([render(), showNone(found.words, number)]);
    }).catch(function () {
      if (number !== searchNumber) return;
      status.textContent = "Search is not working at the moment. Try again later, or use the A to Z of this site.";
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, PAUSE_MS);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  [kindSelect, yearSelect].forEach(function (select) {
    select.addEventListener("change", function () {
      rememberInAddress();
      render();
    });
  });
  more.addEventListener("click", function () { showMore(false); });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  ["kind", "year"].forEach(function (name) {
    var value = params.get(name);
    var select = name === "kind" ? kindSelect : yearSelect;
    if (value) {
      select.add(new Option(value, value));
      select.value = value;
    }
  });
  if (input.value) search();
})();
