#!/usr/bin/env node
// Browser test for the built boardpack site.
//
// Builds the example site and the user guide (docs/) (or uses BOARDPACK_SITE_DIR), serves them on
// 127.0.0.1, and checks every HTML page in headless Chromium:
//   - the page loads, with no console errors, page errors, failed requests
//     or requests to any host other than 127.0.0.1;
//   - axe-core finds no WCAG 2.x A/AA violations;
//   - no horizontal scrolling at a 320 px wide viewport;
//   - every internal link and asset resolves (HTTP 200), and every fragment
//     (#id) points at an element that exists on the target page;
//   - the Nu HTML Checker (vnu) reports no errors;
//   - every monthly bulletin email (news/YYYY/MM/email.html) uses only
//     HTML and CSS that the major email clients support, by the caniemail
//     data, and its preheader is hidden in each of them;
// and saves full-page screenshots of a few pages at 320 and 1280 px.
//
// Usage (from the repository root):
//   node tests/browser/run.mjs
//   BOARDPACK_SITE_DIR=output node tests/browser/run.mjs   # skip the build
//
// Other environment variables:
//   CHROMIUM_PATH           Chromium executable (default /usr/bin/chromium)
//   JAVA                    java executable for vnu (default: java on PATH)
//   BOARDPACK_KEEP_SITE=1   keep the temporary build directory
//
// Prints a summary line "N passed, M failed" and exits 1 if anything failed.

import { DoIUseEmail, doIUseEmail } from '@jsx-email/doiuse-email';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const SCREENSHOT_DIR = path.join(HERE, 'screenshots');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const JAVA = process.env.JAVA || 'java';
const SOURCE_DATE_EPOCH = '1767225600';
const CONCURRENCY = 2;
const PAGE_TIMEOUT_MS = 30_000;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const MIN_WIDTH = 320;
const WIDE_WIDTH = 1280;
const VIEWPORT_HEIGHT = 800;

// ---------------------------------------------------------------------------
// Results

const results = { passed: 0, failed: 0 };
const stats = {
  pages: 0,
  axeViolations: 0,
  vnuErrors: 0,
  linksChecked: 0,
  brokenLinks: 0,
  fragmentsChecked: 0,
  brokenFragments: 0,
  screenshots: 0,
  emails: 0,
};

function pass() {
  results.passed += 1;
}

function fail(what, details = []) {
  results.failed += 1;
  console.log(`FAIL ${what}`);
  for (const line of [].concat(details)) {
    console.log(`     ${String(line).replace(/\n/g, '\n     ')}`);
  }
}

function check(ok, what, details) {
  if (ok) pass();
  else fail(what, details);
  return ok;
}

function section(title) {
  console.log(`\n== ${title}`);
}

function errorText(err) {
  return (err && (err.stack || err.message)) || String(err);
}

function firstLine(err) {
  return String((err && err.message) || err).split('\n')[0];
}

// ---------------------------------------------------------------------------
// Build

function buildSite(tmpRoot, name = 'site', root = '.') {
  const outDir = path.join(tmpRoot, name);
  section(`Building ${root === '.' ? 'the example site' : root} into ${outDir}`);
  const started = Date.now();
  const res = spawnSync(
    'cargo',
    ['run', '--release', '--quiet', '--', 'build', '--root', root, '--output', outDir],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, SOURCE_DATE_EPOCH },
    },
  );
  if (res.error) throw new Error(`could not run cargo: ${res.error.message}`);
  if (res.status !== 0) {
    throw new Error(`boardpack build failed (exit status ${res.status ?? res.signal})`);
  }
  console.log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return outDir;
}

// ---------------------------------------------------------------------------
// Static file server

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.pdf': 'application/pdf',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.odt': 'application/vnd.oasis.opendocument.text',
  '.ods': 'application/vnd.oasis.opendocument.spreadsheet',
};

