// Uses a starter's admin site in headless Chromium as an admin would, under
// the starter's own Content-Security-Policy: logs in, adds three notes through
// the admin's form, deletes one from the list (Flask-Admin: its confirmation
// is dismissed first, then accepted) and one through the bulk "delete
// selected" action. Fails on a script error, on a policy violation (Flask:
// other than the inline handlers its admin-actions.js replaces), or when a
// row count is not what the clicks should give.
// Usage: node admin_pages.js <chromium path> <user data dir> <flask|django>
//        <base URL> <username> <password>
'use strict';

const { launch } = require('./chromium');

const SITES = {
  flask: {
    login: '/accounts/login?next=/admin/',
    add: '/admin/note/new/',
    list: '/admin/note/',
    rows: 'input.action-checkbox',
    async save(page) {
      await Promise.all([page.waitForNavigation(), page.click('input[type=submit][value=Save]')]);
    },
    async deleteOne(page, answer) {
      answer.next = false;
      await page.click('button[title="Delete Record"] >> nth=0');
      await page.waitForTimeout(300);
      answer.next = true;
      await Promise.all([page.waitForNavigation(), page.click('button[title="Delete Record"] >> nth=0')]);
    },
    async deleteSelected(page) {
      await page.check('input.action-checkbox >> nth=0');
      await page.click('text=With selected');
      await Promise.all([
        page.waitForNavigation(),
        page.click('.dropdown-menu a.dropdown-item:has-text("Delete")'),
      ]);
    },
    dialogs: ['Are you sure you want to delete this record?', 'Are you sure you want to delete this record?',
      'Are you sure you want to delete selected records?'],
    // Flask-Admin writes inline onclick attributes; the browser refuses them
    // and static/js/admin-actions.js does their work instead.
    tolerated: /^Executing inline event handler violates/,
  },
  django: {
    login: '/admin/login/?next=/admin/',
    add: '/admin/notes/note/add/',
    list: '/admin/notes/note/',
    rows: 'input.action-select',
    async save(page) {
      const author = page.locator('select[name=author]');
      if ((await author.count()) > 0) {
        await author.selectOption({ index: 1 });
      }
      await Promise.all([page.waitForNavigation(), page.click('input[type=submit][name=_save]')]);
    },
    async deleteOne(page) {
      await this.deleteSelected(page);
    },
    async deleteSelected(page) {
      await page.check('input.action-select >> nth=0');
      await page.selectOption('select[name=action]', 'delete_selected');
      await Promise.all([page.waitForNavigation(), page.click('button[name=index]')]);
      await Promise.all([page.waitForNavigation(), page.click('form input[type=submit]')]);
    },
    dialogs: [],
    tolerated: null,
  },
};

async function main() {
  const [executablePath, userDataDir, kind, base, username, password] = process.argv.slice(2);
  const site = SITES[kind];
  const context = await launch(executablePath, userDataDir);
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems = [];
    const dialogs = [];
    const answer = { next: true };
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'error' && /Content.Security.Policy/i.test(text)) {
        if (!(site.tolerated && site.tolerated.test(text))) {
          problems.push(`policy violation on ${page.url()}: ${text}`);
        }
      }
    });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      return answer.next ? dialog.accept() : dialog.dismiss();
    });

    await page.goto(base + site.login);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForNavigation(), page.press('input[name=password]', 'Enter')]);
    if (!page.url().endsWith('/admin/')) {
      throw new Error(`the log-in ended at ${page.url()}, not /admin/`);
    }
    for (const title of ['first', 'second', 'third']) {
      await page.goto(base + site.add);
      await page.fill('input[name=title]', `from the admin: ${title}`);
      await page.fill('textarea[name=body]', 'written in Chromium');
      await site.save(page);
    }
    const rows = async () => {
      await page.goto(base + site.list);
      return page.locator(site.rows).count();
    };
    const before = await rows();
    if (before < 3) {
      throw new Error(`the list shows ${before} notes after adding three`);
    }
    await site.deleteOne(page, answer);
    const afterOne = await rows();
    await site.deleteSelected(page);
    const afterBulk = await rows();
    console.log(`notes: ${before}, after one delete ${afterOne}, after the bulk delete ${afterBulk}`);
    if (afterOne !== before - 1 || afterBulk !== before - 2) {
      problems.push(`expected ${before - 1} then ${before - 2} notes`);
    }
    if (JSON.stringify(dialogs) !== JSON.stringify(site.dialogs)) {
      problems.push(`confirmations asked: ${JSON.stringify(dialogs)}, expected ${JSON.stringify(site.dialogs)}`);
    }
    if (problems.length > 0) {
      throw new Error(problems.join('\n'));
    }
  } finally {
    await context.close();
  }
}

main().catch((error) => {
  console.error(error.stack || String(error));
  process.exit(1);
});
