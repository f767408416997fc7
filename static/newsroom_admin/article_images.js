/* The article's pictures on its change form (templates/admin/articles/article/image_inline.html):
   files dropped on the box (or chosen) are uploaded at once to the article's upload view and come
   back as new cards; cards reorder by dragging their handle (or the ↑ ↓ buttons) and the order
   boxes are renumbered to match; one lead at a time. Nothing here is saved on the article until
   the form is: the cards are rows of the inline's formset. Without this script the file input's
   files are sent with the form and the order boxes set the order. No inline script: loaded as a
   file (the site's Content-Security-Policy allows scripts from its own origin only). */
(function () {
  "use strict";

  // words in the page's language: the inline template's data-label-* attributes (English without them)
  function label(name, english) {
    var group = document.querySelector(".nr-images");
    return (group && group.dataset["label" + name]) || english;
  }

  // "{name}" placeholders of the translated sentences
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function rowsOf(list) {
    return Array.prototype.slice.call(list.querySelectorAll(".nr-image-row"));
  }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "nr-image-button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.dataset.action = action;
    return b;
  }

  function addTools(row) {
    var options = row.querySelector(".nr-image-options");
    if (!options || options.querySelector(".nr-image-button")) return;
    options.appendChild(button("↑", label("Up", "move up"), "up"));
    options.appendChild(button("↓", label("Down", "move down"), "down"));
  }

  function pictureElement(image) {
    var picture = document.createElement("picture");
    picture.className = "nr-thumb";
    var source = document.createElement("source");
    source.type = "image/webp";
    source.srcset = image.thumb_webp;
    var img = document.createElement("img");
    img.src = image.thumb_jpeg;
    img.width = 120;
    img.height = image.width ? Math.round(image.height * 120 / image.width) : 120;
    img.alt = image.name || "";
    picture.appendChild(source);
    picture.appendChild(img);
    return picture;
  }

  function init(group) {
    var prefix = group.dataset.prefix;
    var list = group.querySelector(".nr-image-list");
    var template = group.querySelector("template.nr-image-template");
    var total = group.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var drop = group.querySelector(".nr-image-drop");
    var input = drop ? drop.querySelector("input[type=file]") : null;
    var messages = group.querySelector(".nr-image-messages");
    var uploadUrl = group.dataset.uploadUrl;
    var form = group.closest("form");

    function renumber() {
      rowsOf(list).forEach(function (row, index) {
        var order = row.querySelector(".nr-image-order");
        if (order) order.value = index;
      });
    }

    function markLead() {
      rowsOf(list).forEach(function (row) {
        var lead = row.querySelector(".nr-image-lead");
        row.classList.toggle("nr-image-is-lead", Boolean(lead && lead.checked));
      });
    }

    function hasLead() {
      return rowsOf(list).some(function (row) {
        var lead = row.querySelector(".nr-image-lead");
        var removed = row.querySelector(".nr-image-remove input");
        return lead && lead.checked && !(removed && removed.checked);
      });
    }

    function say(text, isError) {
      if (!messages) return;
      var item = document.createElement("li");
      item.className = isError ? "nr-error" : "nr-image-note";
      item.textContent = text;
      messages.appendChild(item);
    }

    function addRow(image) {
      var index = parseInt(total.value, 10);
      var holder = document.createElement("ol");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.querySelector(".nr-image-row");
      row.id = prefix + "-" + index;
      row.classList.add("nr-image-new");
      row.querySelector(".nr-image-id").value = image.id;
      row.querySelector(".nr-image-thumb").appendChild(pictureElement(image));
      list.appendChild(row);
      total.value = index + 1;
      if (!hasLead()) row.querySelector(".nr-image-lead").checked = true;
      addTools(row);
    }

    // One file a request, in turn: each is checked and its renditions made before the answer
    // (about a second for a large photo), so no request runs long and each card comes as it is ready.
    function upload(files) {
      var queue = Array.prototype.slice.call(files || []);
      if (!queue.length || !uploadUrl) return;
      var token = form ? form.querySelector("input[name=csrfmiddlewaretoken]") : null;
      var count = queue.length;
      var stored = 0;
      messages.textContent = "";
      group.classList.add("nr-image-uploading");
      var progress = document.createElement("li");
      progress.className = "nr-image-note";
      messages.appendChild(progress);

      function next() {
        if (!queue.length) {
          group.classList.remove("nr-image-uploading");
          progress.textContent = stored ? fill(label("Uploaded", "{count} uploaded: placed on the article when you save it"),
                                               {count: stored}) : "";
          renumber();
          markLead();
          return;
        }
        var file = queue.shift();
        progress.textContent = fill(label("Uploading", "uploading {done} of {count}…"),
                                    {done: count - queue.length, count: count});
        var data = new FormData();
        data.append("files", file);
        fetch(uploadUrl, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: {"X-CSRFToken": token ? token.value : "", "Accept": "application/json"}
        }).then(function (response) {
          return response.json().catch(function () {
            throw new Error("HTTP " + response.status);
          });
        }).then(function (answer) {
          (answer.images || []).forEach(function (image) {
            addRow(image);
            stored += 1;
          });
          (answer.errors || []).forEach(function (problem) { say(problem.error, true); });
        }).catch(function (error) {
          say(fill(label("Failed", "“{name}”: the upload failed: {reason}"), {name: file.name, reason: error.message}), true);
        }).then(function () {
          renumber();
          markLead();
          next();
        });
      }
      next();
    }

    rowsOf(list).forEach(addTools);

    // One lead at a time.
    list.addEventListener("change", function (event) {
      if (event.target.classList.contains("nr-image-lead") && event.target.checked) {
        rowsOf(list).forEach(function (row) {
          var lead = row.querySelector(".nr-image-lead");
          if (lead && lead !== event.target) lead.checked = false;
        });
      }
      markLead();
    });

    // Reorder: ↑ ↓ buttons, and dragging a card by its handle.
    list.addEventListener("click", function (event) {
      var target = event.target.closest(".nr-image-button");
      if (!target) return;
      var row = target.closest(".nr-image-row");
      if (target.dataset.action === "up" && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
      } else if (target.dataset.action === "down" && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
      }
      renumber();
      target.focus();
    });
    var dragged = null;
    list.addEventListener("mousedown", function (event) {
      var handle = event.target.closest(".nr-image-handle");
      if (handle) handle.closest(".nr-image-row").draggable = true;
    });
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest ? event.target.closest(".nr-image-row") : null;
      if (!dragged) return;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.id);
      dragged.classList.add("nr-image-dragging");
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) return;
      event.preventDefault();
      var over = event.target.closest(".nr-image-row");
      if (!over || over === dragged) return;
      var box = over.getBoundingClientRect();
      list.insertBefore(dragged, event.clientY - box.top > box.height / 2 ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      if (dragged) event.preventDefault();
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("nr-image-dragging");
      dragged.draggable = false;
      dragged = null;
      renumber();
    });

    // New pictures: dropped on the box or chosen with its input.
    if (drop && uploadUrl) {
      ["dragenter", "dragover"].forEach(function (name) {
        drop.addEventListener(name, function (event) {
          if (dragged) return;
          event.preventDefault();
          drop.classList.add("nr-image-drop-over");
        });
      });
      drop.addEventListener("dragleave", function () { drop.classList.remove("nr-image-drop-over"); });
      drop.addEventListener("drop", function (event) {
        if (dragged) return;
        event.preventDefault();
        drop.classList.remove("nr-image-drop-over");
        upload(event.dataTransfer.files);
      });
      input.addEventListener("change", function () {
        upload(input.files);
        input.value = "";  // uploaded already: not sent again with the form
      });
    }
  }

  function start() {
    document.querySelectorAll(".nr-images").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
