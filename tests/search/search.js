// Runs the site's search code (theme/static/js/search-core.js) in Node for the Python tests.
// Reads one JSON request on stdin and writes one JSON answer on stdout:
//   {"mode": "split", "index": "<site>/search/data/<lang>", "queries": [...]}
//       -> {"<query>": [[ref, score], ...top 10]} through one language's split index, as the
//          browser does
//   {"mode": "whole", "index": "<file>.json", "analysis": "...", "queries": [...]}
//       -> the same through one lunr index serialised by lunr.py
//   {"mode": "terms", "analysis": "...", "words": [...]} -> {"<word>": "<index term>"}
//   {"mode": "snippet", "analysis": "...", "text": "...", "query": "..."} -> highlight pieces
// "analysis" (english, maltese, folded) is English if left out.
"use strict";

const fs = require("fs");
const path = require("path");
const lunr = require("lunr");
const SiteSearch = require(path.join(__dirname, "../../theme/static/js/search-core.js"));

const TOP = 10;

function top(results) {
  return results.slice(0, TOP).map((result) => [result.ref, result.score]);
}

async function split(request) {
  const engine = new SiteSearch.Engine(async (file) =>
    JSON.parse(fs.readFileSync(path.join(request.index, file), "utf8")));
  const answer = {};
  for (const query of request.queries) {
    answer[query] = top((await engine.search(query)).results);
  }
  return answer;
}

function whole(request) {
  const index = lunr.Index.load(JSON.parse(fs.readFileSync(request.index, "utf8")));
  const answer = {};
  for (const query of request.queries) {
    answer[query] = top(SiteSearch.runQuery(index, SiteSearch.queryWords(query, request.analysis)));
  }
  return answer;
}

function terms(request) {
  const answer = {};
  for (const word of request.words) answer[word] = SiteSearch.termOf(word, request.analysis);
  return answer;
}

function snippet(request) {
  const words = SiteSearch.queryWords(request.query, request.analysis);
  return SiteSearch.snippet(request.text, words, request.size || 30, request.analysis);
}

const modes = { split, whole, terms, snippet };

async function main() {
  const request = JSON.parse(fs.readFileSync(0, "utf8"));
  const answer = await modes[request.mode](request);
  process.stdout.write(JSON.stringify(answer));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack || error));
  process.exit(1);
});
