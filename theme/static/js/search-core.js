/*
 * Site search, the part without a page: turns what a reader types into a lunr query, loads
 * the shards of the split index that the query needs, and ranks the documents with lunr.js.
 * The search page (search.js) and the tests (tests/search/*.js, in Node) both use it.
 *
 * The text analysis here must stay the same as plugins/search_index/analysis.py: split on
 * white space and hyphens, lower-case, fold accents and letters such as Maltese ħ, trim
 * punctuation at both ends, drop stop words, stem.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("lunr"));
  } else {
    root.SiteSearch = factory(root.lunr);
  }
})(this, function (lunr) {
  "use strict";

  var SEPARATOR = /[\s\-]+/;
  var MARKS = /\p{M}/gu;
  var NOT_LETTER_OR_DIGIT_AT_ENDS = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
  var LETTERS_WITHOUT_DECOMPOSITION = {
    "ħ": "h", "đ": "d", "ð": "d", "ø": "o", "ł": "l", "ß": "ss",
    "æ": "ae", "œ": "oe", "ı": "i", "þ": "th", "ŧ": "t"
  };
  var SPECIAL_LETTERS = /[ħđðøłßæœıþŧ]/g;
  // A reader's query longer than this is cut: nobody types more, and it bounds the work.
  var MAX_QUERY_CHARACTERS = 200;
  var MAX_QUERY_WORDS = 8;
  // Prefix matching starts at this many letters; shorter prefixes match too much to help.
  var MIN_PREFIX = 3;
  var EXACT_BOOST = 10;

  function fold(word) {
    return word.normalize("NFKD").replace(MARKS, "").replace(SPECIAL_LETTERS, function (letter) {
      return LETTERS_WITHOUT_DECOMPOSITION[letter];
    });
  }

  function trim(word) {
    return word.replace(NOT_LETTER_OR_DIGIT_AT_ENDS, "");
  }

  /* The index term of one word, or "" for a stop word or a word of punctuation only. */
  function termOf(word) {
    var folded = trim(fold(String(word).toLowerCase()));
    if (!folded || !lunr.stopWordFilter(new lunr.Token(folded))) return "";
    return lunr.stemmer(new lunr.Token(folded)).toString();
  }

  /* The words of a reader's query, each as {term, prefix}; `prefix` is set when the word is
     long enough to also match longer words while the reader is still typing. */
  function queryWords(input) {
    var seen = Object.create(null);
    var words = [];
    String(input || "")
      .slice(0, MAX_QUERY_CHARACTERS)
      .replace(/\*/g, " ")
      .split(SEPARATOR)
      .forEach(function (raw) {
        var term = termOf(raw);
        if (!term || seen[term] || words.length >= MAX_QUERY_WORDS) return;
        seen[term] = true;
        words.push({ term: term, prefix: term.length >= MIN_PREFIX });
      });
    return words;
  }

  function wordMatchesTerm(word, term) {
    return term === word.term || (word.prefix && term.lastIndexOf(word.term, 0) === 0);
  }

  /* Rank the documents of a lunr index for the query words. Every word must match (its term,
     or a longer term it starts), so a longer query narrows the results as readers expect. */
  function runQuery(index, words) {
    if (!words.length) return [];
    var matches = index.query(function (query) {
      words.forEach(function (word) {
        query.term(word.term, { usePipeline: false, boost: EXACT_BOOST });
        if (word.prefix) {
          query.term(word.term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
      });
    });
    return matches.filter(function (match) {
      var terms = Object.keys(match.matchData.metadata);
      return words.every(function (word) {
        return terms.some(function (term) { return wordMatchesTerm(word, term); });
      });
    });
  }

  /* The shard keys a word needs: the one holding its term, and for a prefix every shard whose
     terms may start with it. */
  function shardKeysFor(word, keys) {
    var needed = [];
    var term = word.term;
    for (var length = term.length; length > 0; length--) {
      if (Object.prototype.hasOwnProperty.call(keys, term.slice(0, length))) {
        needed.push(term.slice(0, length));
        break;
      }
    }
    if (word.prefix) {
      Object.keys(keys).forEach(function (key) {
        if (key.length > term.length && key.lastIndexOf(term, 0) === 0) needed.push(key);
      });
    }
    return needed;
  }

  /* Loads shards on demand and rebuilds a lunr.Index holding every term loaded so far.
     `fetchJson(path)` returns a promise of the parsed JSON file at `path` under the index. */
  function Engine(fetchJson) {
    this.fetchJson = fetchJson;
    this.meta = null;
    this.loaded = Object.create(null);
    this.invertedIndex = Object.create(null);
    this.vectorElements = Object.create(null);
    this.index = null;
    this.documents = Object.create(null);
  }

  Engine.prototype.ready = function () {
    var engine = this;
    if (!this.metaPromise) {
      this.metaPromise = this.fetchJson("meta.json").then(function (meta) {
        engine.meta = meta;
        return meta;
      });
    }
    return this.metaPromise;
  };

  Engine.prototype.addShard = function (entries) {
    var fields = this.meta.fields;
    for (var e = 0; e < entries.length; e++) {
      var entry = entries[e];
      var term = entry[0];
      var termIndex = entry[1];
      var posting = { _index: termIndex };
      for (var f = 0; f < fields.length; f++) {
        var flat = entry[2 + f];
        var documents = {};
        var ref = 0;
        for (var p = 0; p < flat.length; p += 2) {
          ref += flat[p];
          documents[ref] = {};
          var fieldRef = fields[f] + "/" + ref;
          (this.vectorElements[fieldRef] = this.vectorElements[fieldRef] || []).push([termIndex, flat[p + 1] / 1000]);
        }
        posting[fields[f]] = documents;
      }
      this.invertedIndex[term] = posting;
    }
    this.index = null;
  };

  Engine.prototype.load = function (keys) {
    var engine = this;
    var missing = keys.filter(function (key) { return !engine.loaded[key]; });
    return Promise.all(missing.map(function (key) {
      engine.loaded[key] = engine.loaded[key] || engine.fetchJson("shards/" + engine.meta.shards[key] + ".json")
        .then(function (entries) { engine.addShard(entries); });
      return engine.loaded[key];
    }));
  };

  Engine.prototype.lunrIndex = function () {
    if (this.index) return this.index;
    var fieldVectors = Object.create(null);
    for (var fieldRef in this.vectorElements) {
      var pairs = this.vectorElements[fieldRef].sort(function (a, b) { return a[0] - b[0]; });
      var elements = [];
      for (var i = 0; i < pairs.length; i++) elements.push(pairs[i][0], pairs[i][1]);
      fieldVectors[fieldRef] = new lunr.Vector(elements);
    }
    this.index = new lunr.Index({
      invertedIndex: this.invertedIndex,
      fieldVectors: fieldVectors,
      tokenSet: lunr.TokenSet.fromArray(Object.keys(this.invertedIndex).sort()),
      fields: this.meta.fields,
      pipeline: new lunr.Pipeline()
    });
    return this.index;
  };

  /* A promise of {words, results}; each result is {ref, score, kind, year, matchData}. */
  Engine.prototype.search = function (input) {
    var engine = this;
    var words = queryWords(input);
    return this.ready().then(function (meta) {
      var keys = [];
      words.forEach(function (word) { keys = keys.concat(shardKeysFor(word, meta.shards)); });
      return engine.load(keys);
    }).then(function () {
      var results = runQuery(engine.lunrIndex(), words).map(function (match) {
        var facets = engine.meta.docs[match.ref];
        return {
          ref: match.ref,
          score: match.score,
          kind: engine.meta.kinds[facets[0]],
          year: facets[1] || null,
          matchData: match.matchData
        };
      });
      return { words: words, results: results };
    });
  };

  /* A promise of what a result shows: title, url, kind, date, dateText, summary, text. */
  Engine.prototype.document = function (ref) {
    if (!this.documents[ref]) this.documents[ref] = this.fetchJson("docs/" + ref + ".json");
    return this.documents[ref];
  };

  /* `text` cut into [{text, match}] pieces, match true where a word of the query is. */
  function highlight(text, words) {
    var pieces = [];
    var pattern = /[^\s\-]+/g;
    var last = 0;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      var term = termOf(found[0]);
      var hit = term && words.some(function (word) { return wordMatchesTerm(word, term); });
      if (!hit) continue;
      var core = trim(found[0]);
      var start = found.index + found[0].indexOf(core);
      var end = start + core.length;
      if (start > last) pieces.push({ text: text.slice(last, start), match: false });
      pieces.push({ text: text.slice(start, end), match: true });
      last = end;
    }
    if (last < text.length) pieces.push({ text: text.slice(last), match: false });
    return pieces;
  }

  /* About `size` words of `text` around the first match, as highlight() pieces, with an
     ellipsis where the text is cut; null if no word of the query is in the text. */
  function snippet(text, words, size) {
    var tokens = [];
    var pattern = /[^\s\-]+/g;
    var found;
    var first = -1;
    while ((found = pattern.exec(text)) !== null) {
      tokens.push(found.index);
      if (first < 0) {
        var term = termOf(found[0]);
        if (term && words.some(function (word) { return wordMatchesTerm(word, term); })) {
          first = tokens.length - 1;
        }
      }
    }
    if (first < 0) return null;
    var from = Math.max(0, first - Math.floor(size / 3));
    var to = Math.min(tokens.length, from + size);
    var start = tokens[from];
    var end = to < tokens.length ? tokens[to] : text.length;
    var pieces = highlight(text.slice(start, end).trim(), words);
    if (from > 0) pieces.unshift({ text: "… ", match: false });
    if (to < tokens.length) pieces.push({ text: " …", match: false });
    return pieces;
  }

  return {
    Engine: Engine,
    fold: fold,
    termOf: termOf,
    queryWords: queryWords,
    runQuery: runQuery,
    shardKeysFor: shardKeysFor,
    highlight: highlight,
    snippet: snippet
  };
});
