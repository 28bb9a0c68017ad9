/* guidecraft quiz runtime. Scores quizzes in the page: it sends nothing, stores nothing
   and never touches the URL. Content comes as JSON data built by generator/quiz/payload.py
   (its shape: generator/quiz/quiz-payload.schema.json); the only HTML it inserts is the
   build's own rendering of band and red-flag text. */
(function () {
  "use strict";

  // The band holding n, or -1 (check_quiz makes that impossible).
  var band = function (bands, n) {
    for (var i = 0; i < bands.length; i++) if (bands[i].min <= n && n <= bands[i].max) return i;
    return -1;
  };

  // A score as shown: n points over d, rounded half up to 2 decimals (shown() in generator/quiz/scoring.py).
  // n * k and d are whole numbers, so the one division is exact enough for Math.round.
  var disp = function (n, d, k) { return String(Math.round((n * (k || 1) * 100) / d) / 100); };

  // Whether flag f fires: on answers (raw values), or on a score's sum of points.
  function fires(f, a, total, subs) {
    var up = f.at_least != null, edge = up ? f.at_least : f.at_most;
    if (!f.questions) {
      var v = f.subscale == null ? total : subs[f.subscale];
      return up ? v >= edge : v <= edge;
    }
    var n = 0, one = !f.including_one_of.length;
    f.questions.forEach(function (id) {
      var t = id in f.thresholds ? f.thresholds[id] : edge;
      if (up ? a[id] >= t : a[id] <= t) {
        n++;
        if (f.including_one_of.indexOf(id) >= 0) one = true;
      }
    });
    return n >= f.how_many && one;
  }

  // The twin of score_answers() in generator/quiz/scoring.py; answers maps question id -> value.
  // Sums stay whole numbers: band and flag bounds on means come as sums of points.
  function score(d, answers) {
    var total = 0, subs = {}, subBands = {}, red = [], flags = [], crisis = false, prof = null, shown = {}, tf = d.transform_factor;
    d.subscales.forEach(function (s) { subs[s.id] = 0; });
    d.questions.forEach(function (q) {
      var v = answers[q.id], s = (q.reverse ? q.min + q.max - v : v) * q.weight;
      total += s;
      if (q.subscale != null) subs[q.subscale] += s;
    });
    d.subscales.forEach(function (s) {
      subBands[s.id] = band(s.bands, subs[s.id]);
      shown[s.id] = disp(subs[s.id], s.divisor);
    });
    d.flags.forEach(function (f, i) {
      if (!fires(f, answers, total, subs)) return;
      if (f.crisis) crisis = true;
      if (i < d.red_flag_count) red.push(i); else flags.push(i - d.red_flag_count);
    });
    d.profiles.forEach(function (p, i) {
      if (prof == null && Object.keys(p.when).every(function (k) { return p.when[k].indexOf(subBands[k]) >= 0; })) prof = i;
    });
    return {
      total: total, band: d.bands.length ? band(d.bands, total) : null, profile: prof, subscales: subs,
      subscale_bands: subBands, red_flags: red, flags: flags, crisis: crisis,
      shown: { total: d.bands.length ? disp(total, d.divisor) : null, transformed: tf ? disp(total, tf[1], tf[0]) : null, subscales: shown }
    };
  }

  var fmt = function (s, v) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return k in v ? v[k] : m; });
  };

  if (typeof module === "object" && module.exports) module.exports = { score: score, band: band, fmt: fmt, disp: disp };
  if (typeof document === "undefined") return;

  var el = function (tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };

  function setup(root) {
    var $ = function (sel) { return root.querySelector(sel); };
    var d = JSON.parse($(".gc-quiz__data").textContent), m = d.messages, id = "gcq-" + d.id, tf = d.transform_factor;
    var form = $("form"), progress = $(".gc-quiz__progress"), warn = $(".gc-quiz__alert"), submit = $(".gc-quiz__submit");
    var result = $(".gc-result"), key = $(".gc-quiz__key"), urgent = $(".gc-result__urgent"), next = $(".gc-result__next");
    var qs = d.questions.map(function (q) {
      var f = document.getElementById(id + "--q-" + q.id);
      return { id: q.id, f: f, radios: form.elements[id + "--a-" + q.id], err: f.querySelector(".gc-question__error") };
    });
    var value = function (q) { return q.radios.value; };

    var mark = function (q, bad) {
      q.err.hidden = !bad;
      if (bad) {
        q.f.setAttribute("aria-invalid", "true");
        q.f.setAttribute("aria-describedby", q.err.id);
      } else {
        q.f.removeAttribute("aria-invalid");
        q.f.removeAttribute("aria-describedby");
      }
    };

    var update = function () {
      var n = qs.filter(value).length, text = fmt(m.quiz_answered, { n: n, total: qs.length });
      // Rewriting the same words would make some screen readers say them again on every arrow key.
      if (progress.textContent !== text) progress.textContent = text;
      if (n === qs.length) warn.hidden = true;
    };

    form.addEventListener("change", function (e) {
      qs.forEach(function (q) { if (q.f.contains(e.target)) mark(q, false); });
      update();
    });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var missing = qs.filter(function (q) { return !value(q); });
      qs.forEach(function (q) { mark(q, missing.indexOf(q) >= 0); });
      warn.hidden = !missing.length;
      if (missing.length) return missing[0].radios[0].focus();
      var answers = {};
      qs.forEach(function (q) { answers[q.id] = Number(value(q)); });
      show(score(d, answers));
    });

    function show(r) {
      // The main result: the total's band, or the profile. Under a crisis panel it never reassures:
      // its title and text give way to a plain message, and its next steps are not shown.
      var b = r.band != null ? d.bands[r.band] : r.profile != null ? d.profiles[r.profile] : null;
      var title = $(".gc-result__title"), sc = $(".gc-result__score"), body = $(".gc-result__body"), tr = $(".gc-result__transformed");
      urgent.hidden = !r.crisis;
      // Build-produced HTML from the payload: rendered with raw HTML off, never content typed in the page.
      urgent.querySelector(".gc-result__flags").innerHTML = r.red_flags.concat(r.flags.map(function (i) { return i + d.red_flag_count; }))
        .map(function (i) { return d.flags[i].html; }).join("");
      title.textContent = r.crisis ? m.quiz_crisis_title : b ? b.title : "";
      title.hidden = !title.textContent;
      sc.hidden = r.shown.total == null;
      // A quiz scored only by its parts has no total: its hidden score line stays empty.
      sc.textContent = sc.hidden ? "" : fmt(m.quiz_your_score, { score: r.shown.total, min: disp(d.min, d.divisor), max: disp(d.max, d.divisor) });
      if (tr && r.shown.transformed != null) tr.textContent = fmt(m.quiz_transformed, {
        label: d.transform_label, unit: d.transform_unit, score: r.shown.transformed, min: disp(d.min, tf[1], tf[0]), max: disp(d.max, tf[1], tf[0])
      });
      if (r.crisis) body.replaceChildren(el("p", "", m.quiz_crisis_body));
      else body.innerHTML = b ? b.html : "";
      root.querySelectorAll("[data-gc-flag]").forEach(function (e) { e.hidden = r.flags.indexOf(+e.dataset.gcFlag) < 0; });
      var bars = $(".gc-result__bars");
      if (bars) bars.replaceChildren.apply(bars, d.subscales.map(function (s) {
        var v = r.subscales[s.id], li = el("li", "gc-bar-row");
        li.append(el("span", "gc-bar-row__text", fmt(m.quiz_subscale_score, {
          title: s.title, score: r.shown.subscales[s.id], min: disp(s.min, s.divisor), max: disp(s.max, s.divisor),
          band: s.bands[r.subscale_bands[s.id]].title
        })));
        var bar = el("span", "gc-bar"), fill = el("span", "gc-bar__fill");
        bar.setAttribute("aria-hidden", "true");
        fill.style.width = (s.max > s.min ? (100 * (v - s.min)) / (s.max - s.min) : 100) + "%";
        bar.append(fill);
        li.append(bar);
        return li;
      }));
      var links = next.querySelector("ul");
      var steps = b && !r.crisis ? b.next_steps : [];
      links.replaceChildren.apply(links, steps.map(function (n) {
        var li = el("li"), a = el("a", "", n.text);
        a.href = n.url;
        li.append(a);
        return li;
      }));
      next.hidden = !steps.length;
      result.hidden = false;
      root.classList.add("gc-quiz--done");
      $(".gc-result__heading").focus();
    }

    $(".gc-result__print").addEventListener("click", function () { window.print(); });
    $(".gc-result__restart").addEventListener("click", function () {
      form.reset();
      qs.forEach(function (q) { mark(q, false); });
      warn.hidden = result.hidden = true;
      root.classList.remove("gc-quiz--done");
      update();
      qs[0].radios[0].focus();
    });

    // A blank quiz prints as a paper form, so its scoring key opens for printing.
    var opened = false;
    addEventListener("beforeprint", function () {
      opened = !key.open && !root.classList.contains("gc-quiz--done");
      if (opened) key.open = true;
    });
    addEventListener("afterprint", function () { if (opened) key.open = false; });

    key.open = false;
    progress.hidden = false;
    submit.hidden = submit.disabled = false;
    update();
  }

  document.querySelectorAll(".gc-quiz[data-gc-quiz]").forEach(setup);
})();
