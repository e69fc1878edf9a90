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

// The bulk form sends the filter boxes as they are ("live-attribute", …): when they say
// another filter than the one applied to the list, "all matching" is refused (the
// server compares), rather than acting on a filter typed but never applied.
document.addEventListener("formdata", function (event) {
  if (!event.target || event.target.id !== "bulk-form") return;
  var filter = document.getElementById("user-filter");
  if (!filter) return;
  new FormData(filter).forEach(function (value, name) {
    event.formData.append("live-" + name, value);
  });
}, true);
