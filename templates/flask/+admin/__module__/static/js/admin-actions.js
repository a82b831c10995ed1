// Flask-Admin's list pages start their delete confirmation and their
// "With selected" actions from inline onclick attributes. The site's
// Content-Security-Policy allows scripts from this site only, so the browser
// refuses to run those attributes (and says so in its console), and without
// this file a delete would go ahead unconfirmed and the actions would do
// nothing. This file, served from the site, reads each attribute's call and
// makes it from a click listener instead; the policy stays strict. Its
// `javascript:void(0)` links are placeholders the policy would refuse to
// follow, so their clicks stop here.
(function () {
  'use strict';

  // The calls Flask-Admin writes: return name('one quoted argument');
  var CALL = /^\s*return\s+([\w.]+)\('((?:[^'\\]|\\.)*)'\);?\s*$/;
  var RETURN_FALSE = /^\s*return\s+false;?\s*$/;

  function unquote(text) {
    return text.replace(/\\(.)/g, '$1');
  }

  // What each call does, given the click and its argument.
  var CALLS = {
    'faHelpers.safeConfirm': function (event, message) {
      if (!window.faHelpers.safeConfirm(message)) {
        event.preventDefault();
      }
    },
    'modelActions.execute': function (event, action) {
      event.preventDefault();
      window.modelActions.execute(action);
    },
  };

  // Capturing, so that this runs before any other click handler can stop it.
  document.addEventListener('click', function (event) {
    if (!event.target.closest) {
      return;
    }
    var placeholder = event.target.closest('a[href^="javascript:"]');
    if (placeholder) {
      event.preventDefault();
    }
    var element = event.target.closest('[onclick]');
    if (!element) {
      return;
    }
    var code = element.getAttribute('onclick');
    if (RETURN_FALSE.test(code)) {
      event.preventDefault();
      return;
    }
    var call = CALL.exec(code);
    if (call && CALLS[call[1]]) {
      CALLS[call[1]](event, unquote(call[2]));
    }
  }, true);
})();
