/* An import job's page (templates/admin/articles/importjob/job.html): while the job runs, its
   progress is read from the job's JSON (data-progress-url) every two seconds and shown — pages
   done of total, each file's state, its pages' reports or the reason it failed; once the job is
   finished the polling stops and, if files failed, the re-run button shows. Without this script
   the page shows the job as it was when loaded (reload it). No inline script: loaded as a file
   (the Content-Security-Policy allows scripts of our own origin only); text goes in as text. */
(function () {
  "use strict";

  var INTERVAL = 2000;

  function setField(scope, name, value) {
    var node = scope.querySelector('[data-field="' + name + '"]');
    if (node) node.textContent = String(value);
  }

  // the words around the figures, in the page's language (the template's data-label-* attributes)
  function label(box, name, english) {
    return box.dataset["label" + name] || english;
  }

  function reportLine(box, report, articlesUrl) {
    var line = document.createElement("div");
    line.appendChild(document.createTextNode(report.source_file + ": " + (report.outcome_display || report.outcome) + ", "));
    var link = document.createElement("a");
    link.href = articlesUrl + "?page__id__exact=" + encodeURIComponent(report.page_id);
    link.textContent = report.articles + " " + label(box, "Articles", "article(s)");
    line.appendChild(link);
    var extra = [];
    if (report.warnings.length) extra.push(report.warnings.length + " " + label(box, "Warnings", "warning(s)"));
    if (report.conflicts.length) extra.push(report.conflicts.length + " " + label(box, "Conflicts", "conflict(s)"));
    if (extra.length) line.appendChild(document.createTextNode(", " + extra.join(", ")));
    return line;
  }

  function showItem(box, row, item, articlesUrl) {
    setField(row, "status_display", item.status_display +
             (item.attempts > 1 ? " (" + item.attempts + " " + label(box, "Tries", "tries") + ")" : ""));
    var cells = row.querySelectorAll("td");
    if (cells.length > 2) cells[2].textContent = String(item.pages);
    var report = row.querySelector('[data-field="report"]');
    if (!report) return;
    report.textContent = "";
    if (item.error) {
      var error = document.createElement("span");
      error.className = "nr-error";
      error.textContent = item.error;
      report.appendChild(error);
    }
    item.reports.forEach(function (r) { report.appendChild(reportLine(box, r, articlesUrl)); });
  }

  function show(box, job) {
    ["status_display", "pages_done", "pages_total", "pages_failed"].forEach(function (name) {
      setField(box, name, job[name]);
    });
    var bar = document.getElementById("job-progress-bar");
    if (bar) {
      bar.max = Math.max(job.pages_total, 1);
      bar.value = job.pages_done + job.pages_failed;
    }
    var articlesUrl = box.dataset.articlesUrl || "";
    job.items.forEach(function (item) {
      var row = box.querySelector('tr[data-position="' + item.position + '"]');
      if (row) showItem(box, row, item, articlesUrl);
    });
    var rerun = document.getElementById("job-rerun");
    if (rerun) rerun.hidden = !(job.finished && job.pages_failed > 0);
  }

  function poll(box) {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (job) {
        show(box, job);
        if (!job.finished) window.setTimeout(function () { poll(box); }, INTERVAL);
      })
      .catch(function () {  // a deploy, a lost connection: try again, more slowly
        window.setTimeout(function () { poll(box); }, INTERVAL * 5);
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("job-progress");
    if (box && box.dataset.progressUrl && box.dataset.finished !== "1") poll(box);
  });
})();
