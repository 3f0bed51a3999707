/**
 * The browser tests' Chromium: which one is chosen, and the packaged one (the devDependency
 * @sparticuz/chromium) launching headless as it does on a machine with only Node and npm.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { chooseChromium, launchChromium, packagedChromium } from './chromium';

const ROOT = path.join(__dirname, '..');
const has =
  (...present: string[]) =>
  (file: string) =>
    present.includes(file);

describe('which Chromium the browser tests use', () => {
  it('CHROMIUM_PATH wins, and is an error when nothing is there', () => {
    const env = { CHROMIUM_PATH: '/opt/chrome/chrome', PACKAGED_CHROMIUM: '1' };
    expect(chooseChromium(env, has('/opt/chrome/chrome', '/usr/bin/chromium'))).toEqual({
      kind: 'system',
      path: '/opt/chrome/chrome',
    });
    expect(() => chooseChromium(env, has('/usr/bin/chromium'))).toThrow(
      'CHROMIUM_PATH=/opt/chrome/chrome: no executable there',
    );
  });

  it("the machine's Chromium or Chrome at a usual path, else the packaged one", () => {
    expect(chooseChromium({}, has('/usr/bin/chromium', '/usr/bin/google-chrome'))).toEqual({
      kind: 'system',
      path: '/usr/bin/chromium',
    });
    expect(chooseChromium({}, has('/usr/bin/google-chrome-stable'))).toEqual({
      kind: 'system',
      path: '/usr/bin/google-chrome-stable',
    });
    expect(chooseChromium({}, has())).toEqual({ kind: 'packaged' });
  });

  it('PACKAGED_CHROMIUM=1 ignores the browsers the machine has', () => {
    expect(chooseChromium({ PACKAGED_CHROMIUM: '1' }, has('/usr/bin/chromium'))).toEqual({
      kind: 'packaged',
    });
  });

  it('CI installs no browser and runs the tests on the packaged one, as a bare machine would', () => {
    const ci = fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^export PACKAGED_CHROMIUM=1$/m);
    expect(ci).not.toMatch(/apt-get|chromium$/m);
  });
});

describe('the packaged Chromium', () => {
  it('is a devDependency, and no add-in bundle holds it or playwright', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['@sparticuz/chromium']).toBeDefined();
    expect(pkg.dependencies['@sparticuz/chromium']).toBeUndefined();
    const bundles = [inject('excelDist'), inject('sheetsDist')].flatMap((dir) =>
      fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => /\.(js|html)$/.test(f))
        .map((f) => path.join(dir, f)),
    );
    expect(bundles.length).toBeGreaterThan(3);
    for (const file of bundles) {
      expect(fs.readFileSync(file, 'utf8'), file).not.toMatch(/sparticuz|playwright|chromium\.br/);
    }
  });

  it('launches headless with the tests’ flags, runs a page’s script and draws its text', async () => {
    const { version, executablePath, env } = await packagedChromium();
    const fonts = path.join(path.dirname(executablePath), 'fonts');
    expect(fs.readFileSync(env.FONTCONFIG_FILE, 'utf8')).toContain(`<dir>${fonts}</dir>`);
    expect(fs.readdirSync(path.join(fonts, 'Open_Sans'))).toContain('OpenSans-Regular.ttf');
    const browser = await launchChromium({ packaged: true });
    try {
      expect(browser.version().split('.')[0]).toBe(version.split('.')[0]);
      const page = await browser.newPage();
      await page.setContent(
        '<button onclick="this.textContent = String(6 * 7)">Generate</button><span id="t">Goal breakdown</span>',
      );
      await page.click('button');
      expect(await page.textContent('button')).toBe('42');
      const width = await page.$eval('#t', (e) => e.getBoundingClientRect().width);
      expect(width).toBeGreaterThan(50); // glyphs from the packaged font, not an empty box
      expect(await page.evaluate(() => navigator.userAgent)).toContain(
        `HeadlessChrome/${version.split('.')[0]}`,
      );
    } finally {
      await browser.close();
    }
  });
});
