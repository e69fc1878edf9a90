// The console's own script. Pages work without it; it only improves them.
document.addEventListener("htmx:responseError", function (event) {
  // A failed partial (a Cognito error, a lost connection) replaces the target with the
  // server's readable error rather than leaving the old content as if nothing happened.
  var xhr = event.detail.xhr;
  if (xhr && xhr.responseText && event.detail.target) {
    event.detail.target.innerHTML = xhr.responseText;
  }
});
document.addEventListener("htmx:sendError", function (event) {
  var target = event.detail.target;
  if (target) {
    var div = document.createElement("div");
    div.className = "alert alert-danger";
    div.setAttribute("role", "alert");
    div.textContent = "The console could not be reached. Check your connection and try again.";
    target.prepend(div);
  }
});
