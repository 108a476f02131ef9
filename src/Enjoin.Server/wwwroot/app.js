// Enjoin's only script: local times, keyboard triage, progress while a form works. Pages work without it.
(function () {
  "use strict";
  function localTimes(root) {
    var fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d)) { el.textContent = fmt.format(d); }
    });
  }
  function typing(e) {
    var t = e.target;
    return t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
  }
  function triage() {
    var form = document.getElementById("decide");
    if (!form) { return; }
    var reason = form.querySelector("textarea[name=Reason]");
    function decide(word) {
      var button = form.querySelector("button[value=" + word + "]");
      if (!button) { return; }
      if (!reason.value.trim()) { reason.focus(); reason.dataset.decision = word; reason.placeholder = "Reason for " + word + "ing, then Ctrl+Enter"; return; }
      button.click();
    }
    reason.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); decide(reason.dataset.decision || "accept"); }
      if (e.key === "Escape") { reason.blur(); }
    });
    document.addEventListener("keydown", function (e) {
      if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
      var link;
      if (e.key === "a") { e.preventDefault(); decide("accept"); }
      else if (e.key === "x" || e.key === "r") { e.preventDefault(); decide("reject"); }
      else if (e.key === "/") { e.preventDefault(); reason.focus(); }
      else if (e.key === "j" && (link = document.getElementById("next-item"))) { link.click(); }
      else if (e.key === "k" && (link = document.getElementById("prev-item"))) { link.click(); }
    });
  }
  function progress() {
    document.querySelectorAll("form[data-progress]").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.classList.add("working");
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localTimes(document); triage(); progress(); });
})();
