// Starts Chromium headless for the driver scripts, with a fresh
// profile and without the background connections that this machine's closed
// network would refuse (updates, sync, first-run pages).
'use strict';

const { chromium } = require('playwright-core');

function launch(executablePath, userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

module.exports = { launch };
