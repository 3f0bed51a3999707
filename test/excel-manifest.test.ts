/**
 * manifest.xml, offline: well-formed, every resid defined, every dev URL served by the build, Excel's
 * naming rules for the namespace and function ids, zh-CN overrides, icons that are real PNGs of their
 * declared sizes (32 and 64 px for the add-in's icon), the support page, the shared-runtime settings custom
 * functions need, and a functions.json within the declared CustomFunctionsRuntime. (`npm run validate` checks the
 * schema with Microsoft's service; it needs the network.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { KPI_FUNCTIONS } from '../core/kpi';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = inject('excelDist');
const DEV = 'https://localhost:3000/';
const BT = 'http://schemas.microsoft.com/office/officeappbasictypes/1.0';

const text = readFileSync(join(ROOT, 'manifest.xml'), 'utf8');

function parse(xml: string) {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      problems.push(`${level}: ${message}`);
      throw new Error(`manifest.xml is not well-formed XML: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  expect(problems).toEqual([]);
  return doc;
}

const doc = parse(text);
const root = doc.documentElement as Element;

/** All elements with that local name, anywhere. */
function all(localName: string, from: Element = root): Element[] {
  return Array.from(from.getElementsByTagNameNS('*', localName));
}
function one(localName: string, from: Element = root): Element {
  const found = all(localName, from);
  expect(found, `<${localName}>`).toHaveLength(1);
  return found[0];
}
function children(e: Element): Element[] {
  return Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1);
}

