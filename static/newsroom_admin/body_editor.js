/* Body editor: buttons to add, move and remove paragraph/subhead rows. Without JavaScript the
   form still works (empty rows add blocks, emptied rows are removed on save). Row names are
   renumbered after every change, so the server reads the blocks in their on-screen order. */
(function () {
  "use strict";

  function renumber(editor) {
    var name = editor.dataset.name;
    editor.querySelectorAll(".nr-block").forEach(function (row, index) {
      var select = row.querySelector(".nr-block-type");
      var text = row.querySelector(".nr-block-text");
      select.name = name + "-" + index + "-type";
      select.id = "id_" + select.name;
      text.name = name + "-" + index + "-text";
      text.id = "id_" + text.name;
      row.className = "nr-block nr-block-" + select.value + (text.value.trim() ? "" : " nr-block-empty");
    });
  }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "nr-block-button";
    b.textContent = label;
    b.title = title;
    b.dataset.action = action;
    return b;
  }

  // the buttons' words in the page's language: the widget template's data-label-* attributes
  function label(editor, name, english) {
    return editor.dataset["label" + name] || english;
  }

  function addTools(editor, row) {
    var tools = row.querySelector(".nr-block-tools");
    if (tools.querySelector(".nr-block-button")) return;
    tools.appendChild(button("↑", label(editor, "Up", "move up"), "up"));
    tools.appendChild(button("↓", label(editor, "Down", "move down"), "down"));
    tools.appendChild(button("＋", label(editor, "Insert", "insert a paragraph below"), "insert"));
    tools.appendChild(button("✕", label(editor, "Remove", "remove"), "remove"));
  }

  function newRow(editor, type) {
    var template = editor.querySelector(".nr-block");
    var row = template.cloneNode(true);
    row.querySelector(".nr-block-text").value = "";
    row.querySelector(".nr-block-type").value = type || "paragraph";
    return row;
  }

  function init(editor) {
    var list = editor.querySelector(".nr-blocks");
    list.querySelectorAll(".nr-block").forEach(function (row) { addTools(editor, row); });

    var bar = document.createElement("p");
    bar.className = "nr-body-actions";
    var addParagraph = button("＋ " + label(editor, "Paragraph", "paragraph"), "", "add-paragraph");
    var addSubhead = button("＋ " + label(editor, "Subhead", "subhead"), "", "add-subhead");
    bar.appendChild(addParagraph);
    bar.appendChild(addSubhead);
    editor.appendChild(bar);

    editor.addEventListener("click", function (event) {
      var target = event.target.closest(".nr-block-button");
      if (!target) return;
      var action = target.dataset.action;
      var row = target.closest(".nr-block");
      if (action === "add-paragraph" || action === "add-subhead") {
        var added = newRow(editor, action === "add-subhead" ? "subhead" : "paragraph");
        list.appendChild(added);
        renumber(editor);
        added.querySelector(".nr-block-text").focus();
        return;
      }
      if (action === "up" && row.previousElementSibling) {
        list.insertBefore(row, row.previousElementSibling);
      } else if (action === "down" && row.nextElementSibling) {
        list.insertBefore(row.nextElementSibling, row);
      } else if (action === "insert") {
        var inserted = newRow(editor, "paragraph");
        list.insertBefore(inserted, row.nextElementSibling);
        renumber(editor);
        inserted.querySelector(".nr-block-text").focus();
        return;
      } else if (action === "remove") {
        if (list.querySelectorAll(".nr-block").length > 1) {
          row.remove();
        } else {
          row.querySelector(".nr-block-text").value = "";
        }
      }
      renumber(editor);
    });

    editor.addEventListener("change", function (event) {
      if (event.target.matches(".nr-block-type, .nr-block-text")) renumber(editor);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".nr-body-editor").forEach(init);
  });
})();
