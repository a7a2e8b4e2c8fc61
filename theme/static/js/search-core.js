/*
 * Site search, the part without a page: turns what a reader types into a lunr query, loads
 * the shards of the split index that the query needs, and ranks the documents with lunr.js.
 * The search page (search.js) and the tests (tests/search/*.js, in Node) both use it.
 *
 * The text analysis here must stay the same as plugins/search/search_index/analysis.py, for
 * each language's analysis (named in its index's meta.json): split on white space and
 * hyphens (Maltese also on apostrophes), lower-case, fold accents and letters such as Maltese
 * ħ, trim punctuation at both ends; then English drops English stop words and stems, Maltese
 * drops its articles and particles, other languages (Vietnamese among them) nothing more.
 * Not lunr-languages: it has no Maltese or Vietnamese, and the Porter stemmer must not cut
 * words of other languages by English endings.
 *
 * The query language is plain words, every one of which must match; a word after a minus
 * sign ("-student") leaves out the pages that hold it. A word of 5 letters or more that is
 * mistyped also finds the site's words one letter away from it (two from 9 letters), with
 * the same first letter, as Meilisearch does by default; pages found only through such a
 * correction rank below those found by the words as typed.
 */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("lunr"));
  } else {
    root.SiteSearch = factory(root.lunr);
  }
})(this, function (lunr) {
  "use strict";

  var WHITE_SPACE = /\s+/;
  // Maltese elides with an apostrophe ("ta' Malta", "f'Għawdex"): straight or curly.
  var APOSTROPHES = "'\u2018\u2019\u02bc";
  var MALTESE_STOP_WORDS = {};
  ("il l ic id in ir is it ix iz ta tal tac tad tan tar tas tat tax taz " +
   "f fi fil fl b bi bil bl ma mal sa sal lil lill mill minn ghal ghall u li jew x m s")
    .split(" ").forEach(function (word) { MALTESE_STOP_WORDS[word] = true; });
  /* Each language's analysis, by the name its index's meta.json gives (analysis.py's). */
  var ANALYSES = {
    english: {
      separator: /[\s\-]+/,
      word: /[^\s\-]+/g,
      term: function (folded) {
        if (!lunr.stopWordFilter(new lunr.Token(folded))) return "";
        return lunr.stemmer(new lunr.Token(folded)).toString();
      }
    },
    maltese: {
      separator: new RegExp("[\\s\\-" + APOSTROPHES + "]+"),
      word: new RegExp("[^\\s\\-" + APOSTROPHES + "]+", "g"),
      term: function (folded) { return MALTESE_STOP_WORDS[folded] === true ? "" : folded; }
    },
    folded: {
      separator: /[\s\-]+/,
      word: /[^\s\-]+/g,
      term: function (folded) { return folded; }
    }
  };
  var DEFAULT_ANALYSIS = "english";
  var LETTERS_ONLY = /^\p{L}+$/u;
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
  // Words this long may have one mistyped letter, and two from the second length.
  var ONE_TYPO_LETTERS = 5;
  var TWO_TYPOS_LETTERS = 9;
  // At most this many of the site's words stand in for one mistyped word.
  var MAX_CORRECTIONS = 10;
  // "Did you mean": words this long get suggestions, up to two letters away from 5 letters.
  var MIN_SUGGESTION_LETTERS = 3;
  var TWO_EDITS_SUGGESTION_LETTERS = 5;
  var MAX_SUGGESTIONS = 3;

  function fold(word) {
    return word.normalize("NFKD").replace(MARKS, "").replace(SPECIAL_LETTERS, function (letter) {
      return LETTERS_WITHOUT_DECOMPOSITION[letter];
    });
  }

  function trim(word) {
    return word.replace(NOT_LETTER_OR_DIGIT_AT_ENDS, "");
  }

  /* A word folded and trimmed as the index does before stemming: "Saħħtek" -> "sahhtek". */
  function surfaceOf(word) {
    return trim(fold(String(word).toLowerCase()));
  }

  /* An analysis by name: English if none is given, folding only for a name not known. */
  function analysisOf(name) {
    if (!name) return ANALYSES[DEFAULT_ANALYSIS];
    return Object.prototype.hasOwnProperty.call(ANALYSES, name) ? ANALYSES[name] : ANALYSES.folded;
  }

  /* The index term of one word in an analysis, or "" for a stop word or a word of
     punctuation only. */
  function termOf(word, analysis) {
    var folded = surfaceOf(word);
    if (!folded) return "";
    return analysisOf(analysis).term(folded);
  }

  /* The words of a reader's query, each as {term, prefix, exclude, surface, raw, typos}:
     `prefix` is set when the word is long enough to also match longer words while the reader
     is still typing; `exclude` for a word after a minus sign at the start of a chunk
     ("-student"); `typos` (filled by the Engine) are the terms of the site's words that the
     word may be a mistyping of. */
  function queryWords(input, analysis) {
    var separator = analysisOf(analysis).separator;
    var seen = Object.create(null);
    var words = [];
    String(input || "")
      .slice(0, MAX_QUERY_CHARACTERS)
      .replace(/\*/g, " ")
      .split(WHITE_SPACE)
      .forEach(function (chunk) {
        var exclude = chunk.charAt(0) === "-";
        chunk.split(separator).forEach(function (raw) {
          var term = termOf(raw, analysis);
          var key = (exclude ? "-" : "+") + term;
          if (!term || seen[key] || words.length >= MAX_QUERY_WORDS) return;
          seen[key] = true;
          words.push({
            term: term,
            prefix: !exclude && term.length >= MIN_PREFIX,
            exclude: exclude,
            surface: surfaceOf(raw),
            raw: trim(raw),
            typos: []
          });
        });
      });
    return words;
  }

  function wanted(words) {
    return words.filter(function (word) { return !word.exclude; });
  }

  function matchesAsTyped(word, term) {
    return term === word.term || (word.prefix && term.lastIndexOf(word.term, 0) === 0);
  }

  function matchesByCorrection(word, term) {
    return (word.typos || []).indexOf(term) >= 0;
  }

  function wordMatchesTerm(word, term) {
    return !word.exclude && (matchesAsTyped(word, term) || matchesByCorrection(word, term));
  }

  /* How many of the `words` a document holding `terms` matches only through a correction, or
     -1 if it misses one of them. */
  function correctionsNeeded(words, terms) {
    var corrections = 0;
    for (var w = 0; w < words.length; w++) {
      var word = words[w];
      var typed = terms.some(function (term) { return matchesAsTyped(word, term); });
      if (typed) continue;
      if (!terms.some(function (term) { return matchesByCorrection(word, term); })) return -1;
      corrections++;
    }
    return corrections;
  }

  /* Rank the documents of a lunr index for the query words. Every word must match (its term,
     a longer term it starts, or a correction of it), so a longer query narrows the results as
     readers expect; a page holding an excluded word is left out. Pages that need fewer
     corrections come first (Meilisearch's "typo" rule), each group in lunr's order. */
  function runQuery(index, words) {
    var positive = wanted(words);
    if (!positive.length) return [];
    var matches = index.query(function (query) {
      words.forEach(function (word) {
        if (word.exclude) {
          query.term(word.term, { usePipeline: false, presence: lunr.Query.presence.PROHIBITED });
          return;
        }
        query.term(word.term, { usePipeline: false, boost: EXACT_BOOST });
        if (word.prefix) {
          query.term(word.term, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
        }
        (word.typos || []).forEach(function (term) {
          query.term(term, { usePipeline: false });
        });
      });
    });
    var ranked = [];
    matches.forEach(function (match, position) {
      var corrections = correctionsNeeded(positive, Object.keys(match.matchData.metadata));
      if (corrections >= 0) ranked.push({ match: match, corrections: corrections, position: position });
    });
    ranked.sort(function (a, b) { return a.corrections - b.corrections || a.position - b.position; });
    return ranked.map(function (item) {
      item.match.corrections = item.corrections;
      return item.match;
    });
  }

  /* The shard keys a word needs: the one holding its term, for a prefix every shard whose
     terms may start with it, and those of its corrections. */
  function shardKeysFor(word, keys) {
    var needed = [];
    [word.term].concat(word.typos || []).forEach(function (term) {
      for (var length = term.length; length > 0; length--) {
        if (Object.prototype.hasOwnProperty.call(keys, term.slice(0, length))) {
          needed.push(term.slice(0, length));
          break;
        }
      }
    });
    if (word.prefix) {
      Object.keys(keys).forEach(function (key) {
        if (key.length > word.term.length && key.lastIndexOf(word.term, 0) === 0) needed.push(key);
      });
    }
    return needed;
  }

  /* The number of edits (a letter added, dropped, changed, or two neighbours swapped) that
     turn `a` into `b`, both arrays of letters; `limit + 1` as soon as it is more than
     `limit`. */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var before = null;
    var previous = [];
    for (var j = 0; j <= b.length; j++) previous.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var smallest = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost);
        if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row.push(value);
        smallest = Math.min(smallest, value);
      }
      if (smallest > limit) return limit + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  /* How many letters of `surface` may be mistyped for it to find a site's word. */
  function typoBudget(surface) {
    if (!LETTERS_ONLY.test(surface)) return 0;
    var length = Array.from(surface).length;
    return length >= TWO_TYPOS_LETTERS ? 2 : length >= ONE_TYPO_LETTERS ? 1 : 0;
  }

  /* How many edits away a suggestion for `surface` may be. */
  function suggestionBudget(surface) {
    if (!LETTERS_ONLY.test(surface)) return 0;
    var length = Array.from(surface).length;
    return length >= TWO_EDITS_SUGGESTION_LETTERS ? 2 : length >= MIN_SUGGESTION_LETTERS ? 1 : 0;
  }

  /* The keys of the files of words that may hold a word `limit` edits from `surface`: its
     first letter's, or where that letter is split by length, those of the lengths near its
     own. */
  function wordKeysFor(surface, limit, keys) {
    var letters = Array.from(surface);
    if (Object.prototype.hasOwnProperty.call(keys, letters[0])) return [letters[0]];
    var needed = [];
    for (var length = letters.length - limit; length <= letters.length + limit; length++) {
      if (Object.prototype.hasOwnProperty.call(keys, letters[0] + length)) needed.push(letters[0] + length);
    }
    return needed;
  }

  /* Loads shards on demand and rebuilds a lunr.Index holding every term loaded so far.
     `fetchJson(path)` returns a promise of the parsed JSON file at `path` under the index. */
  function Engine(fetchJson) {
    this.fetchJson = fetchJson;
    this.meta = null;
    this.loaded = Object.create(null);
    this.wordFiles = Object.create(null);
    this.invertedIndex = Object.create(null);
    this.vectorElements = Object.create(null);
    this.index = null;
    this.documents = Object.create(null);
  }

  /* The name of the analysis of this index's language. */
  Engine.prototype.analysis = function () {
    return (this.meta && this.meta.analysis) || DEFAULT_ANALYSIS;
  };

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

  /* A promise of the site's words within `limit` edits of `surface` with its first letter,
     each as {surface, term, documents, spelling, distance}, the word itself included. */
  Engine.prototype.nearWords = function (surface, limit) {
    var engine = this;
    var keys = wordKeysFor(surface, limit, this.meta.words || {});
    return Promise.all(keys.map(function (key) {
      engine.wordFiles[key] = engine.wordFiles[key] || engine.fetchJson("words/" + engine.meta.words[key] + ".json");
      return engine.wordFiles[key];
    })).then(function (files) {
      var letters = Array.from(surface);
      var near = [];
      files.forEach(function (entries) {
        entries.forEach(function (entry) {
          var other = Array.from(entry[0]);
          if (other[0] !== letters[0]) return;
          var distance = editDistance(letters.slice(1), other.slice(1), limit);
          if (distance > limit) return;
          near.push({ surface: entry[0], term: entry[1], documents: entry[2],
                      spelling: entry[3] || entry[0], distance: distance });
        });
      });
      return near.sort(function (a, b) {
        return a.distance - b.distance || b.documents - a.documents ||
          (a.surface < b.surface ? -1 : a.surface > b.surface ? 1 : 0);
      });
    });
  };

  /* Fill `word.typos`: the terms of the site's words it may be a mistyping of, other than
     those it finds as typed. */
  Engine.prototype.correct = function (word) {
    var limit = word.exclude ? 0 : typoBudget(word.surface);
    if (!limit) return Promise.resolve(word);
    return this.nearWords(word.surface, limit).then(function (near) {
      near.forEach(function (candidate) {
        var term = candidate.term;
        if (candidate.distance === 0 || matchesAsTyped(word, term) || word.typos.indexOf(term) >= 0) return;
        if (word.typos.length < MAX_CORRECTIONS) word.typos.push(term);
      });
      return word;
    });
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

  /* A promise of {words, results}; each result is {ref, score, kind, year, matchData,
     corrections}. */
  Engine.prototype.search = function (input) {
    var engine = this;
    var words = [];
    return this.ready().then(function () {
      words = queryWords(input, engine.analysis());
      return Promise.all(words.map(function (word) { return engine.correct(word); }));
    }).then(function () {
      var keys = [];
      words.forEach(function (word) { keys = keys.concat(shardKeysFor(word, engine.meta.shards)); });
      return engine.load(keys);
    }).then(function () {
      var results = runQuery(engine.lunrIndex(), words).map(function (match) {
        var facets = engine.meta.docs[match.ref];
        return {
          ref: match.ref,
          score: match.score,
          kind: engine.meta.kinds[facets[0]],
          year: facets[1] || null,
          matchData: match.matchData,
          corrections: match.corrections
        };
      });
      return { words: words, results: results };
    });
  };

  /* Whether a word of a search just made is in the index as typed (or starts a term). */
  Engine.prototype.isKnown = function (word) {
    if (this.invertedIndex[word.term]) return true;
    return word.prefix && Object.keys(this.invertedIndex).some(function (term) {
      return matchesAsTyped(word, term);
    });
  };

  /* A promise of up to MAX_SUGGESTIONS queries ("Did you mean …?") for the words of a search
     that found nothing: each word that is not in the index as typed is replaced by one of the
     site's words nearest to it (the most common first), or left out if none is near; only
     queries that find something are offered. Each is the text of the query, as the site
     spells its words. */
  Engine.prototype.suggest = function (words) {
    var engine = this;
    var lost = wanted(words).filter(function (word) { return !engine.isKnown(word); });
    if (!lost.length) return Promise.resolve([]);
    return Promise.all(lost.map(function (word) {
      var limit = suggestionBudget(word.surface);
      return limit ? engine.nearWords(word.surface, limit) : Promise.resolve([]);
    })).then(function (nearLists) {
      var choices = nearLists.map(function (near) {
        return near.filter(function (candidate) { return candidate.distance > 0; })
          .slice(0, MAX_SUGGESTIONS).map(function (candidate) { return candidate.spelling; });
      });
      // The nearest word for each, then the next nearest for one word at a time.
      var best = choices.map(function (near) { return near[0]; });
      var variants = [best];
      choices.forEach(function (near, i) {
        near.slice(1).forEach(function (spelling) {
          var variant = best.slice();
          variant[i] = spelling;
          variants.push(variant);
        });
      });
      var queries = [];
      variants.forEach(function (variant) {
        var text = words.map(function (word) {
          var position = lost.indexOf(word);
          if (position >= 0) return variant[position] || "";
          return (word.exclude ? "-" : "") + word.raw;
        }).filter(Boolean).join(" ");
        if (queries.indexOf(text) < 0 && wanted(queryWords(text, engine.analysis())).length) {
          queries.push(text);
        }
      });
      return Promise.all(queries.map(function (text) {
        return engine.search(text).then(function (found) { return found.results.length ? text : null; });
      }));
    }).then(function (found) {
      return found.filter(Boolean).slice(0, MAX_SUGGESTIONS);
    });
  };

  /* A promise of what a result shows: title, url, kind, date, dateText, summary, text. */
  Engine.prototype.document = function (ref) {
    if (!this.documents[ref]) this.documents[ref] = this.fetchJson("docs/" + ref + ".json");
    return this.documents[ref];
  };

  /* `text` cut into [{text, match}] pieces, match true where a word of the query is; the
     text's words are analysed as `analysis` says (the query's words were). */
  function highlight(text, words, analysis) {
    var pieces = [];
    var pattern = new RegExp(analysisOf(analysis).word.source, "g");
    var last = 0;
    var found;
    while ((found = pattern.exec(text)) !== null) {
      var term = termOf(found[0], analysis);
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

  var segmenter = null;

  /* The sentences of one block of text, each as {start, text}. */
  function sentencesOf(block) {
    if (typeof Intl !== "undefined" && Intl.Segmenter) {
      segmenter = segmenter || new Intl.Segmenter(undefined, { granularity: "sentence" });
      return Array.from(segmenter.segment(block), function (part) {
        return { start: part.index, text: part.segment };
      });
    }
    var sentences = [];
    var pattern = /[^.!?…]+(?:[.!?…]+["'”’)\]]*\s*|$)/g;
    var found;
    while ((found = pattern.exec(block)) !== null && found[0]) {
      sentences.push({ start: found.index, text: found[0] });
    }
    return sentences;
  }

  /* The positions of the words of `text`, and how many distinct query words they match. */
  function wordsIn(text, words, analysis) {
    var positions = [];
    var matched = [];
    var pattern = new RegExp(analysisOf(analysis).word.source, "g");
    var found;
    while ((found = pattern.exec(text)) !== null) {
      positions.push(found.index);
      var term = termOf(found[0], analysis);
      if (!term) continue;
      words.forEach(function (word, w) {
        if (matched.indexOf(w) < 0 && wordMatchesTerm(word, term)) matched.push(w);
      });
    }
    return { positions: positions, matched: matched.length };
  }

  /* What a result shows of `text` for the query: the sentence that holds most of the query's
     words (the first such), and the sentences after it in the same block while they fit in
     about `size` words, as highlight() pieces. A snippet never runs into the next block (a
     paragraph, list item, table cell…); a sentence too long to show whole is cut around its
     first match, with an ellipsis where it is cut. Null if no word of the query is in the
     text. */
  function snippet(text, words, size, analysis) {
    var positive = wanted(words);
    var best = null;
    String(text || "").split("\n").forEach(function (block) {
      var sentences = sentencesOf(block);
      sentences.forEach(function (sentence, i) {
        var found = wordsIn(sentence.text, positive, analysis);
        if (found.matched > (best ? best.matched : 0)) {
          best = { block: block, sentences: sentences, index: i, matched: found.matched, positions: found.positions };
        }
      });
    });
    if (!best) return null;
    var first = best.sentences[best.index];
    if (best.positions.length > size) {
      return cutSentence(first.text.trim(), positive, size, analysis);
    }
    var end = first.start + first.text.length;
    var count = best.positions.length;
    for (var next = best.index + 1; next < best.sentences.length; next++) {
      var more = wordsIn(best.sentences[next].text, [], analysis).positions.length;
      if (count + more > size) break;
      count += more;
      end = best.sentences[next].start + best.sentences[next].text.length;
    }
    return highlight(best.block.slice(first.start, end).trim(), positive, analysis);
  }

  /* About `size` words of a long sentence around its first match, as highlight() pieces. */
  function cutSentence(sentence, words, size, analysis) {
    var tokens = [];
    var first = -1;
    var pattern = new RegExp(analysisOf(analysis).word.source, "g");
    var found;
    while ((found = pattern.exec(sentence)) !== null) {
      tokens.push(found.index);
      if (first < 0) {
        var term = termOf(found[0], analysis);
        if (term && words.some(function (word) { return wordMatchesTerm(word, term); })) {
          first = tokens.length - 1;
        }
      }
    }
    var from = Math.max(0, Math.min(first - Math.floor(size / 3), tokens.length - size));
    var to = Math.min(tokens.length, from + size);
    var end = to < tokens.length ? tokens[to] : sentence.length;
    var pieces = highlight(sentence.slice(tokens[from], end).trim(), words, analysis);
    if (from > 0) pieces.unshift({ text: "… ", match: false });
    if (to < tokens.length) pieces.push({ text: " …", match: false });
    return pieces;
  }

  return {
    Engine: Engine,
    fold: fold,
    analyses: Object.keys(ANALYSES),
    termOf: termOf,
    surfaceOf: surfaceOf,
    queryWords: queryWords,
    runQuery: runQuery,
    shardKeysFor: shardKeysFor,
    editDistance: editDistance,
    highlight: highlight,
    snippet: snippet
  };
});
