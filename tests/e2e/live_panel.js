// Drives the live panel of a starter's home page in headless Chromium:
// waits until the panel's WebSocket is connected, types a message, and
// waits until the broadcast shows up in the panel's list.
// Usage: node live_panel.js <chromium path> <user data dir> <home page URL>
'use strict';

const { launch } = require('./chromium');

async function main() {
  const [executablePath, userDataDir, url] = process.argv.slice(2);
  const context = await launch(executablePath, userDataDir);
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Browsers ask for /favicon.ico on their own; the starters have none.
    page.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        errors.push(`${response.status()} for ${response.url()}`);
      }
    });
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    await page.waitForFunction(
      () => document.querySelector('#live .live-status')?.textContent === 'Connected.',
      null,
      { timeout: 10_000 },
    );
    const text = `typed in Chromium ${Date.now()}`;
    await page.fill('#live .live-form input', text);
    await page.press('#live .live-form input', 'Enter');
    await page.waitForFunction(
      (expected) =>
        [...document.querySelectorAll('#live .live-messages li')].some((item) =>
          item.textContent.includes(expected),
        ),
      text,
      { timeout: 5_000 },
    );
    if (errors.length > 0) {
      throw new Error(`the page reported errors: ${errors.join('; ')}`);
    }
    console.log(`the live panel showed: ${text}`);
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
