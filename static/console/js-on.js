// Loaded in <head> without defer, before the page is drawn: says JavaScript runs, so
// the stylesheet stops showing the top menu expanded (console.css, ".no-js") and
// Bootstrap's toggler opens and closes it. Without JavaScript the class stays and the
// menu is shown in full on a narrow screen: every link and Sign out stay reachable.
document.documentElement.classList.remove("no-js");
