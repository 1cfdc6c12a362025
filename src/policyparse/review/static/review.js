/* policyparse review page: tabs, toggles, go-to-span, sorting, the field inspector and search.
   Builds every piece of text with textContent, never innerHTML: nothing from a document becomes markup. */
(function () {
  "use strict";
  var items = JSON.parse(document.getElementById("pp-data").textContent);
  var pane = document.getElementById("text");
  var KIND_LABEL = {heading: "section", target: "target", value: "target value", indicator: "indicator",
                    duty: "responsibility", table: "table", warn: "warning", noise: "noise"};

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /* tabs */
  var tabButtons = document.querySelectorAll("#tabs button");
  function showTab(name) {
    tabButtons.forEach(function (b) { b.classList.toggle("on", b.dataset.tab === name); });
    document.querySelectorAll("#side .tab").forEach(function (s) { s.hidden = s.id !== "tab-" + name; });
  }
  tabButtons.forEach(function (b) { b.addEventListener("click", function () { showTab(b.dataset.tab); }); });

  /* a toggle per kind */
  document.querySelectorAll("[data-toggle]").forEach(function (cb) {
    cb.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + cb.dataset.toggle, !cb.checked);
    });
  });

  /* go to a span and flash it (every segment of a mark split around another) */
  function segments(mark) {
    if (!mark || !mark.dataset || mark.dataset.k === undefined) return mark ? [mark] : [];
    return Array.prototype.slice.call(pane.querySelectorAll('.m[data-k="' + mark.dataset.k + '"]'));
  }
  function flash(nodes) {
    nodes.forEach(function (n) {
      n.classList.remove("flash");
      void n.offsetWidth;             /* restart the animation */
      n.classList.add("flash");
      setTimeout(function () { n.classList.remove("flash"); }, 1700);
    });
  }
  function reveal(target) {
    if (!target) return;
    target.scrollIntoView({block: "center", inline: "nearest"});
    flash(segments(target));
  }
  function markFor(id, kind) {
    var sel = '[data-ids~="' + CSS.escape(id) + '"]';
    return pane.querySelector(".k-" + kind + sel) || pane.querySelector(".m" + sel);
  }
  document.addEventListener("click", function (ev) {
    var go = ev.target.closest && ev.target.closest(".go");
    if (!go || pane.contains(go)) return;
    if (go.dataset.go) {
      ev.preventDefault();
      var t = document.getElementById(go.dataset.go);
      reveal(t);
    } else if (go.dataset.item) {
      var m = markFor(go.dataset.item, go.dataset.kind);
      reveal(m);
      if (m) inspect(m, go.dataset.item);
    }
  });

  /* sortable targets table */
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("thead th");
    heads.forEach(function (th, col) {
      th.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var num = th.dataset.type === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(r) {
          var c = r.cells[col];
          var v = c.dataset.v !== undefined ? c.dataset.v : c.textContent;
          if (!num) return v;
          return v === "" ? null : parseFloat(v);
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || y === null) return x === y ? 0 : (x === null ? 1 : -1);   /* blanks last */
          var d = num ? x - y : String(x).localeCompare(String(y), "zh");
          return asc ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  /* field inspector: a click on a mark shows the fields of every item marked there */
  var insp = document.getElementById("inspector");
  var inspBody = document.getElementById("inspector-body");
  var selected = [];
  function card(id) {
    var it = items[id];
    if (!it) return null;
    var c = el("div", "card");
    var h = el("h4");
    h.appendChild(el("span", "m k-" + it.kind + " sample", KIND_LABEL[it.kind] || it.kind));
    h.appendChild(document.createTextNode(" " + it.label));
    c.appendChild(h);
    var dl = el("dl");
    it.fields.forEach(function (f) { dl.appendChild(el("dt", "", f[0])); dl.appendChild(el("dd", "", f[1])); });
    c.appendChild(dl);
    return c;
  }
  function inspect(mark, onlyId) {
    var chain = [];
    for (var n = mark; n && n !== pane; n = n.parentElement) {
      if (n.classList && n.classList.contains("m")) chain.push(n);
    }
    var seen = {};
    inspBody.textContent = "";
    chain.forEach(function (m) {
      (m.dataset.ids || "").split(" ").forEach(function (id) {
        if (!id || seen[id] || (onlyId && id !== onlyId)) return;
        seen[id] = true;
        var c = card(id);
        if (c) inspBody.appendChild(c);
      });
    });
    selected.forEach(function (s) { s.classList.remove("sel"); });
    selected = segments(mark);
    selected.forEach(function (s) { s.classList.add("sel"); });
    insp.hidden = !inspBody.firstChild;
  }
  pane.addEventListener("click", function (ev) {
    var m = ev.target.closest && ev.target.closest(".m");
    if (m && pane.contains(m)) inspect(m, null);
  });
  document.getElementById("inspector-close").addEventListener("click", function () { insp.hidden = true; });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") insp.hidden = true; });

  /* search: matches across mark boundaries, shown with the CSS Custom Highlight API (no DOM change) */
  var q = document.getElementById("q"), qCount = document.getElementById("q-count");
  var index = null, ranges = [], current = -1, timer = null;
  var canHighlight = typeof Highlight === "function" && window.CSS && CSS.highlights;
  function buildIndex() {
    var nodes = [], starts = [], parts = [], total = 0;
    pane.querySelectorAll("pre.src").forEach(function (pre) {
      var w = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
      for (var t = w.nextNode(); t; t = w.nextNode()) {
        nodes.push(t); starts.push(total); parts.push(t.data); total += t.data.length;
      }
    });
    return {nodes: nodes, starts: starts, text: parts.join("")};
  }
  function locate(pos, isEnd) {
    var s = index.starts, lo = 0, hi = s.length - 1;
    while (lo < hi) {                       /* the last node starting at or before pos */
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] < pos || (!isEnd && s[mid] === pos)) lo = mid; else hi = mid - 1;
    }
    return [index.nodes[lo], pos - s[lo]];
  }
  function search() {
    var needle = q.value;
    ranges = []; current = -1;
    if (canHighlight) { CSS.highlights.delete("pp-search"); CSS.highlights.delete("pp-current"); }
    if (!needle) { qCount.textContent = ""; return; }
    if (!index) index = buildIndex();
    for (var i = index.text.indexOf(needle); i >= 0 && ranges.length < 10000; i = index.text.indexOf(needle, i + 1)) {
      var a = locate(i, false), b = locate(i + needle.length, true), r = document.createRange();
      r.setStart(a[0], a[1]); r.setEnd(b[0], b[1]);
      ranges.push(r);
    }
    if (canHighlight && ranges.length) {
      var h = new Highlight();
      ranges.forEach(function (r) { h.add(r); });
      CSS.highlights.set("pp-search", h);
    }
    step(1);
  }
  function step(d) {
    if (!ranges.length) { qCount.textContent = q.value ? "no match" : ""; return; }
    current = (current + d + ranges.length) % ranges.length;
    var r = ranges[current];
    qCount.textContent = (current + 1) + " / " + ranges.length;
    if (canHighlight) CSS.highlights.set("pp-current", new Highlight(r));
    var box = r.getBoundingClientRect(), pb = pane.getBoundingClientRect();
    pane.scrollTop += box.top - pb.top - pane.clientHeight / 3;
  }
  q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(search, 150); });
  q.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    ev.preventDefault();
    clearTimeout(timer);
    if (!ranges.length || current < 0) search(); else step(ev.shiftKey ? -1 : 1);
  });
  document.getElementById("q-next").addEventListener("click", function () { step(1); });
  document.getElementById("q-prev").addEventListener("click", function () { step(-1); });

  window.__ppReady = performance.now();
})();