function contentType(file) {
  if (path.basename(file) === 'atom.xml') return 'application/atom+xml';
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p) {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function startServer(root) {
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const body = file ? fs.readFileSync(file) : Buffer.from(`${status}\n`);
      res.writeHead(status, {
        'Content-Type': file ? contentType(file) : 'text/plain; charset=utf-8',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    const notFound = () => {
      const page404 = path.join(root, '404.html');
      send(404, isFile(page404) ? page404 : null);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null);
      const url = new URL(req.url, 'http://127.0.0.1');
      let rel;
      try {
        rel = decodeURIComponent(url.pathname);
      } catch {
        return send(400, null);
      }
      if (rel.includes('\0')) return send(400, null);
      const file = path.join(root, path.normalize(rel));
      if (file !== root && !file.startsWith(root + path.sep)) return notFound();
      if (rel.endsWith('/')) {
        const index = path.join(file, 'index.html');
        return isFile(index) ? send(200, index) : notFound();
      }
      if (isFile(file)) return send(200, file);
      if (isDir(file) && isFile(path.join(file, 'index.html'))) {
        // Like most static hosts: /x -> /x/
        return send(301, null, { Location: `${url.pathname}/${url.search}` });
      }
      return notFound();
    } catch (err) {
      console.error(`server error for ${req.url}: ${errorText(err)}`);
      if (!res.headersSent) send(500, null);
      else res.destroy();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------------------
// Site files

async function listFiles(dir) {
  const out = [];
  async function walk(d) {
    const entries = await fsp.readdir(d, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(p);
    }
  }
  await walk(dir);
  return out;
}

function fileToUrlPath(root, file) {
  const rel = path.relative(root, file).split(path.sep).map(encodeURIComponent).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

// The page a URL's path shows, for matching fragment targets to pages.
function canonicalPath(pathname) {
  return pathname.endsWith('/index.html') ? pathname.slice(0, -'index.html'.length) : pathname;
}

const collator = new Intl.Collator('en', { numeric: true });

// ---------------------------------------------------------------------------
// Per-page checks in the browser

const LINK_SELECTORS = [
  ['a[href]', 'href'],
  ['area[href]', 'href'],
  ['link[href]', 'href'],
  ['script[src]', 'src'],
  ['img[src]', 'src'],
  ['iframe[src]', 'src'],
  ['object[data]', 'data'],
  ['source[src]', 'src'],
  ['video[src]', 'src'],
  ['video[poster]', 'poster'],
  ['audio[src]', 'src'],
  ['track[src]', 'src'],
];

function collectFromDom(selectors) {
  const links = [];
  for (const [selector, attr] of selectors) {
    for (const el of document.querySelectorAll(selector)) {
      links.push({ tag: el.localName, attr, value: el.getAttribute(attr) });
    }
  }
  for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
    for (const candidate of el.getAttribute('srcset').split(',')) {
      const value = candidate.trim().split(/\s+/)[0];
      if (value) links.push({ tag: el.localName, attr: 'srcset', value });
    }
  }
  const ids = [];
  for (const el of document.querySelectorAll('[id]')) ids.push(el.id);
  for (const el of document.querySelectorAll('a[name]')) ids.push(el.getAttribute('name'));
  return { links, ids, baseURI: document.baseURI };
}

async function checkPage(context, origin, urlPath, state) {
  const url = origin + urlPath;
  const problems = [];
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc && loc.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      problems.push(`console error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`page error: ${firstLine(err)}`));
  page.on('requestfailed', (req) => {
    if (isExternal(req.url())) return; // reported by the route handler
    problems.push(`request failed: ${req.url()} (${req.failure()?.errorText ?? 'unknown error'})`);
  });
  page.on('response', (resp) => {
    if (resp.status() >= 400) problems.push(`HTTP ${resp.status()} for ${resp.url()}`);
  });
  page.on('websocket', (ws) => {
    if (isExternal(ws.url())) problems.push(`websocket to another host: ${ws.url()}`);
  });
  page.on('popup', (p) => problems.push(`opened a popup: ${p.url()}`));
  page.on('dialog', (d) => {
    problems.push(`opened a ${d.type()} dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  state.externalByPage.set(urlPath, []);

  try {
    let response;
    try {
      response = await page.goto(url, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    } catch (err) {
      fail(`${urlPath}: page did not load`, firstLine(err));
      return;
    }
    if (!response || response.status() !== 200) {
      problems.push(`page answered HTTP ${response ? response.status() : 'no response'}`);
    }
    const ctype = response ? response.headers()['content-type'] || '' : '';
    if (response && !ctype.startsWith('text/html')) problems.push(`content type ${ctype}`);

    // Links, assets and ids.
    const dom = await page.evaluate(collectFromDom, LINK_SELECTORS);
    state.idsByPage.set(canonicalPath(new URL(page.url()).pathname), new Set(dom.ids));
    for (const link of dom.links) {
      let target;
      try {
        target = new URL(link.value, dom.baseURI);
      } catch {
        state.badLinks.push({ page: urlPath, link, reason: 'not a valid URL' });
        continue;
      }
      if (target.origin !== origin) continue;
      const hash = target.hash;
      target.hash = '';
      const key = target.href;
      if (!state.links.has(key)) state.links.set(key, []);
      state.links.get(key).push({ page: urlPath, ...link });
      if (hash && link.attr === 'href' && (link.tag === 'a' || link.tag === 'area')) {
        let fragment;
        try {
          fragment = decodeURIComponent(hash.slice(1));
        } catch {
          fragment = hash.slice(1);
        }
        state.fragments.push({
          page: urlPath,
          targetPath: canonicalPath(target.pathname),
          fragment,
          value: link.value,
        });
      }
    }

    // Accessibility.
    await page.addScriptTag({ path: state.axePath });
    const axeResult = await page.evaluate(
      (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }),
      AXE_TAGS,
    );
    const violations = axeResult.violations || [];
    stats.axeViolations += violations.length;
    if (violations.length === 0) {
      pass();
    } else {
      const details = [];
      for (const v of violations) {
        details.push(`[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
        for (const node of v.nodes.slice(0, 10)) {
          details.push(`  at ${JSON.stringify(node.target)}`);
          if (node.failureSummary) {
            details.push(`     ${node.failureSummary.replace(/\n/g, '\n     ')}`);
          }
        }
        if (v.nodes.length > 10) details.push(`  ... and ${v.nodes.length - 10} more elements`);
      }
      fail(`${urlPath}: ${violations.length} axe violation(s)`, details);
    }

    // Reflow: no horizontal scrolling at 320 px.
    await page.setViewportSize({ width: MIN_WIDTH, height: VIEWPORT_HEIGHT });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    const fits = check(
      scrollWidth <= MIN_WIDTH + 1,
      `${urlPath}: scrolls horizontally at ${MIN_WIDTH} px`,
      `document.documentElement.scrollWidth is ${scrollWidth}`,
    );
    if (!fits) state.overflowing.add(urlPath);

    // Let late console errors and requests arrive before judging the page.
    await page.waitForTimeout(50);
    const external = state.externalByPage.get(urlPath) || [];
    for (const e of external) problems.push(`request to another host: ${e}`);
    check(problems.length === 0, `${urlPath}: errors while loading`, problems);
  } catch (err) {
    fail(`${urlPath}: check crashed`, firstLine(err));
  } finally {
    stats.pages += 1;
    await page.close().catch(() => {});
  }
}

function isExternal(url) {
  try {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:' || u.protocol === 'about:') return false;
    return u.hostname !== '127.0.0.1';
  } catch {
    return true;
  }
}

async function runPool(items, n, fn) {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item);
    }
  });
  await Promise.all(workers);
}

// ---------------------------------------------------------------------------
// Links

async function checkLinks(state) {
  section(`Checking ${state.links.size} internal links and assets`);
  for (const bad of state.badLinks) {
    stats.brokenLinks += 1;
    fail(`broken link on ${bad.page}: <${bad.link.tag} ${bad.link.attr}="${bad.link.value}"> (${bad.reason})`);
  }
  const entries = [...state.links.entries()];
  await runPool(entries, 8, async ([url, uses]) => {
    stats.linksChecked += 1;
    let status;
    let location = '';
    try {
      let resp = await fetch(url, { method: 'HEAD', redirect: 'manual' });
      if (resp.status === 405) resp = await fetch(url, { redirect: 'manual' });
      status = resp.status;
      location = resp.headers.get('location') || '';
    } catch (err) {
      status = `error: ${firstLine(err)}`;
    }
    if (status === 200) {
      pass();
      return;
    }
    stats.brokenLinks += 1;
    const why = location ? `HTTP ${status}, redirects to ${location}` : `HTTP ${status}`;
    const pages = [...new Set(uses.map((u) => `${u.page}  <${u.tag} ${u.attr}="${u.value}">`))];
    fail(`broken link ${new URL(url).pathname}${new URL(url).search} (${why}), linked from:`, pages);
  });

  const seen = new Set();
  for (const f of state.fragments) {
    const key = `${f.page}\n${f.targetPath}\n${f.fragment}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ids = state.idsByPage.get(f.targetPath);
    if (!ids) continue; // not an HTML page we loaded (or broken, reported above)
    stats.fragmentsChecked += 1;
    // HTML: an empty fragment or "top" scrolls to the top of the document.
    const ok = ids.has(f.fragment) || f.fragment === '' || f.fragment.toLowerCase() === 'top';
    if (!ok) stats.brokenFragments += 1;
    check(ok, `broken fragment link on ${f.page}: href="${f.value}" (no id "${f.fragment}" on ${f.targetPath})`);
  }
}

// ---------------------------------------------------------------------------
// The 404 page, served for a missing URL below the root

async function check404(context, origin, siteDir, state) {
  if (!isFile(path.join(siteDir, '404.html'))) {
    fail('the site has no /404.html');
    return;
  }
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && !/status of 404/.test(m.text()) && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (err) => problems.push(`page error: ${firstLine(err)}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
  page.on('response', (resp) => {
    if (resp.status() >= 400 && resp.request().resourceType() !== 'document') {
      problems.push(`HTTP ${resp.status()} for ${resp.url()}`);
    }
  });
  const missing = '/no-such-page/at/any/depth/';
  try {
    const resp = await page.goto(origin + missing, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    if (!resp || resp.status() !== 404) problems.push(`expected HTTP 404, got ${resp && resp.status()}`);
  } catch (err) {
    problems.push(`did not load: ${firstLine(err)}`);
  } finally {
    await page.close().catch(() => {});
  }
  check(problems.length === 0, `404 page served at ${missing} (its assets must use root-relative URLs)`, problems);
}

// ---------------------------------------------------------------------------
// Search and printing

// Types a word into the search page, as a reader would, and expects results
// that link to pages of the site; then a word that is nowhere.
async function checkSearch(context, origin, state) {
  section('Search in Chromium');
  const page = await context.newPage();
  try {
    await page.goto(origin + '/search/', { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    await page.fill('#search-input', 'capacity');
    await page.press('#search-input', 'Enter');
    await page.waitForSelector('#search-results a', { timeout: 10000 });
    const found = await page.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')));
    check(found.length > 0, 'search for "capacity" shows results', `found ${found.length}`);
    check(
      found.every((href) => href.startsWith('/')),
      'search results link to pages of the site',
      found.filter((href) => !href.startsWith('/')),
    );
    for (const href of found) {
      const key = new URL(href, origin);
      key.hash = '';
      if (!state.links.has(key.href)) state.links.set(key.href, []);
      state.links.get(key.href).push({ page: '/search/ (results)', tag: 'a', attr: 'href', value: href });
    }
    console.log(`search for "capacity": ${found.length} results`);
    await page.fill('#search-input', 'zzqxnotaword');
    await page.press('#search-input', 'Enter');
    await page.waitForFunction(() => document.querySelectorAll('#search-results a').length === 0, null, { timeout: 10000 });
    const status = await page.textContent('#search-results');
    check(/no /i.test(status || ''), 'a search with no match says so', status);
  } catch (err) {
    fail('search in Chromium', firstLine(err));
  } finally {
    await page.close().catch(() => {});
  }
}

// Prints the first agenda pack to PDF, as "Save as PDF" would, and expects
// a paper of several pages without the site's navigation.
async function checkPackPrint(context, origin, pagePaths) {
  section('Printing an agenda pack');
  const pack = [...pagePaths].sort(collator.compare).find((p) => /^\/meetings\/[^/]+\/pack\/$/.test(p));
  if (!pack) {
    fail('no agenda pack in the site');
    return;
  }
  const page = await context.newPage();
  try {
    await page.goto(origin + pack, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
    await page.emulateMedia({ media: 'print' });
    const navHidden = await page.$eval('.site-header nav', (nav) => getComputedStyle(nav).display === 'none');
    check(navHidden, `${pack}: the navigation is not printed`);
    const papers = await page.$$eval('.pack-paper', (list) => list.map((p) => getComputedStyle(p).breakBefore));
    check(papers.length > 0 && papers.every((b) => b === 'page'), `${pack}: each report starts on a new page`, papers);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
    check(pdf.length > 1000 && pages > papers.length, `${pack}: prints as a paper of several pages`, `${pages} pages, ${pdf.length} bytes`);
    await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
    await fsp.writeFile(path.join(SCREENSHOT_DIR, 'pack.pdf'), pdf);
    console.log(`${pack}: ${pages} printed pages`);
  } catch (err) {
    fail(`printing ${pack}`, firstLine(err));
  } finally {
    await page.close().catch(() => {});
  }
}

// ---------------------------------------------------------------------------
// Screenshots

async function screenshots(context, origin, pagePaths, state) {
  section('Screenshots');
  await fsp.mkdir(SCREENSHOT_DIR, { recursive: true });
  const sorted = [...pagePaths].sort(collator.compare);
  const meeting = sorted.find((p) => /^\/meetings\/[^/]+\/$/.test(p));
  const item = sorted.find((p) => /^\/meetings\/[^/]+\/[^/]+\/$/.test(p) && !/\/pack\/$/.test(p));
  const targets = [['home', '/'], ['meeting', meeting], ['item', item]];
  for (const [name, urlPath] of targets) {
    if (!urlPath || !pagePaths.includes(urlPath)) {
      fail(`screenshot ${name}: no such page in the site`);
      continue;
    }
    for (const width of [MIN_WIDTH, WIDE_WIDTH]) {
      const page = await context.newPage();
      const file = path.join(SCREENSHOT_DIR, `${name}-${width}.png`);
      try {
        await page.setViewportSize({ width, height: VIEWPORT_HEIGHT });
        await page.goto(origin + urlPath, { waitUntil: 'load', timeout: PAGE_TIMEOUT_MS });
        if (width === MIN_WIDTH) {
          // Checked again on a fresh load at this width (already reported if it failed before).
          const sw = await page.evaluate(() => document.documentElement.scrollWidth);
          if (!state.overflowing.has(urlPath)) {
            check(
              sw <= MIN_WIDTH + 1,
              `${urlPath}: scrolls horizontally at ${MIN_WIDTH} px (fresh load)`,
              `document.documentElement.scrollWidth is ${sw}`,
            );
          }
        }
        await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
        stats.screenshots += 1;
        pass();
        console.log(`saved ${path.relative(REPO_ROOT, file)} (${urlPath})`);
      } catch (err) {
        fail(`screenshot ${name} at ${width} px (${urlPath})`, firstLine(err));
      } finally {
        await page.close().catch(() => {});
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Nu HTML Checker

function runJava(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(JAVA, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function runVnu(siteDir, htmlFiles) {
  section(`Nu HTML Checker on ${htmlFiles.length} files`);
  const jar = String(require('vnu-jar'));
  if (!isFile(jar)) {
    fail(`vnu.jar not found at ${jar}`);
    return;
  }
  // Batches keep the command line well under the kernel's limit.
  const batches = [];
  let batch = [];
  let length = 0;
  for (const f of htmlFiles) {
    if (batch.length >= 500 || length + f.length > 100_000) {
      batches.push(batch);
      batch = [];
      length = 0;
    }
    batch.push(f);
    length += f.length + 1;
  }
  if (batch.length) batches.push(batch);

  const errorsByFile = new Map();
  for (const files of batches) {
    let out;
    try {
      out = await runJava(['-jar', jar, '--errors-only', '--format', 'json', '--stdout', ...files]);
    } catch (err) {
      fail(`could not run ${JAVA} for vnu`, firstLine(err));
      return;
    }
    let parsed;
    try {
      parsed = JSON.parse(out.stdout);
    } catch {
      fail(`vnu did not produce JSON (exit status ${out.code})`, (out.stderr || out.stdout).slice(0, 2000));
      continue;
    }
    for (const m of parsed.messages || []) {
      if (m.type === 'info') continue;
      const file = m.url ? fileURLToPath(m.url.replace(/^file:\/(?!\/)/, 'file:///')) : '(unknown)';
      if (acceptedInEmail(file, m.message)) continue;
      if (!errorsByFile.has(file)) errorsByFile.set(file, []);
      errorsByFile.get(file).push(m);
    }
  }
  for (const f of htmlFiles) {
    const errs = errorsByFile.get(f) || [];
    errorsByFile.delete(f);
    stats.vnuErrors += errs.length;
    check(
      errs.length === 0,
      `${path.relative(siteDir, f)}: ${errs.length} HTML error(s)`,
      errs.map(
        (m) =>
          `line ${m.lastLine ?? m.firstLine ?? '?'}:${m.firstColumn ?? '?'}: ${m.message}` +
          (m.extract ? `\n  ${JSON.stringify(m.extract)}` : ''),
      ),
    );
  }
  for (const [file, errs] of errorsByFile) {
    stats.vnuErrors += errs.length;
    fail(`vnu: ${file}`, errs.map((m) => `${m.type}: ${m.message}`));
  }
}

// ---------------------------------------------------------------------------
// The bulletin emails

// The email of a month is checked against what email clients support with
// @jsx-email/doiuse-email: it reads every element, attribute and inline
// CSS property of an email and looks each up in the caniemail.com data,
// which it ships. Chosen because it installs from npm alone (no install
// script, no download at run time), runs on the Node 20 of our machines and
// has a few small dependencies; `caniemail`, its successor by the same
// author, needs Node 22 and brings Babel along at run time.
// Major clients only: what the rest drop is not a reason to fail a build.
const EMAIL_CLIENTS = [
  'apple-mail.*',
  'gmail.*',
  'outlook.*',
  'yahoo.*',
  'samsung-email.*',
  'thunderbird.*',
];

// What some of those clients drop without harm to the email, and why.
const ACCEPTED_EMAIL_FEATURES = new Map([
  ['<body> element', 'the clients that drop <body> lose its margin and background, which the outer table repeats'],
  ['role attribute', 'a client that drops role="presentation" leaves plain layout tables, read in order'],
  ['display:none', 'used by the preheader only, which is hidden in other ways too (checked below)'],
  ['overflow', 'used by the preheader only, which is hidden in other ways too (checked below)'],
]);

// The ways of hiding the preheader, each as an email to check alone; and
// the clients that hide it by `mso-hide:all`, Outlook's own property, which
// caniemail does not list.
const PREHEADER_HIDING = [
  '<div style="display:none;">preheader</div>',
  '<div style="max-height:0;overflow:hidden;">preheader</div>',
];
const MSO_CLIENTS = new Set(['outlook.windows', 'outlook.windows-mail']);

function isEmail(file) {
  return /\/news\/\d{4}\/\d{2}\/email\.html$/.test(file);
}

// Messages of the Nu HTML Checker that an email is written to cause:
// `mso-hide` is Outlook's own CSS property, unknown to the checker.
function acceptedInEmail(file, message) {
  return isEmail(file) && /^CSS: “mso-hide”: Property “mso-hide” doesn't exist\.$/.test(message);
}

// The features `html` uses that clients do not support, as a map from the
// feature to the clients.
function unsupported(html) {
  const result = doIUseEmail(html, { emailClients: EMAIL_CLIENTS });
  const byFeature = new Map();
  for (const error of result.success ? [] : result.errors) {
    const match = /^`(.+)` is not supported by `(.+)`$/.exec(error);
    const [feature, client] = match ? [match[1], match[2]] : [error, '?'];
    if (!byFeature.has(feature)) byFeature.set(feature, new Set());
    byFeature.get(feature).add(client);
  }
  return { byFeature, warnings: result.warnings.length };
}

// The clients in which none of the ways of hiding the preheader works.
function clientsShowingThePreheader() {
  const clients = new DoIUseEmail({ emailClients: EMAIL_CLIENTS }).emailClients;
  const failing = PREHEADER_HIDING.map((html) => {
    const all = new Set();
    for (const set of unsupported(html).byFeature.values()) for (const c of set) all.add(c);
    return all;
  });
  return clients.filter((c) => !MSO_CLIENTS.has(c) && failing.every((set) => set.has(c)));
}

// The inline styles that use a feature accepted for the preheader only.
function stylesHiding(html) {
  return [...html.matchAll(/ style="([^"]*)"/g)]
    .map((m) => m[1])
    .filter((style) => /display:\s*none|overflow/.test(style));
}

async function checkEmails(siteDir, htmlFiles) {
  const emails = htmlFiles.filter(isEmail);
  if (emails.length === 0) return;
  section(`Email client support of ${emails.length} bulletin emails (caniemail data)`);
  const showing = clientsShowingThePreheader();
  check(showing.length === 0, 'the preheader is hidden in every major email client', `shown in ${showing.join(', ')}`);
  for (const file of emails) {
    const name = path.relative(siteDir, file);
    const html = await fsp.readFile(file, 'utf8');
    const { byFeature, warnings } = unsupported(html);
    const problems = [...byFeature]
      .filter(([feature]) => !ACCEPTED_EMAIL_FEATURES.has(feature))
      .map(([feature, clients]) => `${feature}: not supported by ${[...clients].join(', ')}`);
    check(problems.length === 0, `${name}: uses what email clients do not support`, problems);
    const hiding = stylesHiding(html);
    const preheader = /<body[^>]*>\s*<div style="([^"]*)">/.exec(html);
    check(
      hiding.length === 1 && preheader !== null && preheader[1] === hiding[0],
      `${name}: only the preheader, first in the body, is hidden`,
      hiding,
    );
    stats.emails += 1;
    console.log(`${name}: ${warnings} partly supported uses (not errors)`);
  }
}

// ---------------------------------------------------------------------------
// One site

// Servers still open, closed on the way out whatever happens.
const openServers = new Set();

async function closeServer(server) {
  openServers.delete(server);
  server.closeAllConnections?.();
  await new Promise((r) => server.close(() => r()));
}

/// Checks every page of the built site in `siteDir`; `example` adds the
/// checks only the example site can pass (search, the pack, screenshots).
async function checkSite(browser, siteDir, example) {
  const files = await listFiles(siteDir);
  const htmlFiles = files.filter((f) => /\.html?$/i.test(f));
  const pagePaths = htmlFiles.map((f) => fileToUrlPath(siteDir, f));
  if (!check(htmlFiles.length > 0, 'the built site has no HTML files')) return;

  const server = await startServer(siteDir);
  openServers.add(server);
  const origin = `http://127.0.0.1:${server.address().port}`;
  console.log(`serving ${siteDir} at ${origin}`);

  const context = await browser.newContext({
    viewport: { width: WIDE_WIDTH, height: VIEWPORT_HEIGHT },
    serviceWorkers: 'block',
  });

  const state = {
    axePath: require.resolve('axe-core/axe.min.js'),
    idsByPage: new Map(),
    links: new Map(),
    badLinks: [],
    fragments: [],
    externalByPage: new Map(),
    overflowing: new Set(),
  };
  // Nothing may be loaded from another host: block and report it.
  await context.route(
    (url) => isExternal(url.href),
    async (route) => {
      const req = route.request();
      const frame = req.frame();
      let pagePath = '?';
      try {
        pagePath = new URL(frame.page().url()).pathname;
      } catch {}
      const list = state.externalByPage.get(pagePath);
      const text = `${req.url()} (${req.resourceType()})`;
      if (list) list.push(text);
      else fail(`request to another host from ${pagePath}: ${text}`);
      await route.abort('blockedbyclient').catch(() => {});
    },
  );

  section(`Checking ${pagePaths.length} pages in Chromium (${await browser.version()})`);
  await runPool(pagePaths, CONCURRENCY, async (p) => {
    const t = Date.now();
    await checkPage(context, origin, p, state);
    console.log(`checked ${p} (${Date.now() - t} ms)`);
  });

  await check404(context, origin, siteDir, state);
  if (example) {
    await checkSearch(context, origin, state);
    await checkPackPrint(context, origin, pagePaths);
  }
  await checkLinks(state);
  if (example) await screenshots(context, origin, pagePaths, state);
  await context.close().catch(() => {});
  await closeServer(server);

  await runVnu(siteDir, htmlFiles);
  await checkEmails(siteDir, htmlFiles);
}

// ---------------------------------------------------------------------------
// Main

async function main() {
  const started = Date.now();
  let tmpRoot = null;
  let browser = null;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    browser = null;
    for (const open of [...openServers]) await closeServer(open);
    if (tmpRoot && !process.env.BOARDPACK_KEEP_SITE) {
      await fsp.rm(tmpRoot, { recursive: true, force: true }).catch(() => {});
    }
    tmpRoot = null;
  };
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.once(sig, () => {
      cleanup().finally(() => process.exit(130));
    });
  }

  try {
    let siteDir;
    if (process.env.BOARDPACK_SITE_DIR) {
      siteDir = path.resolve(process.env.BOARDPACK_SITE_DIR);
      section(`Using the built site in ${siteDir}`);
      if (!isDir(siteDir)) throw new Error(`BOARDPACK_SITE_DIR ${siteDir} is not a directory`);
    } else {
      tmpRoot = await fsp.mkdtemp(path.join(os.tmpdir(), 'boardpack-browser-'));
      siteDir = buildSite(tmpRoot);
    }
    siteDir = fs.realpathSync(siteDir);

    // The user guide (docs/) is a second site: every page gets the same
    // checks, but search, the agenda pack and screenshots are the example's.
    let guideDir = null;
    if (!process.env.BOARDPACK_SITE_DIR) {
      guideDir = fs.realpathSync(buildSite(tmpRoot, 'guide', 'docs'));
    }

    const { chromium } = require('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      timeout: 60_000,
    });
    await checkSite(browser, siteDir, true);
    if (guideDir) await checkSite(browser, guideDir, false);
  } catch (err) {
    fail('the browser test stopped early', errorText(err));
  } finally {
    await cleanup();
    section('Summary');
    console.log(`pages checked:      ${stats.pages}`);
    console.log(`axe violations:     ${stats.axeViolations}`);
    console.log(`vnu errors:         ${stats.vnuErrors}`);
    console.log(`links checked:      ${stats.linksChecked}`);
    console.log(`broken links:       ${stats.brokenLinks}`);
    console.log(`fragments checked:  ${stats.fragmentsChecked}`);
    console.log(`broken fragments:   ${stats.brokenFragments}`);
    console.log(`screenshots saved:  ${stats.screenshots}`);
    console.log(`emails checked:     ${stats.emails}`);
    console.log(`time:               ${((Date.now() - started) / 1000).toFixed(1)} s`);
    console.log(`${results.passed} passed, ${results.failed} failed`);
  }
  process.exitCode = results.failed > 0 ? 1 : 0;
}

await main();
