// Drives headless Chromium (playwright-core, no browser download) against a running Rotor's watchr dialect.
// Usage: node watchr.cjs <rotorPort> <foreignPort> <userDataDir> <partnerPort>; prints one JSON line with what it saw.
// The foreign page (localhost) is another site; the partner page (127.0.0.1, another port) is the same site as Rotor
// but another origin, one that Rotor's ROTOR_WATCHR_ALLOWED_ORIGINS names. The test serves the partner page itself:
// Chromium treats a page the browser fulfils as public, and a public page may not call a loopback address at all
// (Local Network Access), which would hide what Rotor answers.
const { chromium } = require('playwright-core');

const [rotorPort, foreignPort, userDataDir, partnerPort] = process.argv.slice(2);
const own = `http://127.0.0.1:${rotorPort}`;
const foreign = `http://localhost:${foreignPort}`;
const partner = `http://127.0.0.1:${partnerPort}`;
const result = {};

(async () => {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    timeout: 30000,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  context.setDefaultTimeout(15000);
  try {
    // Pages "served" from Rotor's origin and from a foreign origin: fulfilled by the browser, so no extra server.
    await context.route(`${own}/app.html`, r => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>app</title>' }));
    await context.route(`${foreign}/evil.html`, r => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>evil</title>' }));
    const refreshes = [];
    context.on('request', async req => {
      if (req.url().endsWith('/auth/refresh')) {
        const headers = await req.allHeaders();
        refreshes.push({ origin: headers['origin'] || null, cookieSent: 'cookie' in headers });
      }
    });

    const app = await context.newPage();
    await app.goto(`${own}/app.html`);
    result.login = await app.evaluate(async () => {
      const r = await fetch('/auth/login', { method: 'POST', credentials: 'include',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=wonderland' });
      return { status: r.status, body: await r.json() };
    });
    const cookie = (await context.cookies(`${own}/auth/refresh`)).find(c => c.name === 'refresh_token');
    result.cookie = cookie ? { httpOnly: cookie.httpOnly, sameSite: cookie.sameSite, path: cookie.path } : null;
    result.documentCookie = await app.evaluate(() => document.cookie);
    result.documentCookieHasToken = !!cookie && result.documentCookie.includes(cookie.value);
    result.refresh = await app.evaluate(async () => {
      const r = await fetch('/auth/refresh', { method: 'POST', credentials: 'include' });
      return { status: r.status, body: await r.json() };
    });
    const rotated = (await context.cookies(`${own}/auth/refresh`)).find(c => c.name === 'refresh_token');
    result.rotated = !!cookie && !!rotated && rotated.value !== cookie.value;

    const evil = await context.newPage();
    await evil.goto(`${foreign}/evil.html`);
    // a cross-site fetch (no-cors) and a cross-site form POST, the classic CSRF
    result.foreign = await evil.evaluate(async url => {
      try {
        const r = await fetch(url, { method: 'POST', credentials: 'include', mode: 'no-cors' });
        return { type: r.type };
      } catch (e) {
        return { error: String(e) };
      }
    }, `${own}/auth/refresh`);
    const [formResponse] = await Promise.all([
      evil.waitForResponse(r => r.url().endsWith('/auth/refresh')),
      evil.evaluate(url => {
        const f = document.createElement('form');
        f.method = 'POST';
        f.action = url;
        document.body.appendChild(f);
        f.submit();
      }, `${own}/auth/refresh`),
    ]);
    const formHeaders = await formResponse.request().allHeaders();
    result.foreignForm = { status: formResponse.status(), origin: formHeaders['origin'] || null, cookieSent: 'cookie' in formHeaders };
    await evil.waitForTimeout(300);
    result.refreshes = refreshes;
    const after = (await context.cookies(`${own}/auth/refresh`)).find(c => c.name === 'refresh_token');
    result.cookieUnchangedByForeign = !!after && !!rotated && after.value === rotated.value;

    result.logout = await app.evaluate(async () => {
      const r = await fetch('/auth/logout', { method: 'POST', credentials: 'include' });
      return { status: r.status };
    });
    result.cookieAfterLogout = ((await context.cookies(`${own}/auth/refresh`)).find(c => c.name === 'refresh_token') || null) !== null;
    result.refreshAfterLogout = await app.evaluate(async () => {
      const r = await fetch('/auth/refresh', { method: 'POST', credentials: 'include' });
      return { status: r.status };
    });

    // The partner page logs in and refreshes with the cookie and reads both answers (CORS); its refresh is sent as
    // JSON, which a browser sends only after a preflight that Rotor granted.
    const partnerPage = await context.newPage();
    await partnerPage.goto(`${partner}/partner.html`);
    const call = async (page, url, init) => page.evaluate(async ([url, init]) => {
      try {
        const r = await fetch(url, init);
        return { status: r.status, body: await r.json() };
      } catch (e) {
        return { error: String(e) };
      }
    }, [url, init]);
    result.partnerLogin = await call(partnerPage, `${own}/auth/login`, { method: 'POST', credentials: 'include',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'username=alice&password=wonderland' });
    result.partnerRefresh = await call(partnerPage, `${own}/auth/refresh`, { method: 'POST', credentials: 'include',
      headers: { 'Content-Type': 'application/json' }, body: '{}' });
    // a foreign page, not allowed, cannot read an answer (the first one navigated to Rotor with its form)
    const evilAgain = await context.newPage();
    await evilAgain.goto(`${foreign}/evil.html`);
    result.foreignRead = await call(evilAgain, `${own}/auth/refresh`, { method: 'POST', credentials: 'include' });
  } catch (e) {
    result.error = String(e && e.stack || e);
  } finally {
    await context.close().catch(() => {});
  }
  console.log(JSON.stringify(result));
})();