const resources = one('Resources');
/** id → element of every resource (bt:Image, bt:Url, bt:String). */
const byId = new Map<string, Element>();
for (const e of all('*', resources)) {
  const id = e.getAttribute('id');
  if (id) {
    expect(byId.has(id), `duplicate resource id ${id}`).toBe(false);
    byId.set(id, e);
  }
}
const resource = (id: string | null): Element => {
  const e = id ? byId.get(id) : undefined;
  if (!e) throw new Error(`resource ${id} is not defined`);
  return e;
};

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(buf: Buffer): { width: number; height: number } | null {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(sig)) return null;
  if (buf.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('manifest.xml', () => {
  it('is an add-in-only task pane manifest with the basics', () => {
    expect(root.localName).toBe('OfficeApp');
    expect(root.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type')).toBe('TaskPaneApp');
    // The schema wants this order of the top-level elements.
    const order = [
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'AppDomains',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ];
    const names = children(root).map((e) => e.localName);
    expect(names).toEqual(order.filter((n) => names.includes(n)));
    expect(one('Id').textContent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(one('Version').textContent).toBe('1.0.0.0');
    expect(one('ProviderName').textContent?.trim()).not.toBe('');
    expect(one('DefaultLocale').textContent).toBe('en-US');
    const hosts = children(root).find((e) => e.localName === 'Hosts') as Element;
    expect(children(hosts).map((h) => h.getAttribute('Name'))).toEqual(['Workbook']);
    expect(one('Permissions').textContent).toBe('ReadWriteDocument');
    expect(one('SourceLocation', one('DefaultSettings')).getAttribute('DefaultValue')).toBe(
      `${DEV}taskpane.html`,
    );
  });

  it('has a display name and description in English and Chinese, within the length limits', () => {
    for (const [tag, max] of [
      ['DisplayName', 125],
      ['Description', 250],
    ] as const) {
      const e = children(root).find((c) => c.localName === tag) as Element;
      const en = e.getAttribute('DefaultValue') ?? '';
      const zh = all('Override', e).find((o) => o.getAttribute('Locale') === 'zh-CN');
      expect(en.length, tag).toBeGreaterThan(0);
      expect(en.length, tag).toBeLessThanOrEqual(max);
      expect(zh?.getAttribute('Value') ?? '', `${tag} zh-CN`).toMatch(/[\u4e00-\u9fff]/);
      expect((zh?.getAttribute('Value') ?? '').length).toBeLessThanOrEqual(max);
    }
  });

  it('requires the shared runtime and custom functions runtime', () => {
    const sets = new Map(all('Set', one('Requirements')).map((s) => [s.getAttribute('Name'), s]));
    expect(sets.get('SharedRuntime')?.getAttribute('MinVersion')).toBe('1.1');
    expect(sets.has('CustomFunctionsRuntime')).toBe(true);
    expect(one('Sets', one('Requirements')).getAttribute('DefaultMinVersion')).toBe('1.1');
  });

  it('runs the functions, the ribbon commands and the task pane in one long-lived runtime', () => {
    const runtime = one('Runtime');
    expect(runtime.getAttribute('lifetime')).toBe('long');
    const rid = runtime.getAttribute('resid');
    expect(resource(rid).getAttribute('DefaultValue')).toBe(`${DEV}taskpane.html`);
    const cf = all('ExtensionPoint').find((e) => e.getAttribute('xsi:type') === 'CustomFunctions') as Element;
    expect(cf).toBeDefined();
    expect(one('SourceLocation', one('Page', cf)).getAttribute('resid')).toBe(rid);
    expect(
      resource(one('SourceLocation', one('Script', cf)).getAttribute('resid')).getAttribute('DefaultValue'),
    ).toBe(`${DEV}functions.js`);
    expect(
      resource(one('SourceLocation', one('Metadata', cf)).getAttribute('resid')).getAttribute('DefaultValue'),
    ).toBe(`${DEV}functions.json`);
    expect(one('FunctionFile').getAttribute('resid')).toBe(rid);
    const action = one('Action');
    expect(action.getAttribute('xsi:type')).toBe('ShowTaskpane');
    expect(one('TaskpaneId', action).textContent).toBe('ButtonId1');
    expect(one('SourceLocation', action).getAttribute('resid')).toBe(rid);
    expect(one('OfficeTab').getAttribute('id')).toBe('TabHome');
  });

  it('defines every resid it uses, each at most 32 characters', () => {
    const used = all('*')
      .map((e) => e.getAttribute('resid'))
      .filter((r): r is string => !!r);
    expect(used.length).toBeGreaterThan(10);
    for (const id of used) {
      expect(byId.has(id), `resid ${id}`).toBe(true);
      expect(id.length, id).toBeLessThanOrEqual(32);
    }
  });

  it('has English and zh-CN text for every string resource, within the length limits', () => {
    for (const [group, max] of [
      ['ShortStrings', 125],
      ['LongStrings', 250],
    ] as const) {
      const strings = Array.from(one(group, resources).getElementsByTagNameNS(BT, 'String'));
      expect(strings.length, group).toBeGreaterThan(0);
      for (const s of strings) {
        const id = s.getAttribute('id');
        const en = s.getAttribute('DefaultValue') ?? '';
        expect(en.length, `${id}`).toBeGreaterThan(0);
        expect(en.length, `${id}`).toBeLessThanOrEqual(max);
        const zh = Array.from(s.getElementsByTagNameNS(BT, 'Override')).find(
          (o) => o.getAttribute('Locale') === 'zh-CN',
        );
        expect(zh?.getAttribute('Value'), `${id} zh-CN`).toBeTruthy();
        expect((zh?.getAttribute('Value') ?? '').length, `${id} zh-CN`).toBeLessThanOrEqual(max);
      }
    }
  });

  it('names the function namespace KPI, and namespace and function ids follow Excel rules', () => {
    const ns = resource(one('Namespace').getAttribute('resid'));
    expect(ns.getAttribute('DefaultValue')).toBe('KPI');
    for (const o of all('Override', ns)) expect(o.getAttribute('Value')).toBe('KPI');
    // Namespace: letters, digits and periods, starting with a letter; ids: letters, digits, _ and .
    expect('KPI').toMatch(/^[A-Za-z][A-Za-z0-9.]{0,31}$/);
    const meta = JSON.parse(readFileSync(join(DIST, 'functions.json'), 'utf8')) as {
      functions: { id: string; name: string }[];
    };
    expect(meta.functions.map((f) => f.id)).toEqual(KPI_FUNCTIONS.map((f) => f.name));
    for (const f of meta.functions) {
      expect(f.id).toMatch(/^[A-Z][A-Z0-9._]{0,127}$/);
      expect(f.name).toMatch(/^[A-Za-z][A-Za-z0-9._]{0,127}$/);
    }
  });

  it('points every dev-server URL at a file the build emitted', () => {
    // URLs in attributes and element text (not in comments).
    const found: string[] = [];
    for (const e of all('*')) {
      for (const a of Array.from(e.attributes)) if (!a.name.startsWith('xmlns')) found.push(a.value);
      for (const n of Array.from(e.childNodes)) if (n.nodeType === 3) found.push(n.nodeValue ?? '');
    }
    const values = found.map((v) => v.trim()).filter((v) => /^https?:\/\//.test(v));
    const urls = [...new Set(values.filter((v) => v.startsWith(DEV)))];
    expect(urls.length).toBeGreaterThan(5);
    for (const u of urls) {
      const file = u.slice(DEV.length).split(/[?#]/)[0];
      expect(file, u).not.toBe('');
      expect(existsSync(join(DIST, file)), `${u} → dist/${file}`).toBe(true);
    }
    for (const f of [
      'taskpane.html',
      'functions.js',
      'functions.json',
      'functions-zh-cn.json',
      'commands.html',
      'commands.js',
      'taskpane.js',
      'manifest.xml',
    ]) {
      expect(existsSync(join(DIST, f)), f).toBe(true);
    }
    // Nothing is served from elsewhere: every URL is the dev server (rewritten for production).
    const others = values.filter((v) => !v.startsWith(DEV));
    expect(others).toEqual([]);
  });

  it('serves taskpane.html as the shared runtime page: Office.js first, then the functions code', () => {
    const html = readFileSync(join(DIST, 'taskpane.html'), 'utf8');
    const office = html.indexOf('appsforoffice.microsoft.com/lib/1/hosted/office.js');
    const functions = html.search(/src="?functions\.js/);
    const taskpane = html.search(/src="?taskpane\.js/);
    expect(office).toBeGreaterThanOrEqual(0);
    expect(functions).toBeGreaterThan(office);
    expect(taskpane).toBeGreaterThan(office);
    expect(readFileSync(join(DIST, 'commands.html'), 'utf8')).toMatch(/office\.js[\s\S]*src="?commands\.js/);
  });

  it('uses real PNG icons of the declared sizes', () => {
    const seen = new Set<number>();
    const check = (url: string | null, size: number, what: string) => {
      expect(url, what).toMatch(new RegExp(`^${DEV}assets/icon-${size}\\.png$`));
      const file = (url as string).slice(DEV.length);
      for (const dir of [ROOT, DIST]) {
        const dims = pngSize(readFileSync(join(dir, file)));
        expect(dims, `${what}: ${file} is a PNG`).not.toBeNull();
        expect(dims, `${what}: ${file}`).toEqual({ width: size, height: size });
      }
      seen.add(size);
    };
    for (const img of Array.from(one('Images', resources).getElementsByTagNameNS(BT, 'Image'))) {
      const m = /^Icon\.(\d+)x(\d+)$/.exec(img.getAttribute('id') ?? '');
      expect(m, img.getAttribute('id') ?? '').not.toBeNull();
      expect(m?.[1]).toBe(m?.[2]);
      check(img.getAttribute('DefaultValue'), Number(m?.[1]), img.getAttribute('id') ?? '');
    }
    // Where an icon is used, its size attribute matches the image.
    for (const icon of all('Icon')) {
      const sizes = Array.from(icon.getElementsByTagNameNS(BT, 'Image')).map((img) => {
        const size = Number(img.getAttribute('size'));
        check(resource(img.getAttribute('resid')).getAttribute('DefaultValue'), size, `Icon size ${size}`);
        return size;
      });
      expect(sizes).toEqual([16, 32, 80]);
    }
    // A task pane add-in's icon is 32 x 32 pixels, 64 x 64 for high-DPI screens (Microsoft's IconUrl and
    // HighResolutionIconUrl reference).
    check(one('IconUrl').getAttribute('DefaultValue'), 32, 'IconUrl');
    check(one('HighResolutionIconUrl').getAttribute('DefaultValue'), 64, 'HighResolutionIconUrl');
    expect([...seen].sort((a, b) => a - b)).toEqual([16, 32, 64, 80, 128]);
  });

  it('points SupportUrl and Learn more at the support page: the README sections Excel add-in and Troubleshooting', () => {
    const support = one('SupportUrl').getAttribute('DefaultValue');
    expect(support).toBe(`${DEV}support.html`);
    expect(resource('GetStarted.LearnMoreUrl').getAttribute('DefaultValue')).toBe(support);
    const html = readFileSync(join(DIST, 'support.html'), 'utf8');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const title of ['Excel add-in', 'Troubleshooting']) {
      expect(readme).toContain(`\n## ${title}\n`);
      expect(html).toMatch(new RegExp(`<h2 id="?${title.toLowerCase().replace(/ /g, '-')}"?>${title}<`));
    }
    // Subsections and commands of the README come through as text, not as Markdown.
    expect(html).toContain('#NAME?');
    expect(html).toContain('<code>npm run start:excel</code>');
    expect(html).toContain('~/.office-addin-dev-certs/');
    expect(html).not.toMatch(/\]\(|\*\*|^## /m);
  });

  it('requires exactly the requirement sets it needs: SharedRuntime 1.1 and CustomFunctionsRuntime 1.3', () => {
    const sets = all('Set', one('Requirements')).map((s) => [
      s.getAttribute('Name'),
      s.getAttribute('MinVersion'),
    ]);
    expect(sets).toEqual([
      ['SharedRuntime', '1.1'],
      ['CustomFunctionsRuntime', '1.3'],
    ]);
  });

  it('serves functions.json and functions-zh-cn.json with only what CustomFunctionsRuntime 1.3 knows', () => {
    // Microsoft's custom functions JSON reference; allowCustomDataForDataTypeAny belongs to data types
    // (CustomFunctionsRuntime 1.4), enums / customEnumId to custom enums, cellValueType to data types.
    const allowed = {
      file: ['functions'],
      fn: ['id', 'name', 'description', 'helpUrl', 'parameters', 'result', 'options'],
      param: ['name', 'description', 'type', 'dimensionality', 'optional', 'repeating'],
      result: ['type', 'dimensionality'],
      options: ['cancelable', 'requiresAddress', 'stream', 'volatile'],
    };
    type Meta = {
      functions: { parameters?: object[]; result?: object; options?: object }[];
    } & Record<string, unknown>;
    const keys = (o: object | undefined) => Object.keys(o ?? {});
    for (const file of ['functions.json', 'functions-zh-cn.json']) {
      const meta = JSON.parse(readFileSync(join(DIST, file), 'utf8')) as Meta;
      expect(keys(meta), file).toEqual(allowed.file);
      expect(meta.functions).toHaveLength(KPI_FUNCTIONS.length);
      for (const f of meta.functions) {
        for (const k of keys(f)) expect(allowed.fn, `${file} ${k}`).toContain(k);
        for (const k of keys(f.result)) expect(allowed.result, `${file} result.${k}`).toContain(k);
        for (const k of keys(f.options)) expect(allowed.options, `${file} options.${k}`).toContain(k);
        for (const p of f.parameters ?? [])
          for (const k of keys(p)) expect(allowed.param, `${file} parameter ${k}`).toContain(k);
      }
    }
  });
});

describe('webpack.config.js', () => {
  const require = createRequire(import.meta.url);
  type Config = {
    devtool: unknown;
    devServer?: unknown;
    entry: Record<string, string>;
    plugins: { constructor: { name: string }; patterns?: { to?: unknown; transform?: unknown }[] }[];
  };
  const load = async (mode: string, env: Record<string, unknown>, addinUrl?: string): Promise<Config> => {
    const saved = process.env.ADDIN_URL;
    if (addinUrl === undefined) delete process.env.ADDIN_URL;
    else process.env.ADDIN_URL = addinUrl;
    try {
      const make = require(join(ROOT, 'webpack.config.js')) as (e: unknown, o: unknown) => Promise<Config>;
      return await make(env, { mode });
    } finally {
      if (saved === undefined) delete process.env.ADDIN_URL;
      else process.env.ADDIN_URL = saved;
    }
  };
  const manifestTransform = (cfg: Config) => {
    const copy = cfg.plugins.find((p) => p.constructor.name === 'CopyPlugin');
    const pattern = copy?.patterns?.find((p) => p.to === 'manifest.xml');
    return pattern?.transform as (content: Buffer) => string | Buffer;
  };

  let prod: Config;
  beforeAll(async () => {
    prod = await load('production', { WEBPACK_BUILD: true });
  });

  it('builds the three entries without source maps or certificates', () => {
    expect(Object.keys(prod.entry).sort()).toEqual(['commands', 'functions', 'taskpane']);
    expect(prod.entry.taskpane).toBe('./excel-addin/taskpane/taskpane.ts');
    expect(prod.devtool).toBe(false);
    expect(prod.devServer).toBeUndefined();
  });

  it('rewrites the dev-server URLs of the copied manifest with ADDIN_URL in production only', async () => {
    expect(String(manifestTransform(prod)(Buffer.from(text)))).toBe(text);
    const deployed = await load('production', { WEBPACK_BUILD: true }, 'https://addin.example.com/kpi');
    const out = String(manifestTransform(deployed)(Buffer.from(text)));
    expect(out).not.toContain(DEV);
    expect(out).toContain('https://addin.example.com/kpi/functions.json');
    expect(out.match(/https:\/\/addin\.example\.com\/kpi\//g)?.length).toBe(text.split(DEV).length - 1);
    parse(out);
    const dev = await load('development', { WEBPACK_BUILD: true }, 'https://addin.example.com/');
    expect(String(manifestTransform(dev)(Buffer.from(text)))).toBe(text);
    await expect(load('production', { WEBPACK_BUILD: true }, 'http://insecure.example.com/')).rejects.toThrow(
      /https/,
    );
  });
});
