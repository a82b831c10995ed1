// The live panel on the home page: a plain WebSocket to /ws on this host.
// Every message typed here is sent as {"text": "..."}; every message the
// server broadcasts ({"text", "at"}) or an error ({"error"}) is listed.
// Where /ws is for logged-in users (the panel's data-login names the log-in
// page), a connection refused before it ever opened asks the visitor to log
// in instead of retrying.
(function () {
  'use strict';

  var panel = document.getElementById('live');
  if (!panel) {
    return;
  }
  var form = panel.querySelector('.live-form');
  var input = form.querySelector('input');
  var list = panel.querySelector('.live-messages');
  var status = panel.querySelector('.live-status');
  var scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  var url = scheme + '//' + window.location.host + '/ws';
  var socket = null;
  var loginPage = panel.getAttribute('data-login');

  function show(text, kind) {
    var item = document.createElement('li');
    item.className = kind;
    item.textContent = text;
    list.insertBefore(item, list.firstChild);
  }

  function askToLogIn() {
    status.textContent = '';
    var link = document.createElement('a');
    link.href = loginPage + '?next=' + encodeURIComponent(window.location.pathname);
    link.textContent = 'Log in';
    status.appendChild(link);
    status.appendChild(document.createTextNode(' to use the live channel.'));
  }

  function connect() {
    var opened = false;
    socket = new WebSocket(url);
    socket.addEventListener('open', function () {
      opened = true;
      status.textContent = 'Connected.';
    });
    socket.addEventListener('message', function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch {
        // Not JSON: not one of this server's messages.
        return;
      }
      if (message.error) {
        show('Error: ' + message.error, 'live-error');
      } else {
        var time = new Date(message.at).toLocaleTimeString();
        show(time + ' ' + message.text, 'live-message');
      }
    });
    socket.addEventListener('close', function () {
      if (!opened && loginPage) {
        askToLogIn();
        return;
      }
      status.textContent = 'Disconnected; reconnecting…';
      window.setTimeout(connect, 2000);
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || !socket || socket.readyState !== WebSocket.OPEN) {
      return;
    }
    socket.send(JSON.stringify({ text: text }));
    input.value = '';
  });

  connect();
})();
