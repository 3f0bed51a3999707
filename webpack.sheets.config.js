/**
 * Webpack build of the Google Sheets editor add-on (the Excel add-in has webpack.config.js).
 *
 *   npm run build:sheets   production build into dist/sheets/, ready for `clasp push` (.clasp.json rootDir)
 *   npm run push:sheets    build, then `clasp push` (needs a .clasp.json: see .clasp.json.example)
 *
 * dist/sheets/ holds exactly what Apps Script runs:
 * - appsscript.json       manifest (V8, minimal scopes), copied from sheets-addon/appsscript.json;
 * - Code.js               the server bundle as `var SGA = {...}` (webpack library type "var": no export,
 *                         import or require reaches it) followed by one top-level function per entry point
 *                         of sheets-addon/entry-points.json (onOpen, onInstall, menu callbacks, and the
 *                         functions the sidebar calls with google.script.run), each delegating to SGA;
 * - custom-functions.js   the =KPI_X custom functions, generated from the registry
 *                         (scripts/gen-sheets-functions.ts), copied as they are;
 * - Sidebar.html          the sidebar (the shared panel with the Sheets backend) as ONE self-contained
 *                         page: the script is inlined, the styles come with the script, no external URL.
 *
 * No plugins beyond webpack itself: the wrappers, the copies and the inlining are the small plugins below.
 */
const fs = require('fs');
const path = require('path');
const webpack = require('webpack');

const ROOT = __dirname;
const OUT = path.resolve(ROOT, 'dist', 'sheets');
const ADDON = path.resolve(ROOT, 'sheets-addon');
const ENTRY_POINTS_FILE = path.join(ADDON, 'entry-points.json');
const { RawSource } = webpack.sources;
/** Asset info that keeps the minimizer (which also processes assets added late) off: JSDoc must stay. */
const KEEP = { minimized: true };

/** The top-level wrapper functions that Apps Script (triggers, menus, google.script.run) calls by name. */
function entryPointWrappers() {
  const { functions } = JSON.parse(fs.readFileSync(ENTRY_POINTS_FILE, 'utf8'));
  return functions
    .map(({ name, params }) => {
      const list = params.join(', ');
      return `function ${name}(${list}) {\n  return SGA.${name}(${list});\n}`;
    })
    .join('\n\n');
}

const tsRule = (target) => ({
  test: /\.ts$/,
  exclude: /node_modules/,
  use: {
    loader: 'ts-loader',
    options: {
      // Type checking is `npm run typecheck` (strict tsconfig); the bundle only transpiles.
      transpileOnly: true,
      configFile: path.resolve(ROOT, 'tsconfig.json'),
      compilerOptions: { noEmit: false, module: 'ESNext', target, sourceMap: false },
    },
  },
});

/** Code.js = banner + bundle + wrappers; plus appsscript.json and custom-functions.js as they are. */
class AppsScriptServerPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('AppsScriptServerPlugin', (compilation) => {
      compilation.fileDependencies.add(ENTRY_POINTS_FILE);
      compilation.hooks.processAssets.tap(
        { name: 'AppsScriptServerPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const bundle = compilation.getAsset('Code.js').source.source().toString();
          const banner =
            '// Sales goals add-on for Google Sheets: server code (built by webpack.sheets.config.js).\n';
          compilation.updateAsset(
            'Code.js',
            new RawSource(`${banner}${bundle.trim()}\n\n${entryPointWrappers()}\n`),
            KEEP,
          );
          for (const file of ['appsscript.json', 'custom-functions.js']) {
            const from = path.join(ADDON, file);
            compilation.fileDependencies.add(from);
            compilation.emitAsset(file, new RawSource(fs.readFileSync(from, 'utf8')), KEEP);
          }
        },
      );
    });
  }
}

/** Sidebar.html = sheets-addon/client/sidebar.html with the client bundle inlined (and nothing else). */
class InlineSidebarPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('InlineSidebarPlugin', (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: 'InlineSidebarPlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_SUMMARIZE },
        () => {
          const templateFile = path.join(ADDON, 'client', 'sidebar.html');
          compilation.fileDependencies.add(templateFile);
          const template = fs.readFileSync(templateFile, 'utf8');
          // "</script" inside the code would end the inline script early; "<!--" could start a comment.
          const js = compilation
            .getAsset('sidebar.js')
            .source.source()
            .toString()
            .replace(/<\/script/gi, '<\\/script')
            .replace(/<!--/g, '<\\!--');
          const marker = '<!-- inline: sidebar.js -->';
          if (!template.includes(marker)) throw new Error(`${templateFile} has no "${marker}"`);
          const html = template.replace(marker, () => `<script>\n${js.trim()}\n</script>`);
          compilation.emitAsset('Sidebar.html', new RawSource(html), KEEP);
          compilation.deleteAsset('sidebar.js');
        },
      );
    });
  }
}

module.exports = (env = {}, options = {}) => {
  const dev = options.mode === 'development';
  // `--env out=<dir>` builds elsewhere (the tests build into a private temporary folder).
  const outDir = env.out ? path.resolve(env.out) : OUT;
  const common = {
    mode: dev ? 'development' : 'production',
    devtool: false,
    resolve: { extensions: ['.ts', '.js'] },
    performance: { hints: false },
    output: { path: outDir },
  };
  const server = {
    ...common,
    name: 'sheets-server',
    // Apps Script V8 is neither a browser nor Node: no chunk loading, no `self`/`window`.
    target: ['es2019'],
    entry: { Code: './sheets-addon/server/index.ts' },
    output: {
      ...common.output,
      filename: '[name].js',
      library: { name: 'SGA', type: 'var' },
      globalObject: 'this',
      chunkFormat: 'array-push',
      chunkLoading: false,
      wasmLoading: false,
      clean: { keep: /^Sidebar\.html$/ },
    },
    module: { rules: [tsRule('ES2019')] },
    optimization: { splitChunks: false, runtimeChunk: false },
    plugins: [new AppsScriptServerPlugin()],
  };
  const client = {
    ...common,
    name: 'sheets-client',
    target: ['web', 'es2017'],
    entry: { sidebar: './sheets-addon/client/index.ts' },
    output: { ...common.output, filename: '[name].js', chunkLoading: false },
    module: { rules: [tsRule('ES2017')] },
    optimization: { splitChunks: false, runtimeChunk: false },
    plugins: [new InlineSidebarPlugin()],
  };
  // The server build cleans dist/sheets/; the sidebar build must not run before it (dependencies).
  client.dependencies = ['sheets-server'];
  return [server, client];
};
