/*
 * The search page: results as the reader types (after a short pause), filters by kind and
 * year, "Show more results", and an address (?q=…&kind=…&year=…) that can be shared or
 * bookmarked. When nothing is found: "Did you mean …?", with links that run the suggested
 * searches, and where else to look (the page has those links). The ranking itself is in
 * search-core.js.
 *
 * Each language has its own index (search/data/<folder>/, listed in search/data/
 * languages.json): the page searches the one of its own <html lang>, or the default
 * language's if it has none; a box the script adds to the filters includes every language,
 * and a result in another language than the page's says which, by name and `lang`.
 *
 * The words shown here are English until the page gives them (the data-* attributes named
 * in TEXTS, read from the search form, override them one by one). The count of results
 * has one text for each plural category of the page's language (data-text-results-one,
 * -two, -few, -many, -other: CLDR's categories, which Intl.PluralRules and Babel share).
 */
(function () {
  "use strict";

  var PAUSE_MS = 250;
  var PAGE_SIZE = 10;
  var SNIPPET_WORDS = 30;
  var MAX_SUGGESTIONS = 3;

  var form = document.querySelector("form.search");
  if (!form || !window.lunr || !window.SiteSearch) return;

  // Each text by the form's data-* attribute that may give it in the page's language.
  var TEXTS = {
    kindNews: "News", kindPage: "Page", kindDirectorate: "Directorate", kindOffice: "The office",
    kindPublication: "Publication",
    allLanguages: "Include pages in all languages",
    typeAWord: "Type a word to search for.",
    noResults: "No results for {query}. Check the spelling, or try fewer or other words.",
    oneResult: "1 result for {query}.",
    results: "{count} results for {query}.",
    notWorking: "Search is not working at the moment. Try again later, or use the A to Z of this site."
  };
  Object.keys(TEXTS).forEach(function (name) {
    var given = form.getAttribute("data-text-" + name.replace(/[A-Z]/g, function (letter) {
      return "-" + letter.toLowerCase();
    }));
    if (given) TEXTS[name] = given;
  });
  var KIND_LABELS = { news: TEXTS.kindNews, page: TEXTS.kindPage, directorate: TEXTS.kindDirectorate,
                      office: TEXTS.kindOffice, publication: TEXTS.kindPublication };

  var PLURALS = window.Intl && Intl.PluralRules
    ? new Intl.PluralRules(document.documentElement.lang || "en") : null;

  /* "{count} results for {query}." as the page's language says it for `count`. */
  function resultsText(count) {
    var category = PLURALS ? PLURALS.select(count) : (count === 1 ? "one" : "other");
    return form.getAttribute("data-text-results-" + category)
      || form.getAttribute("data-text-results-other")
      || (count === 1 ? TEXTS.oneResult : TEXTS.results);
  }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

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

  var pageTag = (document.documentElement.getAttribute("lang") || "").toLowerCase();

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(response.status + " " + response.url);
      return response.json();
    });
  }

  /* The site's languages ({default, languages: [{code, name, folder, documents}]}) and the
     page's among them: its <html lang>, or that tag's language ("mt" for "mt-MT"), or the
     default. */
  var languagesPromise = fetchJson(new URL("languages.json", indexBase)).then(function (site) {
    var byCode = {};
    site.languages.forEach(function (language) { byCode[language.code.toLowerCase()] = language; });
    var own = byCode[pageTag] || byCode[pageTag.split("-")[0]] || byCode[site.default.toLowerCase()];
    return { list: site.languages, own: own };
  });
  var engines = {};

  function engineFor(language) {
    if (!engines[language.code]) {
      var base = new URL(language.folder + "/", indexBase);
      engines[language.code] = new window.SiteSearch.Engine(function (path) {
        return fetchJson(new URL(path, base));
      });
    }
    return engines[language.code];
  }

  var allLanguages = null; // the box that includes every language, if the site has several
  // Asked for by the address; the box, made once the languages are known, takes it over.
  var startWithAll = new URLSearchParams(location.search).get("languages") === "all";

  function includesAll() {
    return allLanguages ? allLanguages.checked : startWithAll;
  }

  function addLanguageChoice(languages) {
    if (languages.list.length < 2 || allLanguages) return;
    var holder = element("div", "search__filter search__filter--languages");
    allLanguages = element("input");
    allLanguages.type = "checkbox";
    allLanguages.id = "search-all-languages";
    allLanguages.name = "languages";
    allLanguages.value = "all";
    var label = element("label", "", TEXTS.allLanguages);
    label.htmlFor = allLanguages.id;
    holder.appendChild(allLanguages);
    holder.appendChild(label);
    filters.appendChild(holder);
    allLanguages.checked = startWithAll;
    allLanguages.addEventListener("change", function () { search(); });
  }

  /* The languages to search: the page's, then with the box ticked every other. */
  function languagesToSearch(languages) {
    if (!allLanguages || !allLanguages.checked) return [languages.own];
    return [languages.own].concat(languages.list.filter(function (language) {
      return language !== languages.own;
    }));
  }

  var state = { searched: [], results: [], shown: 0, query: "", own: null };
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
    // Kept in view without results while another language could have some.
    filters.hidden = state.results.length === 0 && !(allLanguages && queryHasWordToFind());
  }

  function resultItem(result, documentData) {
    var item = element("li", "search-results__item");
    var heading = element("h2", "search-results__title");
    var link = element("a");
    var elsewhere = result.language !== state.own;
    link.href = new URL(documentData.url, siteRoot).href;
    appendPieces(link, window.SiteSearch.highlight(documentData.title, result.words, result.analysis));
    heading.appendChild(link);
    if (elsewhere) heading.lang = result.language.code;
    item.appendChild(heading);

    var meta = element("p", "search-results__meta", KIND_LABELS[documentData.kind] || documentData.kind);
    if (documentData.date) {
      meta.appendChild(document.createTextNode(", "));
      var time = element("time", "", documentData.dateText);
      time.setAttribute("datetime", documentData.date);
      meta.appendChild(time);
    }
    if (elsewhere) {
      // The language's name in itself ("Malti"), as the language switcher names it.
      meta.appendChild(document.createTextNode(" \u00b7 "));
      var language = element("span", "search-results__language", result.language.name);
      language.lang = result.language.code;
      meta.appendChild(language);
    }
    item.appendChild(meta);

    var pieces = window.SiteSearch.snippet(documentData.text, result.words, SNIPPET_WORDS, result.analysis) ||
      window.SiteSearch.highlight(documentData.summary, result.words, result.analysis);
    var text = element("p", "search-results__snippet");
    if (elsewhere) text.lang = result.language.code;
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
    return Promise.all(batch.map(function (result) { return result.engine.document(result.ref); }))
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

  /* Whether a word of the query is one to find in any language searched. */
  function queryHasWordToFind() {
    return state.searched.some(function (searched) { return hasWordToFind(searched.words); });
  }

  function statusText(count) {
    var quoted = "\u201c" + state.query.trim() + "\u201d";
    if (!queryHasWordToFind()) return state.query.trim() ? TEXTS.typeAWord : "";
    if (!count) return say(TEXTS.noResults, { query: quoted });
    return say(resultsText(count), { count: count, query: quoted });
  }

  function render() {
    return showMore(true);
  }

  /* Show, when nothing was found, the suggested searches (from the words of each language
     searched, the page's first) and where else to look. */
  function showNone(number) {
    suggestions.textContent = "";
    suggest.hidden = true;
    none.hidden = true;
    if (!queryHasWordToFind() || state.results.length) return Promise.resolve();
    none.hidden = false;
    return Promise.all(state.searched.map(function (searched) {
      return searched.engine.suggest(searched.words);
    })).then(function (lists) {
      if (number !== searchNumber) return;
      var queries = [];
      lists.forEach(function (list) {
        list.forEach(function (query) { if (queries.indexOf(query) < 0) queries.push(query); });
      });
      queries = queries.slice(0, MAX_SUGGESTIONS);
      queries.forEach(function (query) {
        var item = element("li");
        var link = element("a", "", query);
        var address = new URL(searchPage);
        address.searchParams.set("q", query);
        if (includesAll()) address.searchParams.set("languages", "all");
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
    if (includesAll()) params.set("languages", "all");
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  /* The results of every language searched in one list: those that need fewer corrections
     first, then by lunr's score (each language's index scores its own documents, on the
     same scale), then the page's language first. Within one language this is that
     language's own order. */
  function merged(searched) {
    var all = [];
    searched.forEach(function (one, order) {
      one.found.results.forEach(function (result, position) {
        all.push({ ref: result.ref, score: result.score, kind: result.kind, year: result.year,
                   corrections: result.corrections, language: one.language, engine: one.engine,
                   words: one.words, analysis: one.engine.analysis(), order: order,
                   position: position });
      });
    });
    return all.sort(function (a, b) {
      return a.corrections - b.corrections || b.score - a.score || a.order - b.order ||
        a.position - b.position;
    });
  }

  function search() {
    var number = ++searchNumber;
    state.query = input.value;
    rememberInAddress();
    return languagesPromise.then(function (languages) {
      addLanguageChoice(languages);
      state.own = languages.own;
      return Promise.all(languagesToSearch(languages).map(function (language) {
        var engine = engineFor(language);
        return engine.search(state.query).then(function (found) {
          return { language: language, engine: engine, found: found, words: found.words };
        });
      }));
    }).then(function (searched) {
      if (number !== searchNumber) return;
      state.searched = searched;
      state.results = merged(searched);
      updateFilters();
      return Promise.all([render(), showNone(number)]);
    }).catch(function () {
      if (number !== searchNumber) return;
      status.textContent = TEXTS.notWorking;
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
  languagesPromise.then(addLanguageChoice, function () { /* search() says it fails */ });
  if (input.value) search();
})();
