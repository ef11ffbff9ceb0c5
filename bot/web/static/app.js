/* whatsworking pages: Telegram Mini App glue, tabs, filters, the plan dialog and ticking items.
   Every page works without this script; it only saves round trips and fits Telegram. */
(function () {
  "use strict";
  var body = document.body;
  var page = body.dataset.page;
  var tg = window.Telegram && window.Telegram.WebApp;
  body.classList.add("js");

  function goBack() {
    if (history.length > 1) history.back(); else location.href = "/web/";
  }

  function applyScheme() {
    if (tg && tg.colorScheme) document.documentElement.dataset.scheme = tg.colorScheme;
  }

  function setUpTelegram() {
    if (!tg || !tg.initData) return;
    tg.ready();
    tg.expand();
    applyScheme();
    tg.onEvent("themeChanged", applyScheme);
    if (page === "dashboard" || page === "telegram") {
      tg.BackButton.hide();
    } else {
      tg.BackButton.show();
      tg.BackButton.onClick(goBack);
    }
  }

  function signInWithTelegram() {
    var status = document.getElementById("status");
    if (!tg || !tg.initData) {
      status.textContent = "Open this page from the bot in Telegram.";
      return;
    }
    var form = new FormData();
    form.append("init_data", tg.initData);
    form.append("next", body.dataset.next || "/web/");
    fetch("/web/tg/session", { method: "POST", body: form, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
      .then(function (a) {
        if (a.ok) location.replace(a.j.next); else status.textContent = a.j.error;
      })
      .catch(function () { status.textContent = "The server did not answer; try again."; });
  }

  function setUpFilters() {
    document.querySelectorAll("form[data-auto-submit-on-change]").forEach(function (form) {
      form.addEventListener("change", function () { form.requestSubmit(); });
    });
    var auto = document.querySelector("form[data-auto-submit]");
    if (auto) auto.requestSubmit();
  }

  function selectTab(tab) {
    var list = tab.closest("[role=tablist]");
    list.querySelectorAll("[role=tab]").forEach(function (t) {
      var on = t === tab;
      t.setAttribute("aria-selected", on ? "true" : "false");
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
    });
    var key = tab.id.replace("tab-", "");
    var url = new URL(location.href);
    url.searchParams.set("tab", key);
    history.replaceState(null, "", url);
    var hidden = document.querySelector("form.filters input[name=tab]");
    if (hidden) hidden.value = key;
  }

  function setUpTabs() {
    document.querySelectorAll("[role=tablist]").forEach(function (list) {
      var tabs = Array.prototype.slice.call(list.querySelectorAll("[role=tab]"));
      list.addEventListener("click", function (e) {
        var tab = e.target.closest("[role=tab]");
        if (!tab) return;
        e.preventDefault();
        selectTab(tab);
      });
      list.addEventListener("keydown", function (e) {
        var i = tabs.indexOf(document.activeElement);
        if (i < 0) return;
        var step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
        var next = step ? tabs[(i + step + tabs.length) % tabs.length]
          : e.key === "Home" ? tabs[0] : e.key === "End" ? tabs[tabs.length - 1] : null;
        if (!next) return;
        e.preventDefault();
        next.focus();
        selectTab(next);
      });
    });
  }

  var changed = false;

  function openDialog(link) {
    var dialog = document.getElementById(link.dataset.dialog);
    fetch(link.href, { headers: { "x-ww-fragment": "1" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw r; return r.text(); })
      .then(function (html) {
        dialog.querySelector(".dialog-body").innerHTML = html;
        dialog.showModal();
        var first = dialog.querySelector("button.check, button");
        if (first) first.focus();
      })
      .catch(function () { location.href = link.href; });
  }

  function setUpDialogs() {
    document.addEventListener("click", function (e) {
      var link = e.target.closest("a[data-dialog]");
      if (link && !e.ctrlKey && !e.metaKey) { e.preventDefault(); openDialog(link); return; }
      if (e.target.closest("[data-close-dialog]")) e.target.closest("dialog").close();
      if (e.target.closest("[data-close]")) { if (tg && tg.initData) tg.close(); else goBack(); }
    });
    document.querySelectorAll("dialog").forEach(function (d) {
      d.addEventListener("close", function () { if (changed) location.reload(); });
    });
  }

  function setUpFragments() {
    document.addEventListener("submit", function (e) {
      var form = e.target;
      if (!form.matches("form[data-fragment]")) return;
      e.preventDefault();
      var root = form.closest("[data-fragment-root]");
      var label = form.querySelector("button").getAttribute("aria-label");
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "x-ww-fragment": "1" }
      })
        .then(function (r) { if (!r.ok) throw r; return r.text(); })
        .then(function (html) {
          root.outerHTML = html;
          changed = true;
          var again = document.querySelector('button[aria-label="' + CSS.escape(label) + '"]');
          if (again) again.focus();
        })
        .catch(function () { form.submit(); });
    });
  }

  setUpTelegram();
  if (page === "telegram") signInWithTelegram();
  setUpFilters();
  setUpTabs();
  setUpDialogs();
  setUpFragments();
})();
