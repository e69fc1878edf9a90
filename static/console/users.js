// The user list: a "select all on this page" box for the bulk form. Without it, each
// user's box still works.
(function () {
  function addSelectAll(root) {
    var table = root.querySelector("#user-table");
    if (!table || table.querySelector(".select-all")) return;
    var header = table.querySelector("thead th.select, thead th:first-child");
    if (!header || !table.querySelector(".user-select")) return;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "form-check-input select-all";
    box.setAttribute("aria-label", "Select every user on this page");
    box.addEventListener("change", function () {
      table.querySelectorAll(".user-select").forEach(function (cb) { cb.checked = box.checked; });
    });
    header.textContent = "";
    header.appendChild(box);
  }
  document.addEventListener("DOMContentLoaded", function () { addSelectAll(document); });
  document.addEventListener("htmx:afterSettle", function () { addSelectAll(document); });
})();
