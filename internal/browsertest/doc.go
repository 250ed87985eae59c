// Package browsertest holds the tests that need a real browser: Debian's
// Chromium, driven headless with chromedp. They are built only with the
// browser tag (scripts/browsertest.sh, which the conformance step runs), and
// a browser that cannot be started fails them: they never skip.
//
// They check what only a browser can: the live preview reloading itself and
// showing a broken build's problems, the web edition's pages without
// console errors and without sideways scrolling on a phone, and the search
// finding Arabic words however their harakat and tatweel are written, with
// the page's script folding text exactly as export/search does.
package browsertest
