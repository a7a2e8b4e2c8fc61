// Runs the site's search code (theme/static/js/search-core.js) in Node for the Python tests.
// Reads one JSON request on stdin and writes one JSON answer on stdout:
//   {"mode": "split", "index": "<site>/search/data", "queries": [...]}
//       -> {"<query>": [[ref, score], ...top 10]} through the split index, as the browser does
//   {"mode": "whole", "index": "<file>.json", "queries": [...]}
//       -> the same through one lunr index serialised by lunr.py
//   {"mode": "terms", "words": [...]} -> {"<word>": "<index term>"}
//   {"mode": "snippet", "text": "...", "query": "..."} -> highlight pieces
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
    answer[query] = top(SiteSearch.runQuery(index, SiteSearch.queryWords(query)));
  }
  return answer;
}

function terms(request) {
  const answer = {};
  for (const word of request.words) answer[word] = SiteSearch.termOf(word);
  return answer;
}

function snippet(request) {
  const words = SiteSearch.queryWords(request.query);
  return SiteSearch.snippet(request.text, words, request.size || 30);
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
