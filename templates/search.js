// Warraq web edition: search in the browser, over the index the build
// wrote (search/index.js sets window.warraqSearchIndex). fold, words, stems
// and search do what export/search's Fold, Words, Stems and Search do, rune
// for rune; the browser test runs both on the same strings.
(function () {
  "use strict";

  var letters = {
    0x671: 0x627, // alef wasla -> alef
    0x629: 0x647, // ta marbuta -> ha
    0x649: 0x64a, // alef maqsura -> ya
    0x6cc: 0x64a, // Persian yeh -> ya
    0x6a9: 0x643, // keheh -> kaf
    0x6c1: 0x647, 0x6be: 0x647, 0x6d5: 0x647, // Urdu and Persian he -> ha
    0x3c2: 0x3c3 // final sigma -> sigma
  };
  var mark = /\p{Mn}|\p{Cf}/u;
  var wordChar = /[\p{L}\p{N}\p{M}]/u;

  // foldRune folds one code point of NFD text; -1 drops it.
  function foldRune(c) {
    if (c < 0x80) return c >= 65 && c <= 90 ? c + 32 : c;
    if (c === 0x640) return -1; // tatweel
    var s = String.fromCodePoint(c);
    if (mark.test(s)) return -1;
    if (c >= 0x660 && c <= 0x669) return 48 + c - 0x660;
    if (c >= 0x6f0 && c <= 0x6f9) return 48 + c - 0x6f0;
    if (letters[c] !== undefined) return letters[c];
    var l = s.toLowerCase();
    return l.length > 0 && String.fromCodePoint(l.codePointAt(0)) === l ? l.codePointAt(0) : c;
  }

  var cache = new Map();
  // foldChar is what one character (a code point) folds to.
  function foldChar(ch) {
    var f = cache.get(ch);
    if (f === undefined) {
      f = "";
      for (var d of ch.normalize("NFD")) {
        var c = foldRune(d.codePointAt(0));
        if (c >= 0) f += String.fromCodePoint(c);
      }
      cache.set(ch, f);
    }
    return f;
  }

  function fold(s) {
    var out = "";
    for (var ch of s) out += foldChar(ch);
    return out;
  }

  function words(s) {
    var out = [], w = "";
    for (var ch of s) {
      for (var f of foldChar(ch)) {
        if (wordChar.test(f)) {
          w += f;
        } else if (w) {
          out.push(w);
          w = "";
        }
      }
    }
    if (w) out.push(w);
    return out;
  }

  var articles = ["وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال"];
  var particles = ["و", "ف", "ب", "ك", "ل"];
  function runes(s) { return Array.from(s).length; }

  function stems(w) {
    var out = [w];
    if (!w) return out;
    var c = w.codePointAt(0);
    if (c < 0x600 || c > 0x6ff) return out;
    for (var p of articles) {
      if (w.startsWith(p)) {
        var rest = w.slice(p.length);
        if (runes(rest) >= 2) out.push(rest);
        return out;
      }
    }
    for (var q of particles) {
      if (w.startsWith(q) && runes(w.slice(q.length)) >= 3) out.push(w.slice(q.length));
    }
    return out;
  }

  // lowerBound is the first term not before s (terms are in UTF-16 order,
  // which is how JavaScript compares strings).
  function lowerBound(terms, s) {
    var lo = 0, hi = terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (terms[mid] < s) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // search returns [{doc, score}] for the documents holding every word of q.
  function search(ix, q, limit) {
    var ws = words(q);
    if (ws.length === 0) return [];
    var score = null;
    ws.forEach(function (w) {
      var got = new Map();
      stems(w).forEach(function (s) {
        for (var k = lowerBound(ix.terms, s); k < ix.terms.length && ix.terms[k].startsWith(s); k++) {
          var pts = ix.terms[k] === s ? 3 : 1;
          (ix.postings[k] || []).forEach(function (d) { got.set(d, Math.max(got.get(d) || 0, pts)); });
          (ix.titles[k] || []).forEach(function (d) { got.set(d, Math.max(got.get(d) || 0, pts + 5)); });
        }
      });
      if (score === null) {
        score = got;
        return;
      }
      score.forEach(function (v, d) {
        if (got.has(d)) score.set(d, v + got.get(d)); else score.delete(d);
      });
    });
    var out = [];
    score.forEach(function (v, d) { out.push({ doc: d, score: v }); });
    out.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
    return limit > 0 ? out.slice(0, limit) : out;
  }

  // snippet finds the first place in text where a word of q (or its stem)
  // occurs, folded, and returns [before, match, after] of the original text.
  function snippet(text, q) {
    var folded = "", from = [];
    var i = 0;
    for (var ch of text) {
      var f = foldChar(ch);
      for (var j = 0; j < f.length; j++) from.push(i);
      folded += f;
      i += ch.length;
    }
    from.push(text.length);
    var best = -1, bestLen = 0;
    words(q).forEach(function (w) {
      stems(w).forEach(function (s) {
        var at = folded.indexOf(s);
        if (at >= 0 && (best < 0 || at < best)) { best = at; bestLen = s.length; }
      });
    });
    if (best < 0) return [text.slice(0, 160), "", text.length > 160 ? "…" : ""];
    var start = from[best], end = from[best + bestLen];
    // mark the whole word the match is in (a stem matches inside «الذكاء»)
    while (start > 0 && wordChar.test(text[start - 1])) start--;
    while (end < text.length && wordChar.test(text[end])) end++;
    var a = Math.max(0, start - 70), b = Math.min(text.length, end + 90);
    return [(a > 0 ? "…" : "") + text.slice(a, start), text.slice(start, end), text.slice(end, b) + (b < text.length ? "…" : "")];
  }

  function show(root, ix, q) {
    while (root.firstChild) root.removeChild(root.firstChild);
    if (!q.trim()) return;
    var results = search(ix, q, 50);
    var head = document.createElement("p");
    head.className = "search-summary";
    head.textContent = (results.length ? root.dataset.resultsFor : root.dataset.noResults).replace("%s", q.trim());
    root.appendChild(head);
    if (!results.length) return;
    var ol = document.createElement("ol");
    results.forEach(function (r) {
      var d = ix.docs[r.doc];
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = d.u;
      var t = document.createElement("span");
      t.className = "result-title";
      t.textContent = d.a;
      a.appendChild(t);
      if (d.s) {
        var s = document.createElement("span");
        s.className = "result-section";
        s.textContent = " · " + d.s;
        a.appendChild(s);
      }
      li.appendChild(a);
      var parts = snippet(d.x, q);
      var p = document.createElement("p");
      p.appendChild(document.createTextNode(parts[0]));
      if (parts[1]) {
        var m = document.createElement("mark");
        m.textContent = parts[1];
        p.appendChild(m);
      }
      p.appendChild(document.createTextNode(parts[2]));
      li.appendChild(p);
      ol.appendChild(li);
    });
    root.appendChild(ol);
  }

  window.warraqSearch = { fold: fold, words: words, stems: stems, search: search, snippet: snippet };

  var root = document.getElementById("search-results");
  var ix = window.warraqSearchIndex;
  if (!root || !ix) return;
  var input = document.getElementById("site-search-q");
  var q = new URLSearchParams(location.search).get("q") || "";
  if (input) {
    input.value = q;
    input.addEventListener("input", function () {
      show(root, ix, input.value);
      try { // keeps the query in the address, where a browser allows it (not every file: page)
        var url = new URL(location.href);
        url.searchParams.set("q", input.value);
        history.replaceState(null, "", url);
      } catch (e) { /* the results are shown all the same */ }
    });
  }
  show(root, ix, q);
})();
