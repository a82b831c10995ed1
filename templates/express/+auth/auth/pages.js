'use strict';

// The account pages, as HTML strings. Every value from a user goes through
// escapeHtml. No inline script or style, so a strict Content-Security-Policy
// holds.

function escapeHtml(value) {
  return String(value).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
}

function layout({ title, user, csrfToken, body }) {
  const nav = user
    ? `<a href="/accounts/profile">${escapeHtml(user.username)}</a>
    <form method="post" action="/accounts/logout" class="inline">
      <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
      <button type="submit">Log out</button>
    </form>`
    : `<a href="/accounts/login">Log in</a>
    <a href="/accounts/signup">Sign up</a>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(title)}</title>
  <link rel="stylesheet" href="/css/site.css">
</head>
<body>
  <nav>
    <a href="/">Home</a>
    ${nav}
  </nav>
  <main>
${body}
  </main>
</body>
</html>
`;
}

function field(label, name, type, autocomplete, value = '') {
  const shown = type === 'password' ? '' : ` value="${escapeHtml(value)}"`;
  return `    <div>
      <label for="${name}">${label}</label>
      <input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" required${shown}>
    </div>`;
}

function errors(messages) {
  return messages.map((m) => `    <p class="error">${escapeHtml(m)}</p>`).join('\n');
}

function signupPage({ csrfToken, username = '', problems = [] }) {
  return layout({
    title: 'Sign up',
    csrfToken,
    body: `    <h1>Sign up</h1>
${errors(problems)}
    <form method="post" action="/accounts/signup">
      <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
${field('Username', 'username', 'text', 'username', username)}
${field('Password', 'password', 'password', 'new-password')}
${field('Password confirmation', 'confirm', 'password', 'new-password')}
      <button type="submit">Sign up</button>
    </form>
    <p>Already have an account? <a href="/accounts/login">Log in</a>.</p>`,
  });
}

function loginPage({ csrfToken, next = '', username = '', problems = [] }) {
  const action = next ? `/accounts/login?next=${encodeURIComponent(next)}` : '/accounts/login';
  return layout({
    title: 'Log in',
    csrfToken,
    body: `    <h1>Log in</h1>
${errors(problems)}
    <form method="post" action="${escapeHtml(action)}">
      <input type="hidden" name="_csrf" value="${escapeHtml(csrfToken)}">
${field('Username', 'username', 'text', 'username', username)}
${field('Password', 'password', 'password', 'current-password')}
      <button type="submit">Log in</button>
    </form>
    <p>No account yet? <a href="/accounts/signup">Sign up</a>.</p>`,
  });
}

function profilePage({ csrfToken, user }) {
  return layout({
    title: 'Your profile',
    user,
    csrfToken,
    body: `    <h1>Your profile</h1>
    <p>You are logged in as <strong class="username">${escapeHtml(user.username)}</strong>.</p>
    <p>Member since ${escapeHtml(new Date(user.created_at).toDateString())}.</p>`,
  });
}

function refusedPage({ reason }) {
  return layout({
    title: 'Request refused',
    body: `    <h1>Request refused</h1>
    <p>${escapeHtml(reason)}</p>
    <p>Go back, reload the page and try again.</p>`,
  });
}

module.exports = { escapeHtml, signupPage, loginPage, profilePage, refusedPage };
