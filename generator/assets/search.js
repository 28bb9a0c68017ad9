/*
 * guidecraft search (issue 15): Pagefind, loaded only when the reader types.
 *
 * - Nothing is fetched when a page opens. The first word typed imports pagefind/pagefind.js
 *   (relative to the site, so a GitHub Pages subpath works); each query then fetches only
 *   the index chunks and page fragments it needs.
 * - The reader's words stay on the page: never in a URL, the history or storage. Result
 *   links are the pages' own addresses, with any query string removed.
 * - The status line is a polite live region ("3 results for ..."); Escape closes; Enter opens
 *   the best result; the arrow keys move between the box and the results; Tab works as usual.
 * - Result text is inserted as text: titles as they are (Pagefind keeps them as text), and
 *   excerpts (HTML with characters escaped) read by an inert DOMParser, keeping only their
 *   text and Pagefind's <mark> around matched words.
 */
(function () {
  "use strict";

  var MAX_RESULTS = 10;
  var DELAY_MS = 250;

  var root = document.querySelector("[data-gc-search]");
  if (!root) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("[data-gc-search-form]");
  var input = root.querySelector("[data-gc-search-input]");
  var status = document.getElementById("gc-search-status");
  var list = root.querySelector("[data-gc-search-results]");
  var pagefindUrl = root.getAttribute("data-gc-pagefind");
  // The site language's messages, put in front of this file by the build (generator/assets.py).
  var words = typeof GC_SEARCH_MESSAGES === "object" ? GC_SEARCH_MESSAGES : {};
  var pagefind = null;
  var timer = 0;
  var latest = 0;

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function setOpen(open) {
    if (toggle && toggle.checked !== open) toggle.checked = open;
  }

  function load() {
    if (!pagefind) {
      var url = new URL(pagefindUrl, document.baseURI).href;
      pagefind = import(url).then(function (module) {
        return Promise.resolve(module.options({ excerptLength: 20 })).then(function () {
          return module;
        });
      });
      pagefind.catch(function () {
        pagefind = null; // try again on the next query
      });
    }
    return pagefind;
  }

  // Pagefind's excerpt is HTML: keep the text and its <mark>s, nothing else.
  function excerpt(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function href(url) {
    var u = new URL(url, document.baseURI);
    u.search = ""; // no ?highlight= or anything else that could carry the words
    return u.href;
  }

  function show(query, total, pages) {
    list.textContent = "";
    pages.forEach(function (page) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link";
      link.href = href(page.url);
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var title = document.createElement("p");
      title.className = "gc-search-result__title";
      title.textContent = (page.meta && page.meta.title) || link.pathname; // Pagefind keeps titles as text
      var teaser = document.createElement("p");
      teaser.className = "gc-search-result__excerpt";
      teaser.appendChild(excerpt(page.excerpt || ""));
      article.appendChild(title);
      article.appendChild(teaser);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
    var message = total === 0 ? words.search_none : total === 1 ? words.search_one : words.search_other;
    status.textContent = say(message, { n: total, query: query });
  }

  function run(query, id) {
    load()
      .then(function (module) {
        return module.search(query);
      })
      .then(function (found) {
        if (id !== latest) return null;
        var results = (found && found.results) || [];
        return Promise.all(
          results.slice(0, MAX_RESULTS).map(function (r) {
            return r.data();
          })
        ).then(function (pages) {
          if (id === latest) show(query, results.length, pages);
        });
      })
      .catch(function () {
        if (id === latest) {
          list.textContent = "";
          status.textContent = words.search_failed;
        }
      });
  }

  function onInput() {
    var query = input.value.trim();
    clearTimeout(timer);
    latest += 1;
    setOpen(true);
    if (!query) {
      list.textContent = "";
      status.textContent = words.search_hint;
      return;
    }
    var id = latest;
    status.textContent = words.search_searching;
    timer = setTimeout(function () {
      run(query, id);
    }, DELAY_MS);
  }

  function close() {
    setOpen(false);
    input.blur();
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("input", onInput);
  input.addEventListener("focus", function () {
    setOpen(true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault(); // the words never go into a URL
    var first = links()[0];
    if (first && input.value.trim()) first.click(); // Enter opens the best result, as in Material
  });
  form.addEventListener("reset", function () {
    setTimeout(function () {
      onInput();
      input.focus();
    }, 0);
  });
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
  }

  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next;
    if (event.key === "ArrowDown") next = at < 0 ? 0 : Math.min(at + 1, all.length - 1);
    else next = at <= 0 ? -1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else all[next].focus();
  });

  // "/" or "s" opens search from anywhere but a text field, as in Material.
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "/" && event.key !== "s") return;
    var el = document.activeElement;
    if (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName))) return;
    event.preventDefault();
    setOpen(true);
    input.focus();
    input.select();
  });
})();
