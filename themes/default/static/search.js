/* boardpack search: fetches the static index once and searches it in the
   browser. No framework and nothing from other hosts. The page gives the
   site's base path and the index's address in data attributes, so search
   works wherever the site is served. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-input");
  var results = document.getElementById("search-results");
  if (!root || !form || !input || !results || !window.fetch) {
    return;
  }
  var base = root.getAttribute("data-base") || "/";
  var indexUrl = root.getAttribute("data-index") || base + "search/index.json";
  var lang = document.documentElement.lang || undefined;
  var LIMIT = 50;
  var KINDS = {
    meeting: "Meeting",
    item: "Agenda item",
    document: "Document",
    news: "News",
    page: "Page"
  };
  var WORD = /[\p{L}\p{N}]/u;
  var SEPARATORS = /[^\p{L}\p{N}]+/u;
  var MARKS = /[\u0300-\u036f]/g;
  var loading = null;

  /* Lower case without accents, so "Zoe" finds "Zoë". */
  function fold(text) {
    return text.normalize("NFD").replace(MARKS, "").toLowerCase();
  }

  /* The folded text with, for each of its code units, where it starts and
     ends in the original, so a match can be shown in the original text. */
  function foldMap(text) {
    var folded = "";
    var starts = [];
    var ends = [];
    for (var i = 0; i < text.length; ) {
      var code = text.codePointAt(i);
      var length = code > 0xffff ? 2 : 1;
      var part = fold(text.slice(i, i + length));
      for (var j = 0; j < part.length; j++) {
        starts.push(i);
        ends.push(i + length);
      }
      folded += part;
      i += length;
    }
    return { folded: folded, starts: starts, ends: ends };
  }

  function tokens(query) {
    var seen = {};
    return fold(query)
      .split(SEPARATORS)
      .filter(function (t) {
        if (!t || seen[t]) {
          return false;
        }
        seen[t] = true;
        return true;
      });
  }

  /* Where `term` starts a word in `text`, at most `max` of them. */
  function matches(text, term, max) {
    var found = [];
    var at = text.indexOf(term);
    while (at !== -1 && found.length < max) {
      if (at === 0 || !WORD.test(text.charAt(at - 1))) {
        found.push(at);
      }
      at = text.indexOf(term, at + 1);
    }
    return found;
  }

  function load() {
    if (!loading) {
      loading = fetch(indexUrl, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (index) {
          return (index.pages || []).map(function (page) {
            return {
              page: page,
              title: fold(page.t || ""),
              text: fold(page.x || "")
            };
          });
        });
      loading.catch(function () {
        loading = null;
      });
    }
    return loading;
  }

  /* Every page holding every term, best first: a term in the title counts
     far more than in the text, and the whole query in the title most. */
  function rank(entries, terms, phrase) {
    var ranked = [];
    entries.forEach(function (entry) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var inTitle = matches(entry.title, terms[i], 5).length;
        var inText = matches(entry.text, terms[i], 10).length;
        if (!inTitle && !inText) {
          return;
        }
        score += inTitle * 10 + inText;
      }
      if (phrase && entry.title.indexOf(phrase) !== -1) {
        score += entry.title === phrase ? 40 : 20;
      }
      ranked.push({ entry: entry, score: score });
    });
    ranked.sort(function (a, b) {
      if (b.score !== a.score) {
        return b.score - a.score;
      }
      var da = a.entry.page.d || "";
      var db = b.entry.page.d || "";
      if (da !== db) {
        return da < db ? 1 : -1;
      }
      return a.entry.page.t < b.entry.page.t ? -1 : a.entry.page.t > b.entry.page.t ? 1 : 0;
    });
    return ranked;
  }

  /* Appends `text` to `parent` with every word starting with a term marked. */
  function highlighted(parent, text, terms) {
    var map = foldMap(text);
    var ranges = [];
    terms.forEach(function (term) {
      matches(map.folded, term, 50).forEach(function (at) {
        ranges.push([map.starts[at], map.ends[at + term.length - 1]]);
      });
    });
    ranges.sort(function (a, b) {
      return a[0] - b[0];
    });
    var position = 0;
    ranges.forEach(function (range) {
      if (range[0] < position) {
        return;
      }
      parent.appendChild(document.createTextNode(text.slice(position, range[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(range[0], range[1]);
      parent.appendChild(mark);
      position = range[1];
    });
    parent.appendChild(document.createTextNode(text.slice(position)));
  }

  /* About 200 characters of the text around the first match, cut at spaces. */
  function snippet(text, terms) {
    var map = foldMap(text);
    var first = -1;
    terms.forEach(function (term) {
      var found = matches(map.folded, term, 1);
      if (found.length && (first === -1 || found[0] < first)) {
        first = found[0];
      }
    });
    var at = first === -1 ? 0 : map.starts[first];
    var start = Math.max(0, at - 70);
    var end = Math.min(text.length, start + 200);
    if (start > 0) {
      var space = text.indexOf(" ", start);
      start = space !== -1 && space < at ? space + 1 : start;
    }
    if (end < text.length) {
      var last = text.lastIndexOf(" ", end);
      end = last > at ? last : end;
    }
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(lang, {
        day: "numeric",
        month: "long",
        year: "numeric",
        timeZone: "UTC"
      }).format(new Date(iso + "T00:00:00Z"));
    } catch (e) {
      return iso;
    }
  }

  function status(text) {
    var p = document.createElement("p");
    p.id = "search-status";
    p.textContent = text;
    return p;
  }

  function show(nodes) {
    results.setAttribute("aria-busy", "true");
    while (results.firstChild) {
      results.removeChild(results.firstChild);
    }
    nodes.forEach(function (node) {
      results.appendChild(node);
    });
    results.setAttribute("aria-busy", "false");
  }

  function result(found, terms) {
    var page = found.entry.page;
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = base + page.u;
    highlighted(link, page.t, terms);
    li.appendChild(link);
    var meta = document.createElement("span");
    meta.className = "meta";
    meta.style.display = "block";
    meta.appendChild(document.createTextNode(" " + (KINDS[page.k] || "Page")));
    if (page.m) {
      meta.appendChild(document.createTextNode(" · " + page.m));
    }
    var date = page.d ? formatDate(page.d) : "";
    if (date && (!page.m || page.m.indexOf(date) === -1)) {
      meta.appendChild(document.createTextNode(" · "));
      var time = document.createElement("time");
      time.setAttribute("datetime", page.d);
      time.textContent = date;
      meta.appendChild(time);
    }
    li.appendChild(meta);
    if (page.x) {
      var p = document.createElement("p");
      highlighted(p, snippet(page.x, terms), terms);
      li.appendChild(p);
    }
    return li;
  }

  function search(query) {
    var terms = tokens(query);
    if (!terms.length) {
      show([status("Type one or more words to search for.")]);
      return;
    }
    show([status("Searching…")]);
    load().then(
      function (entries) {
        var found = rank(entries, terms, fold(query).trim());
        var quoted = "“" + query.trim() + "”";
        if (!found.length) {
          show([status("No pages match " + quoted + ". Try fewer words, or other words.")]);
          return;
        }
        var count = found.length === 1 ? "1 page matches " : found.length + " pages match ";
        var shown = found.length > LIMIT ? " The best " + LIMIT + " are shown; add words to narrow the search." : "";
        var list = document.createElement("ol");
        list.className = "article-list";
        found.slice(0, LIMIT).forEach(function (f) {
          list.appendChild(result(f, terms));
        });
        show([status(count + quoted + "." + shown), list]);
      },
      function () {
        show([status("The search index could not be loaded. Browse the meetings, documents and news from the menu instead.")]);
      }
    );
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    if (window.history && window.history.replaceState) {
      var url = new URL(window.location.href);
      url.searchParams.set("q", query);
      window.history.replaceState(null, "", url.toString());
    }
    search(query);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    search(initial);
  }
})();
